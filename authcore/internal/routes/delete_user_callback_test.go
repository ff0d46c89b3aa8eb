package routes_test

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/model"
)

// deleteServer mails delete-account links to rec.
func deleteServer(t *testing.T, rec *recorder, more ...func(o *authcore.Options)) *authtest.Server {
	return newServer(t, func(o *authcore.Options) {
		o.User.DeleteUser.SendDeleteAccountVerification = rec.send
		for _, f := range more {
			f(o)
		}
	})
}

// requestDelete asks for a delete-account link for a and returns its token.
func requestDelete(t *testing.T, rec *recorder, a account) string {
	t.Helper()
	wantStatus(t, a.c.Post("/delete-user", map[string]any{}), http.StatusOK)
	return rec.last(t).Token
}

func TestDeleteUserCallback(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	s := deleteServer(t, rec)
	a := signUp(t, s, "ada@example.com")
	b := signUp(t, s, "bob@example.com")
	token := requestDelete(t, rec, a)

	// Another user's attempt neither deletes anyone nor burns the token.
	wantError(t, b.c.Get("/delete-user/callback", url.Values{"token": {token}}), http.StatusNotFound, "INVALID_TOKEN", "Invalid token")
	r := a.c.Get("/delete-user/callback", url.Values{"token": {token}})
	wantJSON(t, r, map[string]any{"success": true, "message": "User deleted"})
	if diff := cmp.Diff(clearedCookies, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	wantDeleted(t, s, a)
	if storedUser(t, s, b.email) == nil {
		t.Error("bob deleted")
	}
	if v, _ := s.Auth.Context.Store.Verification(t.Context(), "delete-account-"+token); v != nil {
		t.Errorf("verification row kept: %+v", v)
	}
}

func TestDeleteUserCallbackRedirect(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	s := deleteServer(t, rec)
	a := signUp(t, s, "ada@example.com")
	token := requestDelete(t, rec, a)
	r := a.c.Get("/delete-user/callback", url.Values{"token": {token}, "callbackURL": {"/goodbye"}})
	if r.Status != http.StatusFound || r.Header.Get("Location") != "/goodbye" || len(r.Body) != 0 {
		t.Fatalf("= %d Location %q body %q, want 302 to /goodbye", r.Status, r.Header.Get("Location"), r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json on a redirect", ct)
	}
	if len(cookieLines(r, tokenCookie)) == 0 || cookieValue(t, r, tokenCookie) != "" {
		t.Errorf("Set-Cookie = %q, want the session cookie cleared", r.Cookies())
	}
	wantDeleted(t, s, a)
}

func TestDeleteUserCallbackErrors(t *testing.T) {
	t.Parallel()
	clk := newClock()
	rec := &recorder{}
	s := deleteServer(t, rec, withClock(clk))
	a := signUp(t, s, "ada@example.com")
	b := signUp(t, s, "bob@example.com")
	token := requestDelete(t, rec, a)

	get := func(c *authtest.Client, q url.Values) *authtest.Response { return c.Get("/delete-user/callback", q) }
	wantError(t, get(a.c, url.Values{}), http.StatusBadRequest, "VALIDATION_ERROR", "[query.token] Invalid input: expected string, received undefined")
	wantError(t, get(s.Client(t), url.Values{"token": {token}}), http.StatusNotFound, "FAILED_TO_GET_USER_INFO", "Failed to get user info")
	wantError(t, get(a.c, url.Values{"token": {"0123456789abcdef0123456789abcdef"}}), http.StatusNotFound, "INVALID_TOKEN", "Invalid token")
	// Another user's token.
	wantError(t, get(b.c, url.Values{"token": {token}}), http.StatusNotFound, "INVALID_TOKEN", "Invalid token")
	// Untrusted callbacks, even on GET.
	for _, cb := range []string{"https://evil.example/bye", "//evil.example"} {
		wantError(t, get(a.c, url.Values{"token": {token}, "callbackURL": {cb}}), http.StatusForbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	}
	if storedUser(t, s, a.email) == nil || storedUser(t, s, b.email) == nil {
		t.Fatal("a refused callback deleted a user")
	}
	// After deleteTokenExpiresIn (24 h) the token is dead; the 7-day session is not.
	clk.Advance(24*time.Hour + time.Second)
	wantError(t, get(a.c, url.Values{"token": {token}}), http.StatusNotFound, "INVALID_TOKEN", "Invalid token")
	if storedUser(t, s, a.email) == nil {
		t.Fatal("expired token deleted the user")
	}
}

func TestDeleteUserCallbackDisabled(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(o *authcore.Options) { o.User.DeleteUser.Enabled = false })
	a := signUp(t, s, "ada@example.com")
	wantError(t, a.c.Get("/delete-user/callback", url.Values{"token": {"x"}}), http.StatusNotFound, "NOT_FOUND", "Not found")
}

// Of 32 concurrent callbacks with one token exactly one deletes the user.
func TestDeleteUserCallbackConcurrent(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	var deletes atomic.Int32
	s := deleteServer(t, rec, func(o *authcore.Options) {
		o.User.DeleteUser.AfterDelete = func(context.Context, model.User) error { deletes.Add(1); return nil }
	})
	a := signUp(t, s, "ada@example.com")
	token := requestDelete(t, rec, a)
	h := http.Header{"Cookie": {a.c.CookieHeader()}}
	path := "/api/auth/delete-user/callback?" + url.Values{"token": {token}}.Encode()
	rs := race(t, 32, func() (*authtest.Response, error) { return send(s, http.MethodGet, path, h, nil) })
	ok := 0
	for _, r := range rs {
		switch r.Status {
		case http.StatusOK:
			ok++
		case http.StatusNotFound:
			if c := r.Code(); c != "INVALID_TOKEN" && c != "FAILED_TO_GET_USER_INFO" {
				t.Errorf("loser answered %s", r.Body)
			}
		default:
			t.Errorf("unexpected %d %s", r.Status, r.Body)
		}
	}
	if ok != 1 || deletes.Load() != 1 {
		t.Errorf("%d successes and %d deletions, want exactly 1 (%v)", ok, deletes.Load(), statusCount(rs))
	}
	wantDeleted(t, s, a)
}
