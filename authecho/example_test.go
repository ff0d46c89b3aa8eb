package authecho_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authecho"
	"github.com/labstack/echo/v4"
)

// ExampleMount serves GoAuth under /api/auth of an Echo application, beside an API route
// that needs a session.
func ExampleMount() {
	a, err := authcore.New(authcore.Options{
		BaseURL:          "http://localhost:3000",
		Secret:           "replace-me-with-32-or-more-random-characters",
		EmailAndPassword: config.EmailAndPassword{Enabled: true},
	})
	if err != nil {
		log.Fatal(err)
	}

	e := echo.New()
	authecho.Mount(e, a) // /api/auth and /api/auth/*, every method
	e.Use(authecho.Middleware(a))
	e.GET("/api/me", func(c echo.Context) error {
		u := authecho.User(c)
		return c.JSON(http.StatusOK, map[string]string{"name": u.Name, "email": u.Email})
	}, authecho.RequireSession(a))

	for _, path := range []string{"/api/auth/ok", "/api/me"} {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, rec.Code, rec.Body.String())
	}
	// Output:
	// /api/auth/ok 200 {"ok":true}
	// /api/me 401 {"message":"Unauthorized","code":"UNAUTHORIZED"}
}

// ExampleMountGroup mounts GoAuth on a group, so the group's middleware runs for the auth
// routes too. Echo does not expose a group's prefix, so it is passed again.
func ExampleMountGroup() {
	a, err := authcore.New(authcore.Options{
		BaseURL: "http://localhost:3000",
		Secret:  "replace-me-with-32-or-more-random-characters",
	})
	if err != nil {
		log.Fatal(err)
	}

	e := echo.New()
	api := e.Group("/api", func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "no-store")
			return next(c)
		}
	})
	if _, err := authecho.MountGroup(api, "/api", a); err != nil {
		log.Fatal(err)
	}

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/auth/ok", nil))
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"), rec.Body.String())
	// Output:
	// 200 no-store {"ok":true}
}

// ExampleRequire protects pages: a browser that loads a page without a session is sent to
// the sign-in page, which gets the page back as callbackURL; fetch calls get 401 JSON.
func ExampleRequire() {
	a, err := authcore.New(authcore.Options{
		BaseURL: "http://localhost:3000",
		Secret:  "replace-me-with-32-or-more-random-characters",
	})
	if err != nil {
		log.Fatal(err)
	}

	e := echo.New()
	pages := e.Group("/account", authecho.Require(a, authecho.GuardConfig{RedirectTo: "/sign-in"}))
	pages.GET("/profile", func(c echo.Context) error {
		return c.HTML(http.StatusOK, "<h1>"+authecho.User(c).Name+"</h1>")
	})

	page := httptest.NewRequest(http.MethodGet, "/account/profile", nil)
	page.Header.Set("Sec-Fetch-Mode", "navigate") // what a browser sends when it loads a page
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, page)
	fmt.Println(rec.Code, rec.Header().Get("Location"))

	call := httptest.NewRequest(http.MethodGet, "/account/profile", nil)
	call.Header.Set("Sec-Fetch-Mode", "cors") // fetch()
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, call)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 303 /sign-in?callbackURL=%2Faccount%2Fprofile
	// 401 {"message":"Unauthorized","code":"UNAUTHORIZED"}
}

// ExampleRequireRole lets only admins through. Roles are the user's "role" field, which
// Better Auth's admin plugin adds; here it is declared as an additional field.
func ExampleRequireRole() {
	a, err := authcore.New(authcore.Options{
		BaseURL:          "http://localhost:3000",
		Secret:           "replace-me-with-32-or-more-random-characters",
		EmailAndPassword: config.EmailAndPassword{Enabled: true},
		User:             config.User{AdditionalFields: roleField},
	})
	if err != nil {
		log.Fatal(err)
	}

	e := echo.New()
	authecho.Mount(e, a)
	e.GET("/admin/stats", func(c echo.Context) error {
		return c.String(http.StatusOK, "stats for "+authecho.User(c).Name)
	}, authecho.RequireRole(a, "admin"))

	for _, u := range []struct{ name, role string }{{"Ada", "admin"}, {"Bob", "user"}} {
		signUp := httptest.NewRequest(http.MethodPost, "/api/auth/sign-up/email", strings.NewReader(
			`{"name":"`+u.name+`","email":"`+strings.ToLower(u.name)+`@example.com","password":"correct horse battery staple","role":"`+u.role+`"}`))
		signUp.Header.Set("Content-Type", "application/json")
		signUp.Header.Set("Origin", "http://localhost:3000")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, signUp)

		stats := httptest.NewRequest(http.MethodGet, "/admin/stats", nil)
		for _, c := range rec.Result().Cookies() {
			stats.AddCookie(c)
		}
		rec = httptest.NewRecorder()
		e.ServeHTTP(rec, stats)
		fmt.Println(u.name, rec.Code, rec.Body.String())
	}
	// Output:
	// Ada 200 stats for Ada
	// Bob 403 {"message":"Forbidden","code":"FORBIDDEN"}
}

// ExampleReturnError hands denied requests to Echo's HTTPErrorHandler, here one that
// renders every error the application's way.
func ExampleReturnError() {
	a, err := authcore.New(authcore.Options{
		BaseURL: "http://localhost:3000",
		Secret:  "replace-me-with-32-or-more-random-characters",
	})
	if err != nil {
		log.Fatal(err)
	}

	e := echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		code := http.StatusInternalServerError
		if he, ok := err.(*echo.HTTPError); ok {
			code = he.Code
		}
		_ = c.JSON(code, map[string]any{"error": http.StatusText(code)})
	}
	e.GET("/api/me", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) },
		authecho.Require(a, authecho.GuardConfig{OnDenied: authecho.ReturnError}))

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/me", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 401 {"error":"Unauthorized"}
}
