// Command echo serves GoAuth in an Echo application, with an API group and page routes
// that need a session and an admin-only route.
//
//	go run ./echo            # from examples/; serves http://localhost:3000
//
// Environment: PORT (default 3000), BASE_URL (default http://localhost:$PORT),
// BETTER_AUTH_SECRET.
package main

import (
	"html"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authecho"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func main() {
	port := getenv("PORT", "3000")
	e, err := newServer(authcore.Options{
		BaseURL: getenv("BASE_URL", "http://localhost:"+port),
		Secret:  os.Getenv("BETTER_AUTH_SECRET"),
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: ":" + port, Handler: e, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

func getenv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// newServer builds the Echo application; README.md quotes it.
func newServer(opts authcore.Options) (*echo.Echo, error) {
	opts.EmailAndPassword.Enabled = true
	// Users get a "role" ("admin,user"), as Better Auth's admin plugin gives them.
	opts.User.AdditionalFields = []schema.Field{{Name: "role", Type: schema.String}}
	a, err := authcore.New(opts)
	if err != nil {
		return nil, err
	}

	e := echo.New()
	// The client IP GoAuth records and rate-limits by comes from Echo's extractor: here
	// the socket peer, as the server is reached directly (no proxy).
	e.IPExtractor = echo.ExtractIPDirect()
	// Pre middleware that rewrites paths must leave GoAuth's routes alone.
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{
		Skipper: authecho.Skipper(a),
	}))

	authecho.Mount(e, a)          // /api/auth and /api/auth/*, every method
	e.Use(authecho.Middleware(a)) // loads the session once per request

	// API routes: 401 {"message":"Unauthorized","code":"UNAUTHORIZED"} without a session.
	api := e.Group("/api", authecho.RequireSession(a))
	api.GET("/me", func(c echo.Context) error {
		u := authecho.User(c)
		return c.JSON(http.StatusOK, map[string]string{"id": u.ID, "name": u.Name, "email": u.Email})
	})
	// 403 {"message":"Forbidden","code":"FORBIDDEN"} unless the user is an admin.
	api.GET("/admin/stats", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]int{"users": 1})
	}, authecho.RequireRole(a, "admin"))

	// Pages: a browser without a session is sent to /sign-in?callbackURL=...
	pages := e.Group("/account", authecho.Require(a, authecho.GuardConfig{RedirectTo: "/sign-in"}))
	pages.GET("/profile", func(c echo.Context) error {
		return c.HTML(http.StatusOK, "<h1>"+html.EscapeString(authecho.User(c).Name)+"</h1>")
	})

	// Public: the session, when there is one, is still available.
	e.GET("/", func(c echo.Context) error {
		if u := authecho.User(c); u != nil {
			return c.String(http.StatusOK, "Hello, "+u.Name)
		}
		return c.String(http.StatusOK, "Hello, guest")
	})
	e.GET("/sign-in", func(c echo.Context) error {
		return c.HTML(http.StatusOK, "<p>Sign in with POST /api/auth/sign-in/email, then come back.</p>")
	})
	return e, nil
}
