package social_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/store"
)

// jar is a CookieIO over a map.
type jar struct {
	mu  sync.Mutex
	in  map[string]string
	out []cookie.Cookie
}

func (j *jar) Cookies() map[string]string { return j.in }
func (j *jar) CookieHeader() string       { return "" }
func (j *jar) SetCookie(c cookie.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.out = append(j.out, c)
}

func newStates(t *testing.T, strategy string) (*social.States, *time.Time) {
	t.Helper()
	keys, err := secret.New("a-test-secret-that-is-long-enough-123456", nil)
	if err != nil {
		t.Fatal(err)
	}
	now := t0
	sch := schema.Core()
	st := store.New(store.Config{Adapter: memdb.New(sch), Schema: sch, Now: func() time.Time { return now }})
	return &social.States{Store: st, Keys: keys, Strategy: strategy, Now: func() time.Time { return now }}, &now
}

func TestStateDatabaseSingleUse(t *testing.T) {
	s, _ := newStates(t, social.StateDatabase)
	ctx := context.Background()
	issue := &jar{in: map[string]string{}}
	state, err := s.Issue(ctx, issue, &social.StateData{CallbackURL: "/cb", ProviderID: "github", AdditionalData: map[string]any{"plan": "pro", "callbackURL": "evil"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(state) != social.StateLength || len(issue.out) != 1 || issue.out[0].Name != "better-auth.state" {
		t.Fatalf("state %q cookies %+v", state, issue.out)
	}
	browser := map[string]string{"better-auth.state": issue.out[0].Value}
	if _, err := s.Consume(ctx, &jar{in: browser}, state, "google"); !isStateErr(err, "state_mismatch") {
		t.Errorf("other provider: %v", err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := s.Consume(ctx, &jar{in: browser}, state, "github")
			if err == nil {
				wins.Add(1)
				if d.CallbackURL != "/cb" || len(d.CodeVerifier) != social.CodeVerifierLength || d.AdditionalData["plan"] != "pro" {
					t.Errorf("data %+v", d)
				}
			} else if !isStateErr(err, "please_restart_the_process") {
				t.Errorf("loser error %v", err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d winners, want 1", wins.Load())
	}
}

func TestStateCookieStrategy(t *testing.T) {
	s, now := newStates(t, social.StateCookie)
	ctx := context.Background()
	issue := &jar{in: map[string]string{}}
	state, err := s.Issue(ctx, issue, &social.StateData{CallbackURL: "/cb", ProviderID: "github"})
	if err != nil {
		t.Fatal(err)
	}
	c := issue.out[0]
	if c.Name != "better-auth.oauth_state" || strings.Contains(c.Value, "/cb") {
		t.Fatalf("cookie %+v", c)
	}
	browser := map[string]string{c.Name: c.Value}
	if _, err := s.Consume(ctx, &jar{in: browser}, "other", "github"); !isStateErr(err, "state_mismatch") {
		t.Errorf("wrong state: %v", err)
	}
	if _, err := s.Consume(ctx, &jar{in: map[string]string{}}, state, "github"); !isStateErr(err, "please_restart_the_process") {
		t.Errorf("no cookie: %v", err)
	}
	if d, err := s.Consume(ctx, &jar{in: browser}, state, "github"); err != nil || d.CallbackURL != "/cb" {
		t.Errorf("consume: %+v %v", d, err)
	}
	*now = now.Add(11 * time.Minute)
	if _, err := s.Consume(ctx, &jar{in: browser}, state, "github"); !isStateErr(err, "please_restart_the_process") {
		t.Errorf("expired: %v", err)
	}
}

func TestStateDataJSONRoundTrip(t *testing.T) {
	yes := true
	d := social.StateData{CallbackURL: "/a", CodeVerifier: "v", ErrorURL: "/e", Link: &social.Link{Email: "x@y.z", UserID: "u"},
		ExpiresAt: t0, RequestSignUp: &yes, OAuthState: "s", ProviderID: "p", Nonce: "n", AdditionalData: map[string]any{"k": "v"}}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"k":"v","callbackURL":"/a","codeVerifier":"v","errorURL":"/e","link":`) {
		t.Errorf("json %s", b)
	}
	var back social.StateData
	if err := json.Unmarshal(b, &back); err != nil || back.Link.UserID != "u" || !back.ExpiresAt.Equal(t0) || back.Nonce != "n" {
		t.Errorf("%+v %v", back, err)
	}
	// A state written by Better Auth (no providerId) is read too.
	var ba social.StateData
	if err := json.Unmarshal([]byte(`{"callbackURL":"/","codeVerifier":"c","expiresAt":1,"oauthState":"s"}`), &ba); err != nil || ba.ProviderID != "" {
		t.Errorf("%+v %v", ba, err)
	}
}

func isStateErr(err error, code string) bool {
	se, ok := err.(*social.StateError)
	return ok && se.Code == code
}

func TestTokenCipher(t *testing.T) {
	keys, _ := secret.New("", []secret.Version{{Version: 2, Value: "a-versioned-secret-long-enough-1234567890"}})
	c := social.TokenCipher{Keys: keys, Encrypt: true}
	sealed, err := c.Seal("gho_token")
	if err != nil || !strings.HasPrefix(sealed, "$ba$2$") {
		t.Fatalf("%q %v", sealed, err)
	}
	for in, want := range map[string]string{sealed: "gho_token", "plain-token": "plain-token", "": ""} {
		if got, err := c.Open(in); err != nil || got != want {
			t.Errorf("Open(%q) = %q %v", in, got, err)
		}
	}
	if _, err := c.Open("abcd"); err == nil {
		t.Error("even-length hex that is not a ciphertext decrypted")
	}
	off := social.TokenCipher{Keys: keys}
	if v, _ := off.Seal("t"); v != "t" {
		t.Error("sealed while off")
	}
}
