package routes_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/social/socialtest"
)

func TestCallbackRedirectErrors(t *testing.T) {
	e := newOAuthEnv(t, nil)
	errPage := e.s.URL + "/api/auth/error"
	c := e.s.Client(t)

	wantFound(t, c.Get("/callback/op?code=x", nil), errPage+"?state=state_not_found")
	wantFound(t, c.Get("/callback/op?code=x&state=unknown-state", nil), errPage+"?error=please_restart_the_process")

	// A valid state from another browser (no state cookie): state_mismatch, and the state
	// stays usable by its own browser.
	authURL := e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops?from=op"})
	cb := e.authorize(authURL)
	wantFound(t, e.s.Client(t).Get(cb, nil), errPage+"?error=state_mismatch")

	// A state issued for "op" is refused by another provider's callback.
	other := strings.Replace(cb, "/callback/op?", "/callback/github?", 1)
	wantFound(t, c.Get(other, nil), errPage+"?error=state_mismatch")

	// Provider error → errorCallbackURL (with '&' as it has a query) and description.
	authURL = e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops?from=op"})
	e.op.DenyNext("access_denied")
	r := c.Get(e.authorize(authURL), nil)
	wantFound(t, r, "/oops?from=op&error=access_denied&error_description=The+user+denied+the+request")
	// The used state cannot be replayed.
	wantFound(t, c.Get("/callback/op?error=x&state="+query(t, authURL).Get("state"), nil), errPage+"?error=please_restart_the_process")

	// no_code
	authURL = e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"})
	wantFound(t, c.Get("/callback/op?state="+query(t, authURL).Get("state"), nil), "/oops?error=no_code")

	// invalid_code: a code the OP never issued.
	authURL = e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"})
	wantFound(t, c.Get("/callback/op?code=forged&state="+query(t, authURL).Get("state"), nil), "/oops?error=invalid_code")

	// invalid_code: a real code with the wrong PKCE verifier (the state of another flow).
	authURL1 := e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"})
	cb1 := e.authorize(authURL1)
	authURL2 := e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"})
	code1 := query(t, "http://x"+cb1).Get("code")
	wantFound(t, c.Get("/callback/op?code="+code1+"&state="+query(t, authURL2).Get("state"), nil), "/oops?error=invalid_code")

	// email_not_found
	e.op.SetUser(socialtest.User{Subject: "no-mail", Name: "N"})
	authURL = e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"})
	wantFound(t, c.Get(e.authorize(authURL), nil), "/oops?error=email_not_found")

	// Expired state.
	authURL = e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash"})
	cb = e.authorize(authURL)
	e.ck.Advance(11 * time.Minute)
	wantFound(t, c.Get(cb, nil), errPage+"?error=please_restart_the_process")
}

func TestCallbackProviderNotFoundAfterState(t *testing.T) {
	// A state row issued for a provider that is no longer configured.
	e := newOAuthEnv(t, nil)
	c := e.s.Client(t)
	authURL := e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"})
	state := query(t, authURL).Get("state")
	s2 := e.s.Auth.Context.Store
	row, _ := s2.Verification(context.Background(), state)
	val := strings.Replace(row.Value, `"providerId":"op"`, `"providerId":"gone"`, 1)
	_ = s2.DeleteVerification(context.Background(), state)
	if _, err := s2.CreateVerification(context.Background(), state, val, row.ExpiresAt); err != nil {
		t.Fatal(err)
	}
	wantFound(t, c.Get("/callback/gone?code=x&state="+state, nil), "/oops?error=oauth_provider_not_found")
}

func TestCallbackFormPostRedirectsToGet(t *testing.T) {
	e := newOAuthEnv(t, nil)
	c := e.s.Client(t)
	r := c.Do(http.MethodPost, "/callback/op?state=from-query", "application/x-www-form-urlencoded",
		[]byte("user=%7B%22name%22%3A1%7D&code=a+b&state=from-body&ignored=1"))
	wantFound(t, r, e.s.URL+"/api/auth/callback/op?code=a+b&state=from-query&user=%7B%22name%22%3A1%7D")

	// A real form_post round trip signs in.
	authURL := e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash"})
	cb := e.authorize(authURL)
	q := query(t, "http://x"+cb)
	r = c.Do(http.MethodPost, "/callback/op", "application/x-www-form-urlencoded", []byte(q.Encode()))
	if r.Status != http.StatusFound {
		t.Fatalf("form post: %d", r.Status)
	}
	wantFound(t, c.Get(e.local(r.Header.Get("Location")), nil), "/dash")
}

