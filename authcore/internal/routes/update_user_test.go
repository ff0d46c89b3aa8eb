package routes_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/schema"
)

func userFields(o *authcore.Options) {
	o.User.AdditionalFields = []schema.Field{
		{Name: "phone", Type: schema.String},
		{Name: "role", Type: schema.String, NoInput: true},
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := newServer(t, withClock(clk, userFields))
	a := signUp(t, s, "ada@example.com")
	clk.Advance(time.Minute)

	r := a.c.Post("/update-user", map[string]any{"name": "Ada Lovelace", "image": "https://cdn.example.com/a.png", "phone": "+44"})
	wantJSON(t, r, map[string]any{"status": true})
	if diff := cmp.Diff([]string{sessionCookie(a.token)}, r.Cookies()); diff != "" {
		t.Errorf("Set-Cookie (-want +got):\n%s", diff)
	}
	u := sessionUser(t, a.c)
	want := map[string]any{
		"id": a.id, "name": "Ada Lovelace", "email": a.email, "emailVerified": false, "image": "https://cdn.example.com/a.png",
		"phone": "+44", "role": nil, "createdAt": isoTime(t0), "updatedAt": isoTime(t0.Add(time.Minute)),
	}
	if diff := cmp.Diff(want, u); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}

	// image null clears it; name alone leaves the rest.
	wantJSON(t, a.c.Post("/update-user", map[string]any{"image": nil}), map[string]any{"status": true})
	if u := sessionUser(t, a.c); u["image"] != nil || u["name"] != "Ada Lovelace" || u["phone"] != "+44" {
		t.Errorf("after image:null: %v", u)
	}
}

func TestUpdateUserErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, userFields)
	a := signUp(t, s, "ada@example.com")
	tests := []struct {
		name string
		body any
		code string // "" = message-only body
		msg  string
	}{
		{"email", map[string]any{"email": "new@example.com"}, "EMAIL_CAN_NOT_BE_UPDATED", "Email can not be updated"},
		{"email with a name", map[string]any{"name": "X", "email": "new@example.com"}, "EMAIL_CAN_NOT_BE_UPDATED", "Email can not be updated"},
		{"nothing", map[string]any{}, "", "No fields to update"},
		{"only core fields", map[string]any{"emailVerified": true, "id": "x", "createdAt": "2020-01-01T00:00:00.000Z"}, "", "No fields to update"},
		{"input:false field", map[string]any{"role": "admin"}, "FIELD_NOT_ALLOWED", "role is not allowed to be set"},
		{"name not a string", map[string]any{"name": 5}, "VALIDATION_ERROR", "[body.name] Invalid input: expected string, received number"},
		{"image not a string", map[string]any{"image": true}, "VALIDATION_ERROR", "[body.image] Invalid input: expected string, received boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.c.Post("/update-user", tt.body)
			wantError(t, r, http.StatusBadRequest, tt.code, tt.msg)
			wantNoCookies(t, r)
		})
	}
	if u := sessionUser(t, a.c); u["name"] != "Ada" || u["email"] != a.email || u["emailVerified"] != false || u["role"] != nil {
		t.Errorf("user changed by failed updates: %v", u)
	}
	wantError(t, s.Client(t).Post("/update-user", map[string]any{"name": "X"}), http.StatusUnauthorized, "UNAUTHORIZED", "Unauthorized")
}

// With the cookie cache the re-issued session_data carries the new user.
func TestUpdateUserRefreshesCookieCache(t *testing.T) {
	t.Parallel()
	for _, strategy := range strategies {
		t.Run(strategy, func(t *testing.T) {
			t.Parallel()
			s := cacheServer(t, newClock(), strategy)
			a := signUp(t, s, "ada@example.com")
			r := a.c.Post("/update-user", map[string]any{"name": "Grace"})
			wantStatus(t, r, http.StatusOK)
			if len(cookieLines(r, dataCookie)) == 0 {
				t.Fatalf("no session_data in %q", r.Cookies())
			}
			// Served from the cache: the row is gone.
			if err := s.Auth.Context.Store.DeleteSession(t.Context(), a.token); err != nil {
				t.Fatal(err)
			}
			if got := getSession(t, a.c, nil)["user"].(map[string]any)["name"]; got != "Grace" {
				t.Errorf("cached name = %v, want Grace", got)
			}
		})
	}
}

func TestUpdateUserInProcess(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "ada@example.com")
	hdr, err := s.Auth.API.UpdateUser(t.Context(), cookieHeader(a.c), map[string]any{"name": "Grace"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hdr.Values("Set-Cookie")) != 1 || !strings.HasPrefix(hdr.Get("Set-Cookie"), tokenCookie+"=") {
		t.Errorf("Set-Cookie = %q", hdr.Values("Set-Cookie"))
	}
	if storedUser(t, s, a.email).Name != "Grace" {
		t.Error("not updated")
	}
	_, err = s.Auth.API.UpdateUser(t.Context(), cookieHeader(a.c), map[string]any{"email": "x@example.com"})
	wantAPIError(t, err, http.StatusBadRequest, "EMAIL_CAN_NOT_BE_UPDATED")
}

// Better Auth's update-user and update-session bodies are z.record: a missing or
// non-object body is a validation error naming "record" (observed on the 1.6.9 reference).
func TestRecordBodies(t *testing.T) {
	t.Parallel()
	s := newServer(t, nil)
	a := signUp(t, s, "rec@example.com")
	for _, path := range []string{"/update-user", "/update-session"} {
		r := a.c.Do(http.MethodPost, path, "", nil)
		wantError(t, r, http.StatusBadRequest, "VALIDATION_ERROR", "[body] Invalid input: expected record, received undefined")
		r = a.c.Do(http.MethodPost, path, "application/json", []byte(`[1]`))
		wantError(t, r, http.StatusBadRequest, "VALIDATION_ERROR", "[body] Invalid input: expected record, received array")
		r = a.c.Do(http.MethodPost, path, "application/json", []byte(`"x"`))
		wantError(t, r, http.StatusBadRequest, "VALIDATION_ERROR", "[body] Invalid input: expected record, received string")
	}
}
