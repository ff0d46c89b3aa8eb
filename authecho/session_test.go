package authecho_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authecho"
	"github.com/labstack/echo/v4"
)

// countingDB counts the adapter's reads and can be made to fail them.
type countingDB struct {
	db.Adapter
	reads atomic.Int64
	fail  atomic.Bool
}

var errStorageDown = errors.New("storage down")

func (d *countingDB) FindOne(ctx context.Context, model string, where []db.Where) (db.Record, error) {
	d.reads.Add(1)
	if d.fail.Load() {
		return nil, errStorageDown
	}
	return d.Adapter.FindOne(ctx, model, where)
}

func (d *countingDB) FindMany(ctx context.Context, model string, q db.Query) ([]db.Record, error) {
	d.reads.Add(1)
	if d.fail.Load() {
		return nil, errStorageDown
	}
	return d.Adapter.FindMany(ctx, model, q)
}

func TestSessionAccessors(t *testing.T) {
	a := newAuth(t, nil)
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	e := echo.New()
	e.Use(authecho.Middleware(a))
	e.GET("/me", func(c echo.Context) error {
		s, u := authecho.Session(c), authecho.User(c)
		if (s == nil) != (u == nil) {
			t.Errorf("Session %v but User %v", s, u)
		}
		if s == nil {
			return c.String(http.StatusOK, "anonymous")
		}
		if authcore.SessionFrom(c.Request().Context()) != s {
			t.Error("the request context does not carry the session Middleware loaded")
		}
		if u.ID != s.Session.UserID {
			t.Errorf("User().ID %q, session's user %q", u.ID, s.Session.UserID)
		}
		return c.String(http.StatusOK, u.Email)
	})
	if rec := do(e, http.MethodGet, "/me", ""); rec.Body.String() != "anonymous" {
		t.Errorf("without a cookie: %q", rec.Body)
	}
	if rec := do(e, http.MethodGet, "/me", "better-auth.session_token=forged.value"); rec.Body.String() != "anonymous" {
		t.Errorf("with a forged cookie: %q", rec.Body)
	}
	if rec := do(e, http.MethodGet, "/me", cookie); rec.Body.String() != "ada@example.com" {
		t.Errorf("with the session cookie: %q", rec.Body)
	}
}

func TestAccessorsWithoutMiddleware(t *testing.T) {
	a := newAuth(t, nil)
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	e := echo.New()
	e.GET("/none", func(c echo.Context) error {
		if authecho.Session(c) != nil || authecho.User(c) != nil {
			t.Error("a session without any middleware")
		}
		return nil
	})
	// authcore's net/http middleware, wrapped for Echo, is found too.
	e.GET("/wrapped", func(c echo.Context) error {
		return c.String(http.StatusOK, authecho.User(c).Name)
	}, echo.WrapMiddleware(a.Middleware))
	do(e, http.MethodGet, "/none", cookie)
	if rec := do(e, http.MethodGet, "/wrapped", cookie); rec.Body.String() != "Ada" {
		t.Errorf("/wrapped: %d %q", rec.Code, rec.Body)
	}
}

// The session is read from storage once per request, however many guards ask for it,
// with or without a session.
func TestSessionLoadedOncePerRequest(t *testing.T) {
	var store *countingDB
	a := newAuth(t, func(o *authcore.Options) {
		store = &countingDB{Adapter: memdb.New(schema.Core())}
		o.Database = store
	})
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	// Signed with the right secret but naming no session: a lookup that finds nothing.
	stale := cookie
	if err := a.API.RevokeSessions(context.Background(), http.Header{"Cookie": {cookie}}); err != nil {
		t.Fatal(err)
	}
	fresh := signUp(t, a, "Bob", "bob@example.com", nil)

	e := echo.New()
	e.Use(authecho.Middleware(a))
	g := e.Group("/app", authecho.Middleware(a), authecho.Require(a, authecho.GuardConfig{
		Authorize: func(r *http.Request, s *authcore.Session) error { return nil },
	}))
	g.GET("/x", hello, authecho.RequireSession(a))
	e.GET("/open", hello, authecho.Middleware(a))

	for _, tc := range []struct {
		name, path, cookie string
		status             int
	}{
		{"session", "/app/x", fresh, http.StatusOK},
		{"revoked session", "/app/x", stale, http.StatusUnauthorized},
		{"revoked session, open route", "/open", stale, http.StatusOK},
	} {
		store.reads.Store(0)
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Cookie", tc.cookie)
		if _, err := a.SessionOf(r); err != nil {
			t.Fatal(err)
		}
		once := store.reads.Load()
		if once == 0 {
			t.Fatalf("%s: loading a session read nothing; the count proves nothing", tc.name)
		}
		store.reads.Store(0)
		rec := do(e, http.MethodGet, tc.path, tc.cookie)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d %s, want %d", tc.name, rec.Code, rec.Body, tc.status)
		}
		if got := store.reads.Load(); got != once {
			t.Errorf("%s: %d storage reads for one request, want %d (one session load)", tc.name, got, once)
		}
	}
}

func TestSessionLoadFailureGoesToEchoErrorHandler(t *testing.T) {
	var store *countingDB
	a := newAuth(t, func(o *authcore.Options) {
		store = &countingDB{Adapter: memdb.New(schema.Core())}
		o.Database = store
	})
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	store.fail.Store(true)

	for name, mw := range map[string]echo.MiddlewareFunc{
		"Middleware":     authecho.Middleware(a),
		"RequireSession": authecho.RequireSession(a),
	} {
		e := echo.New()
		var got error
		e.HTTPErrorHandler = func(err error, c echo.Context) {
			got = err
			e.DefaultHTTPErrorHandler(err, c)
		}
		e.GET("/x", hello, mw)
		rec := do(e, http.MethodGet, "/x", cookie)
		if !errors.Is(got, errStorageDown) {
			t.Errorf("%s: error handler got %v, want the storage error", name, got)
		}
		if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "storage") {
			t.Errorf("%s: %d %q, want a 500 without details", name, rec.Code, rec.Body)
		}
	}
}

// Middleware registered with e.Use does not load sessions for the auth routes, which
// read the session themselves.
func TestMiddlewareSkipsAuthRoutes(t *testing.T) {
	var store *countingDB
	a := newAuth(t, func(o *authcore.Options) {
		store = &countingDB{Adapter: memdb.New(schema.Core())}
		o.Database = store
	})
	cookie := signUp(t, a, "Ada", "ada@example.com", nil)
	e := echo.New()
	authecho.Mount(e, a)
	e.Use(authecho.Middleware(a))

	store.reads.Store(0)
	if rec := do(a, http.MethodGet, "/api/auth/get-session", cookie); rec.Code != http.StatusOK {
		t.Fatalf("get-session: %d", rec.Code)
	}
	direct := store.reads.Load()
	store.reads.Store(0)
	if rec := do(e, http.MethodGet, "/api/auth/get-session", cookie); rec.Code != http.StatusOK {
		t.Fatalf("get-session via Echo: %d", rec.Code)
	}
	if got := store.reads.Load(); got != direct {
		t.Errorf("get-session via Echo with Middleware: %d storage reads, served directly %d", got, direct)
	}
}
