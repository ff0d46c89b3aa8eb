package routes_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/schema"
)

func sessionFields(o *authcore.Options) {
	o.Session.AdditionalFields = []schema.Field{
		{Name: "theme", Type: schema.String},
		{Name: "impersonatedBy", Type: schema.String, NoInput: true},
	}
}

func TestUpdateSession(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk, sessionFields))
	a := signUp(t, s, "ada@example.com")
	clk.Advance(time.Minute)

	r := a.c.Post("/update-session", map[string]any{"theme": "dark", "token": "ignored", "userId": "ignored"})
	wantStatus(t, r, http.StatusOK)
	body := r.Map(t)
	if diff := cmp.Diff([]string{"session"}, keys(body)); diff != "" {
		t.Fatalf("keys (-want +got):\n%s", diff)
	}
	sess := body["session"].(map[string]any)
	want := []string{"createdAt", "expiresAt", "id", "impersonatedBy", "ipAddress", "theme", "token", "updatedAt", "userAgent", "userId"}
	if diff := cmp.Diff(want, keys(sess)); diff != "" {
		t.Errorf("session keys (-want +got):\n%s", diff)
	}
	if sess["theme"] != "dark" || sess["token"] != a.token || sess["userId"] != a.id || sess["updatedAt"] != isoTime(t0.Add(time.Minute)) {
		t.Errorf("session = %v", sess)
	}
	if diff := cmp.Diff([]string{sessionCookie(a.token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	if got := getSession(t, a.c, nil)["session"].(map[string]any)["theme"]; got != "dark" {
		t.Errorf("stored theme = %v", got)
	}
}

func TestUpdateSessionErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, sessionFields)
	a := signUp(t, s, "ada@example.com")
	noFields := map[string]any{"message": "No fields to update"}
	for _, body := range []map[string]any{{}, {"token": "x", "expiresAt": "2030-01-01T00:00:00.000Z"}, {"unknown": 1}} {
		r := a.c.Post("/update-session", body)
		if r.Status != http.StatusBadRequest {
			t.Fatalf("%v: status %d", body, r.Status)
		}
		var got map[string]any
		r.JSON(t, &got)
		if diff := cmp.Diff(noFields, got); diff != "" {
			t.Errorf("%v (-want +got):\n%s", body, diff)
		}
	}
	wantError(t, a.c.Post("/update-session", map[string]any{"impersonatedBy": "admin"}),
		http.StatusBadRequest, "FIELD_NOT_ALLOWED", "impersonatedBy is not allowed to be set")
	wantError(t, s.Client(t).Post("/update-session", map[string]any{"theme": "dark"}),
		http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
	if got := getSession(t, a.c, nil)["session"].(map[string]any)["theme"]; got != nil {
		t.Errorf("theme = %v after failed updates", got)
	}
}

func TestUpdateSessionKeepsDontRemember(t *testing.T) {
	t.Parallel()
	s := newServer(t, sessionFields)
	signUp(t, s, "ada@example.com")
	c := s.Client(t)
	r := c.Post("/sign-in/email", map[string]any{"email": "ada@example.com", "password": password, "rememberMe": false})
	token := r.Map(t)["token"].(string)
	r = c.Post("/update-session", map[string]any{"theme": "light"})
	wantStatus(t, r, http.StatusOK)
	want := []string{tokenCookie + "=" + signed(token) + cookieAttrs, dontRemember + "=" + signed("true") + cookieAttrs}
	if diff := cmp.Diff(want, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
}
