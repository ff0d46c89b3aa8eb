package main

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/netip"

	"github.com/goauth-dev/goauth/auth"
	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authecho"
	"github.com/goauth-dev/goauth/authsqlx"
	"github.com/labstack/echo/v4"
)

// files are the page templates, the stylesheet and the browser bundle that web/build.sh
// builds from web/src with esbuild.
//
//go:embed templates/*.html static/style.css web/dist/app.js
var files embed.FS

// storage opens where the demo keeps users, accounts and sessions: the SQL database at
// databaseURL (SQLite by default, Postgres or MySQL by URL), with its schema brought up to
// date from the demo's own options.
func storage(ctx context.Context, databaseURL string, opts auth.Options) (*authsqlx.Adapter, error) {
	sch, err := authcore.Schema(opts)
	if err != nil {
		return nil, err
	}
	a, err := authsqlx.Open(ctx, databaseURL, sch)
	if err != nil {
		return nil, err
	}
	if err := a.Migrate(ctx); err != nil {
		_ = a.Close()
		return nil, err
	}
	return a, nil
}

// newServer builds the demo: GoAuth mounted at /api/auth, the pages, the browser bundle and
// one JSON API route, on the database at databaseURL. opts needs BaseURL; the rest is
// filled in here. The database stays open for the life of the process.
func newServer(opts auth.Options, databaseURL string) (*echo.Echo, error) {
	opts.AppName = "GoAuth demo"
	opts.EmailAndPassword.Enabled = true
	// Browsers reach the demo directly, not through a proxy: trust no forwarding header,
	// so sessions record the browser's own address.
	opts.Advanced.IPAddress.TrustedProxies = []netip.Prefix{}
	database, err := storage(context.Background(), databaseURL, opts)
	if err != nil {
		return nil, err
	}
	opts.Database = database
	a, err := auth.New(opts)
	if err != nil {
		return nil, err
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	appJS, err := files.ReadFile("web/dist/app.js")
	if err != nil {
		return nil, err
	}
	css, err := files.ReadFile("static/style.css")
	if err != nil {
		return nil, err
	}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Use(securityHeaders)
	authecho.Mount(e, a)
	e.Use(authecho.Middleware(a))

	e.GET("/", func(c echo.Context) error {
		if authecho.Session(c) != nil {
			return c.Redirect(http.StatusSeeOther, "/profile")
		}
		return c.Redirect(http.StatusSeeOther, "/sign-in")
	})
	e.GET("/sign-up", pages.handler("sign-up", "Sign up"))
	e.GET("/sign-in", pages.handler("sign-in", "Sign in"))
	// A page: browsers without a session are sent to the sign-in page, which comes back
	// here afterwards (callbackURL).
	e.GET("/profile", pages.handler("profile", "Profile"),
		authecho.Require(a, authecho.GuardConfig{RedirectTo: "/sign-in"}))
	// An API route: 401 JSON without a session.
	e.GET("/api/me", func(c echo.Context) error {
		s := authecho.Session(c)
		return c.JSON(http.StatusOK, map[string]any{
			"user":    map[string]string{"id": s.User.ID, "name": s.User.Name, "email": s.User.Email},
			"session": map[string]any{"id": s.Session.ID, "expiresAt": s.Session.ExpiresAt},
		})
	}, authecho.RequireSession(a))
	e.GET("/assets/app.js", asset("text/javascript; charset=utf-8", appJS))
	e.GET("/assets/style.css", asset("text/css; charset=utf-8", css))
	return e, nil
}

// securityHeaders keeps the pages to their own scripts and styles.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

func asset(contentType string, body []byte) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.Blob(http.StatusOK, contentType, body)
	}
}

// pageSet holds one template per page, each with the layout.
type pageSet map[string]*template.Template

func parsePages() (pageSet, error) {
	set := pageSet{}
	for _, name := range []string{"sign-up", "sign-in", "profile"} {
		t, err := template.ParseFS(files, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		set[name] = t
	}
	return set, nil
}

// pageData is what the templates see.
type pageData struct {
	Page  string
	Title string
	User  *model.User // nil when signed out
}

func (p pageSet) handler(name, title string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var buf bytes.Buffer
		if err := p[name].ExecuteTemplate(&buf, "layout", pageData{Page: name, Title: title, User: authecho.User(c)}); err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.HTMLBlob(http.StatusOK, buf.Bytes())
	}
}
