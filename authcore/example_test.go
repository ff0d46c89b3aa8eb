package authcore_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
)

// ExampleNew mounts GoAuth on a ServeMux beside an application route that needs a session.
func ExampleNew() {
	a, err := authcore.New(authcore.Options{
		BaseURL:          "http://localhost:3000",
		Secret:           "replace-me-with-32-or-more-random-characters",
		EmailAndPassword: config.EmailAndPassword{Enabled: true},
	})
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle(a.Context.BasePath+"/", a) // /api/auth/...
	mux.Handle("/dashboard", a.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := authcore.SessionFrom(r.Context())
		fmt.Fprintf(w, "hello %s", s.User.Name)
	})))

	for _, path := range []string{"/api/auth/ok", "/dashboard"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, rec.Code, strings.TrimSpace(rec.Body.String()))
	}

	// Sign up over HTTP, then visit the dashboard with the session cookie.
	signUp := httptest.NewRequest(http.MethodPost, "/api/auth/sign-up/email",
		strings.NewReader(`{"name":"Ada","email":"ada@example.com","password":"correct horse battery staple"}`))
	signUp.Header.Set("Content-Type", "application/json")
	signUp.Header.Set("Origin", "http://localhost:3000")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, signUp)
	fmt.Println("sign-up", rec.Code)

	dashboard := httptest.NewRequest(http.MethodGet, "/dashboard", nil)
	for _, c := range rec.Result().Cookies() {
		dashboard.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, dashboard)
	fmt.Println("/dashboard", rec.Code, rec.Body.String())
	// Output:
	// /api/auth/ok 200 {"ok":true}
	// /dashboard 401 {"message":"Unauthorized","code":"UNAUTHORIZED"}
	// sign-up 200
	// /dashboard 200 hello Ada
}

// ExampleAPI_SignUpEmail calls the routes in-process: sign up, then read the session
// back with the cookie the sign-up set.
func ExampleAPI_SignUpEmail() {
	a, err := authcore.New(authcore.Options{
		BaseURL:          "http://localhost:3000",
		Secret:           "replace-me-with-32-or-more-random-characters",
		EmailAndPassword: config.EmailAndPassword{Enabled: true},
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	out, setCookies, err := a.API.SignUpEmail(ctx, nil, authcore.SignUpEmailInput{
		Name: "Ada Lovelace", Email: "Ada@Example.com", Password: "correct horse battery staple",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed up:", out.User.Email, "token issued:", out.Token != nil)

	// Turn the response's Set-Cookie lines into the next request's Cookie header, as a
	// browser would.
	req := &http.Request{Header: http.Header{}}
	for _, c := range (&http.Response{Header: setCookies}).Cookies() {
		req.AddCookie(c)
	}
	s, _, err := a.API.GetSession(ctx, req.Header)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("session of:", s.User.Name, s.User.Email)
	fmt.Println("same session:", s.Session.Token == *out.Token)

	none, _, err := a.API.GetSession(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("without cookies:", none)
	// Output:
	// signed up: ada@example.com token issued: true
	// session of: Ada Lovelace ada@example.com
	// same session: true
	// without cookies: <nil>
}