// TestCallbackStateReplay: 32 concurrent callbacks with one state (and its cookie) make
// at most one session.
func TestCallbackStateReplay(t *testing.T) {
	for _, strategy := range []string{social.StateDatabase, social.StateCookie} {
		t.Run(strategy, func(t *testing.T) {
			e := newOAuthEnv(t, func(o *authcore.Options) { o.Account.StoreStateStrategy = strategy })
			c := e.s.Client(t)
			cb := e.authorize(e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash"}))
			h := http.Header{"Cookie": {c.CookieHeader()}}
			const n = 32
			var wg sync.WaitGroup
			var mu sync.Mutex
			sessions := 0
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := send(e.s, http.MethodGet, "/api/auth"+cb, h, nil)
					if err != nil {
						t.Error(err)
						return
					}
					if r.Status == http.StatusFound && r.Header.Get("Location") == "/dash" {
						mu.Lock()
						sessions++
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if sessions != 1 {
				t.Errorf("%d of %d concurrent callbacks signed in, want exactly 1", sessions, n)
			}
			if got := e.op.CodeExchanges(); strategy == social.StateDatabase && got != 1 {
				t.Errorf("%d code exchanges, want 1 (the state is consumed before the exchange)", got)
			}
		})
	}
}

func TestCallbackCookieStrategy(t *testing.T) {
	e := newOAuthEnv(t, func(o *authcore.Options) { o.Account.StoreStateStrategy = social.StateCookie })
	c := e.s.Client(t)
	r := c.Post("/sign-in/social", map[string]any{"provider": "op", "callbackURL": "/dash"})
	lines := cookieLines(r, "better-auth.oauth_state")
	if len(lines) != 1 || !strings.Contains(lines[0], "Max-Age=600") || len(cookieLines(r, "better-auth.state")) != 0 {
		t.Fatalf("cookies %v", r.Cookies())
	}
	var out struct {
		URL string `json:"url"`
	}
	r.JSON(t, &out)
	state := query(t, out.URL).Get("state")
	if row, _ := e.s.Auth.Context.Store.Verification(t.Context(), state); row != nil {
		t.Error("cookie strategy wrote a verification row")
	}
	cb := e.authorize(out.URL)
	wantFound(t, e.s.Client(t).Get(cb, nil), e.s.URL+"/api/auth/error?error=please_restart_the_process")
	r = c.Get(cb, nil)
	wantFound(t, r, "/dash")
	if !strings.Contains(strings.Join(cookieLines(r, "better-auth.oauth_state"), ""), "Max-Age=0") {
		t.Error("oauth_state not expired")
	}
	// Another state with this browser's cookie: state_mismatch.
	e.start(c, "/sign-in/social", map[string]any{"callbackURL": "/dash"})
	wantFound(t, c.Get("/callback/op?code=x&state=not-the-state", nil), e.s.URL+"/api/auth/error?error=state_mismatch")
}

func TestCallbackStoreAccountCookie(t *testing.T) {
	e := newOAuthEnv(t, func(o *authcore.Options) { o.Account.StoreAccountCookie = true })
	c := e.s.Client(t)
	r := e.signIn(c, map[string]any{"callbackURL": "/dash"})
	if len(cookieLines(r, "better-auth.account_data")) == 0 {
		t.Fatalf("no account_data cookie: %v", r.Cookies())
	}
	// account-info without accountId reads the cookie.
	info := c.Get("/account-info", nil)
	wantStatus(t, info, http.StatusOK)
	m := info.Map(t)
	if m["user"].(map[string]any)["id"] != "op-user-1" {
		t.Errorf("account-info %v", m)
	}
}

// linkEnv signs a user up (email verified when verified) and returns its browser.
func linkedUser(t *testing.T, s *authtest.Server, email string, verified bool) account {
	t.Helper()
	a := signUp(t, s, email)
	if verified {
		verifyEmail(t, s, a.id)
	}
	return a
}

func TestCallbackImplicitLinkingRules(t *testing.T) {
	for _, tc := range []struct {
		name           string
		localVerified  bool
		opVerified     bool
		configure      func(o *authcore.Options)
		wantLinked     bool
		wantUserMarked bool
	}{
		{"both verified", true, true, nil, true, false},
		{"local unverified (secure default)", false, true, nil, false, false},
		{"provider unverified", true, false, nil, false, false},
		{"trusted provider, provider unverified", true, false, func(o *authcore.Options) { o.Account.AccountLinking.TrustedProviders = []string{"op"} }, true, false},
		{"trusted provider, local unverified", false, false, func(o *authcore.Options) { o.Account.AccountLinking.TrustedProviders = []string{"op"} }, false, false},
		{"opt-out of the local check", false, true, func(o *authcore.Options) { o.Account.AccountLinking.AllowUnverifiedLocalLinking = true }, true, true},
		{"linking disabled", true, true, func(o *authcore.Options) { o.Account.AccountLinking.Disabled = true }, false, false},
		{"implicit linking disabled", true, true, func(o *authcore.Options) { o.Account.AccountLinking.DisableImplicitLinking = true }, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newOAuthEnv(t, tc.configure)
			a := linkedUser(t, e.s, "olive@example.com", tc.localVerified)
			e.op.SetUser(socialtest.User{Subject: "op-olive", Name: "Olive", Email: "olive@example.com", EmailVerified: tc.opVerified})
			r := e.signIn(e.s.Client(t), map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"})
			linked := len(accountsOf(t, e.s, a.id)) == 2
			if linked != tc.wantLinked {
				t.Fatalf("linked = %v, want %v (%d %s)", linked, tc.wantLinked, r.Status, r.Header.Get("Location"))
			}
			if tc.wantLinked {
				wantFound(t, r, "/dash")
			} else {
				wantFound(t, r, "/oops?error=account_not_linked")
			}
			if u := storedUser(t, e.s, a.email); tc.wantUserMarked && !u.EmailVerified {
				t.Error("provider-verified email not copied to the user")
			}
		})
	}
}

func TestCallbackOverrideUserInfo(t *testing.T) {
	ck := newClock()
	op := socialtest.New(t, "cid", "sec")
	op.Now = ck.Now
	p, err := social.NewOIDC(t.Context(), social.OIDCConfig{ID: "op", Issuer: op.Issuer, Options: social.Options{
		ClientID: "cid", ClientSecret: "sec", HTTPClient: op.Client(), Now: ck.Now, OverrideUserInfoOnSignIn: true,
		MapProfileToUser: func(_ context.Context, profile map[string]any, u *social.User) error {
			u.Name = strings.ToUpper(u.Name)
			return nil
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, withClock(ck, func(o *authcore.Options) { o.Providers = []social.Provider{p} }))
	e := &oauthEnv{t: t, s: s, op: op, ck: ck}
	wantFound(t, e.signIn(s.Client(t), map[string]any{"callbackURL": "/dash"}), "/dash")
	op.SetUser(socialtest.User{Subject: "op-user-1", Name: "New Name", Email: "olive@example.com", EmailVerified: true, Picture: "https://img.example/p.png"})
	wantFound(t, e.signIn(s.Client(t), map[string]any{"callbackURL": "/dash"}), "/dash")
	u := storedUser(t, s, "olive@example.com")
	if u.Name != "NEW NAME" || u.Image == nil || *u.Image != "https://img.example/p.png" {
		t.Errorf("user not overridden: %+v", u)
	}
}

func TestCallbackNewUserVerificationMail(t *testing.T) {
	e := newOAuthEnv(t, nil)
	e.op.SetUser(socialtest.User{Subject: "u2", Name: "U", Email: "unverified@example.com"})
	wantFound(t, e.signIn(e.s.Client(t), map[string]any{"callbackURL": "/dash"}), "/dash")
	m, ok := e.s.Mail.Last("verification-email")
	if !ok || m.To != "unverified@example.com" || !strings.Contains(m.URL, "callbackURL="+url.QueryEscape("/dash")) {
		t.Errorf("verification mail %+v %v", m, ok)
	}
}

// TestCallbackOrphanedAccountDoesNotBypassLinking: an account row whose user was
// deleted does not sign in an unverified local user who has the provider's email.
func TestCallbackOrphanedAccountDoesNotBypassLinking(t *testing.T) {
	e := newOAuthEnv(t, nil)
	a, id := signedInWithOP(t, e)
	_ = a
	ad := e.s.Auth.Context.Store.Adapter(context.Background())
	if err := ad.Delete(context.Background(), "user", []db.Where{{Field: "id", Value: id}}); err != nil {
		t.Fatal(err)
	}
	local := signUp(t, e.s, "olive@example.com") // unverified
	wantFound(t, e.signIn(e.s.Client(t), map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"}), "/oops?error=account_not_linked")
	verifyEmail(t, e.s, local.id)
	wantFound(t, e.signIn(e.s.Client(t), map[string]any{"callbackURL": "/dash", "errorCallbackURL": "/oops"}), "/dash")
	if acc := providerAccount(t, e.s, local.id); acc.AccountID != "op-user-1" {
		t.Errorf("orphan not re-attached: %+v", acc)
	}
}
