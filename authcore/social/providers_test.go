package social_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/social"
	"github.com/goauth-dev/goauth/authcore/social/socialtest"
)

// fakeNet answers every outbound request of a provider in process, by host+path, and
// records the requests: the providers keep their real endpoints (https://github.com/…)
// and the test injects an HTTP client whose transport is this fake.
type fakeNet struct {
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	reqs   []recorded
}

type recorded struct {
	Method, URL string
	Header      http.Header
	Form        url.Values
}

func newFakeNet() *fakeNet { return &fakeNet{routes: map[string]http.HandlerFunc{}} }

func (f *fakeNet) handle(hostPath string, h http.HandlerFunc) { f.routes[hostPath] = h }

func (f *fakeNet) json(hostPath string, v any) {
	f.handle(hostPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	})
}

func (f *fakeNet) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	form, _ := url.ParseQuery(string(body))
	f.mu.Lock()
	f.reqs = append(f.reqs, recorded{Method: req.Method, URL: req.URL.String(), Header: req.Header.Clone(), Form: form})
	h := f.routes[req.URL.Host+req.URL.Path]
	f.mu.Unlock()
	rec := httptest.NewRecorder()
	if h == nil {
		http.NotFound(rec, req)
	} else {
		req.Body = io.NopCloser(strings.NewReader(string(body)))
		h(rec, req)
	}
	return rec.Result(), nil
}

func (f *fakeNet) client() *http.Client { return &http.Client{Transport: f} }

// last returns the last request to hostPath.
func (f *fakeNet) last(t *testing.T, hostPath string) recorded {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.reqs) - 1; i >= 0; i-- {
		u, _ := url.Parse(f.reqs[i].URL)
		if u.Host+u.Path == hostPath {
			return f.reqs[i]
		}
	}
	t.Fatalf("no request to %s", hostPath)
	return recorded{}
}

// unsignedJWT is a JWT-shaped token with claims (profiles decode ID tokens of the token
// response without verifying them).
func unsignedJWT(claims map[string]any) string {
	b, _ := json.Marshal(claims)
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(b) + ".sig"
}

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

type providerCase struct {
	id        string
	opts      social.Options
	authBase  string
	params    map[string]string // expected authorization parameters ("" = absent)
	pkce      bool
	token     string // host+path of the token endpoint
	idClaims  map[string]any
	profiles  map[string]any // host+path → JSON answer
	want      social.User
	noRefresh bool
	// exchangeBasic and refreshBasic expect the client credentials in an HTTP Basic
	// header (base64 of "cid:csecret" as they are) instead of the form.
	exchangeBasic, refreshBasic bool
	// noExchangeVerifier expects no code_verifier although the URL has a challenge.
	noExchangeVerifier bool
	// noScopes expects the exchange to leave Tokens.Scopes nil.
	noScopes bool
	// exchangeHeader and refreshHeader are headers the token requests must carry.
	exchangeHeader, refreshHeader map[string]string
}

// basicCID is the Authorization header of HTTP Basic for cid / csecret.
const basicCID = "Basic Y2lkOmNzZWNyZXQ="

var providerCases = []providerCase{
	{
		id: "github", authBase: "https://github.com/login/oauth/authorize", pkce: true,
		params: map[string]string{"scope": "read:user user:email", "response_type": "code", "prompt": ""},
		token:  "github.com/login/oauth/access_token",
		profiles: map[string]any{
			"api.github.com/user": map[string]any{"id": 42, "login": "octo", "name": "", "email": nil, "avatar_url": "https://a/42"},
			"api.github.com/user/emails": []any{
				map[string]any{"email": "other@example.com", "primary": false, "verified": false},
				map[string]any{"email": "octo@example.com", "primary": true, "verified": true},
			},
		},
		want: social.User{ID: "42", Name: "octo", Email: "octo@example.com", Image: "https://a/42", EmailVerified: true},
	},
	{
		id: "google", authBase: "https://accounts.google.com/o/oauth2/v2/auth", pkce: true,
		opts:     social.Options{AccessType: "offline", Prompt: "consent", HostedDomain: "example.com"},
		params:   map[string]string{"scope": "email profile openid", "access_type": "offline", "prompt": "consent", "hd": "example.com", "include_granted_scopes": "true"},
		token:    "oauth2.googleapis.com/token",
		idClaims: map[string]any{"sub": "g-1", "name": "Gina", "email": "gina@example.com", "email_verified": true, "picture": "https://p/g"},
		want:     social.User{ID: "g-1", Name: "Gina", Email: "gina@example.com", Image: "https://p/g", EmailVerified: true},
	},
	{
		id: "apple", authBase: "https://appleid.apple.com/auth/authorize",
		params:   map[string]string{"scope": "email name", "response_type": "code id_token", "response_mode": "form_post", "code_challenge": ""},
		token:    "appleid.apple.com/auth/token",
		idClaims: map[string]any{"sub": "a-1", "email": "ann@privaterelay.appleid.com", "email_verified": "true"},
		want:     social.User{ID: "a-1", Name: "", Email: "ann@privaterelay.appleid.com", EmailVerified: true},
	},
	{
		id: "microsoft", authBase: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", pkce: true,
		opts:   social.Options{DisableProfilePhoto: true},
		params: map[string]string{"scope": "openid profile email User.Read offline_access"},
		token:  "login.microsoftonline.com/common/oauth2/v2.0/token",
		idClaims: map[string]any{"sub": "m-1", "name": "Mia", "email": "mia@example.com",
			"verified_primary_email": []any{"mia@example.com"}},
		want: social.User{ID: "m-1", Name: "Mia", Email: "mia@example.com", EmailVerified: true},
	},
	{
		id: "gitlab", authBase: "https://gitlab.com/oauth/authorize", pkce: true,
		params: map[string]string{"scope": "read_user"},
		token:  "gitlab.com/oauth/token",
		profiles: map[string]any{"gitlab.com/api/v4/user": map[string]any{
			"id": 7, "username": "gil", "name": "Gil", "email": "gil@example.com", "avatar_url": "https://g/7",
			"state": "active", "locked": false, "email_verified": true,
		}},
		want: social.User{ID: "7", Name: "Gil", Email: "gil@example.com", Image: "https://g/7", EmailVerified: true},
	},
	{
		id: "facebook", authBase: "https://www.facebook.com/v24.0/dialog/oauth",
		opts:   social.Options{ConfigID: "cfg-1", Fields: []string{"birthday"}},
		params: map[string]string{"scope": "email public_profile", "config_id": "cfg-1", "code_challenge": ""},
		token:  "graph.facebook.com/v24.0/oauth/access_token",
		profiles: map[string]any{"graph.facebook.com/me": map[string]any{
			"id": "f-1", "name": "Fay", "email": "fay@example.com",
			"picture": map[string]any{"data": map[string]any{"url": "https://f/1"}},
		}},
		want: social.User{ID: "f-1", Name: "Fay", Email: "fay@example.com", Image: "https://f/1"},
	},
	{
		id: "discord", authBase: "https://discord.com/api/oauth2/authorize",
		params: map[string]string{"scope": "identify email", "prompt": "none", "code_challenge": ""},
		token:  "discord.com/api/oauth2/token",
		profiles: map[string]any{"discord.com/api/users/@me": map[string]any{
			"id": "80351110224678912", "username": "nelly", "global_name": "Nelly", "discriminator": "0",
			"avatar": "a_8342729096ea3675442027381ff50dfe", "email": "nelly@example.com", "verified": true,
		}},
		want: social.User{ID: "80351110224678912", Name: "Nelly", Email: "nelly@example.com", EmailVerified: true,
			Image: "https://cdn.discordapp.com/avatars/80351110224678912/a_8342729096ea3675442027381ff50dfe.gif"},
	},
}

var moreProviderCases = []providerCase{
	{
		id: "spotify", authBase: "https://accounts.spotify.com/authorize", pkce: true,
		opts:   social.Options{Prompt: "login"},
		params: map[string]string{"scope": "user-read-email", "prompt": ""},
		token:  "accounts.spotify.com/api/token",
		profiles: map[string]any{"api.spotify.com/v1/me": map[string]any{
			"id": "sp-1", "display_name": "Spot", "email": "spot@example.com", "images": []any{map[string]any{"url": "https://i/1"}},
		}},
		want: social.User{ID: "sp-1", Name: "Spot", Email: "spot@example.com", Image: "https://i/1"},
	},
	{
		id: "twitch", authBase: "https://id.twitch.tv/oauth2/authorize",
		params: map[string]string{"scope": "user:read:email openid", "code_challenge": "",
			"claims": `{"id_token":{"email":null,"email_verified":null,"preferred_username":null,"picture":null}}`},
		token:    "id.twitch.tv/oauth2/token",
		idClaims: map[string]any{"sub": "tw-1", "preferred_username": "twi", "email": "twi@example.com", "email_verified": true, "picture": "https://t/1"},
		want:     social.User{ID: "tw-1", Name: "twi", Email: "twi@example.com", Image: "https://t/1", EmailVerified: true},
	},
	{
		id: "linkedin", authBase: "https://www.linkedin.com/oauth/v2/authorization",
		params: map[string]string{"scope": "profile email openid", "code_challenge": ""},
		token:  "www.linkedin.com/oauth/v2/accessToken",
		profiles: map[string]any{"api.linkedin.com/v2/userinfo": map[string]any{
			"sub": "li-1", "name": "Lin", "email": "lin@example.com", "email_verified": true, "picture": "https://l/1",
		}},
		want: social.User{ID: "li-1", Name: "Lin", Email: "lin@example.com", Image: "https://l/1", EmailVerified: true},
	},
	{
		id: "dropbox", authBase: "https://www.dropbox.com/oauth2/authorize", pkce: true,
		opts:   social.Options{AccessType: "offline"},
		params: map[string]string{"scope": "account_info.read", "token_access_type": "offline"},
		token:  "api.dropboxapi.com/oauth2/token",
		profiles: map[string]any{"api.dropboxapi.com/2/users/get_current_account": map[string]any{
			"account_id": "dbid:1", "name": map[string]any{"display_name": "Drop"}, "email": "drop@example.com", "email_verified": true,
		}},
		want: social.User{ID: "dbid:1", Name: "Drop", Email: "drop@example.com", EmailVerified: true},
	},
}

// TestProviders drives each built-in provider against a fake of its servers: the
// authorization URL, the code exchange request, the profile mapping and the refresh.
// The providers added later have their own test files, which run checkProvider too.
func TestProviders(t *testing.T) {
	for _, tc := range append(providerCases, moreProviderCases...) {
		t.Run(tc.id, func(t *testing.T) { checkProvider(t, tc) })
	}
}

// checkProvider runs one providerCase.
func checkProvider(t *testing.T, tc providerCase) {
	t.Helper()
	net := newFakeNet()
	tokenAnswer := map[string]any{"access_token": "at-1", "token_type": "Bearer", "refresh_token": "rt-1", "expires_in": 3600, "scope": "a b"}
	if tc.idClaims != nil {
		tokenAnswer["id_token"] = unsignedJWT(tc.idClaims)
	}
	net.json(tc.token, tokenAnswer)
	for hp, v := range tc.profiles {
		net.json(hp, v)
	}
	o := tc.opts
	o.ClientID, o.ClientSecret, o.HTTPClient, o.Now = "cid", "csecret", net.client(), func() time.Time { return t0 }
	p, err := social.New(tc.id, o)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID() != tc.id {
		t.Errorf("ID() = %q", p.ID())
	}
	ctx := context.Background()
	verifier := strings.Repeat("v", 128)
	raw, err := p.AuthorizationURL(ctx, social.AuthorizationRequest{
		State: "state-123", CodeVerifier: verifier, RedirectURI: "https://app.example/api/auth/callback/" + tc.id,
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if base := u.Scheme + "://" + u.Host + u.Path; base != tc.authBase {
		t.Errorf("authorization endpoint %s, want %s", base, tc.authBase)
	}
	q := u.Query()
	want := map[string]string{"client_id": "cid", "state": "state-123", "redirect_uri": "https://app.example/api/auth/callback/" + tc.id}
	if tc.pkce {
		want["code_challenge_method"] = "S256"
		want["code_challenge"] = social.CodeChallenge(verifier)
	}
	for k, v := range tc.params {
		want[k] = v
	}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("authorization %s = %q, want %q (url %s)", k, got, v, raw)
		}
	}

	tok, err := p.ExchangeCode(ctx, social.CodeExchange{Code: "code-1", CodeVerifier: verifier, RedirectURI: "https://app.example/api/auth/callback/" + tc.id})
	if err != nil {
		t.Fatal(err)
	}
	req := net.last(t, tc.token)
	form := req.Form
	if form.Get("grant_type") != "authorization_code" || form.Get("code") != "code-1" ||
		form.Get("redirect_uri") != "https://app.example/api/auth/callback/"+tc.id {
		t.Errorf("token request form %v", form)
	}
	checkClientAuth(t, "token request", req, tc.exchangeBasic)
	if got := form.Get("code_verifier"); (got == verifier) != (tc.pkce && !tc.noExchangeVerifier) {
		t.Errorf("code_verifier = %q, pkce %v", got, tc.pkce)
	}
	if req.Header.Get("Accept") != "application/json" && tc.exchangeHeader["Accept"] == "" {
		t.Errorf("token request Accept %q", req.Header.Get("Accept"))
	}
	for k, v := range tc.exchangeHeader {
		if got := req.Header.Get(k); got != v {
			t.Errorf("token request %s = %q, want %q", k, got, v)
		}
	}
	wantScopes := []string{"a", "b"}
	if tc.noScopes {
		wantScopes = nil
	}
	if tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || !tok.AccessTokenExpiresAt.Equal(t0.Add(time.Hour)) ||
		!cmp.Equal(tok.Scopes, wantScopes) {
		t.Errorf("tokens %+v", tok)
	}

	info, err := p.UserInfo(ctx, *tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := info.User
	if tc.want.Fields == nil {
		got.Fields = nil
	}
	if diff := cmp.Diff(tc.want, got); diff != "" {
		t.Errorf("mapped user (-want +got):\n%s", diff)
	}
	if info.Data == nil {
		t.Error("no raw profile")
	}
	for hp := range tc.profiles {
		// The access token goes in a Bearer header, or in the query or form (WeChat, VK).
		r := net.last(t, hp)
		if h := r.Header.Get("Authorization"); h != "Bearer at-1" && !strings.Contains(r.URL, "access_token=at-1") && r.Form.Get("access_token") != "at-1" {
			t.Errorf("%s Authorization %q", hp, h)
		}
	}

	rf, ok := p.(social.Refresher)
	if !ok {
		t.Fatal("not a Refresher")
	}
	net.json(tc.token, map[string]any{"access_token": "at-2", "expires_in": 60})
	rt, err := rf.RefreshAccessToken(ctx, "rt-1")
	if tc.noRefresh {
		if err == nil {
			t.Error("refresh succeeded on a provider without refresh")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	req = net.last(t, tc.token)
	if req.Form.Get("grant_type") != "refresh_token" || req.Form.Get("refresh_token") != "rt-1" {
		t.Errorf("refresh form %v", req.Form)
	}
	checkClientAuth(t, "refresh request", req, tc.refreshBasic)
	for k, v := range tc.refreshHeader {
		if got := req.Header.Get(k); got != v {
			t.Errorf("refresh request %s = %q, want %q", k, got, v)
		}
	}
	if rt.AccessToken != "at-2" || rt.RefreshToken != "rt-1" || !rt.AccessTokenExpiresAt.Equal(t0.Add(time.Minute)) || rt.Scopes != nil {
		t.Errorf("refreshed tokens %+v", rt)
	}
}

// checkClientAuth checks that a token request authenticates cid / csecret in the form or,
// when basic, with HTTP Basic only.
func checkClientAuth(t *testing.T, what string, req recorded, basic bool) {
	t.Helper()
	if basic {
		if h := req.Header.Get("Authorization"); h != basicCID {
			t.Errorf("%s Authorization %q, want %q", what, h, basicCID)
		}
		if req.Form.Has("client_id") || req.Form.Has("client_secret") {
			t.Errorf("%s sends client credentials in the form too: %v", what, req.Form)
		}
		return
	}
	if req.Form.Get("client_id") != "cid" || req.Form.Get("client_secret") != "csecret" {
		t.Errorf("%s form %v: want client_id and client_secret", what, req.Form)
	}
	if h := req.Header.Get("Authorization"); h != "" {
		t.Errorf("%s Authorization %q, want none", what, h)
	}
}

func TestProviderOptions(t *testing.T) {
	net := newFakeNet()
	p, err := social.New("github", social.Options{
		ClientID: "cid", HTTPClient: net.client(), DisableDefaultScope: true, Scopes: []string{"repo"},
		RedirectURI: "https://override.example/cb", Prompt: "select_account",
		AuthorizationEndpoint: "https://ghe.example/login/oauth/authorize?allow_signup=false",
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{State: "s", RedirectURI: "https://app/cb", Scopes: []string{"gist"}, LoginHint: "a b"})
	want := "https://ghe.example/login/oauth/authorize?allow_signup=false&response_type=code&client_id=cid&state=s&scope=repo+gist&redirect_uri=https%3A%2F%2Foverride.example%2Fcb&login_hint=a+b&prompt=select_account"
	if raw != want {
		t.Errorf("url\n got %s\nwant %s", raw, want)
	}
	for _, id := range []string{"nope", "Twitter"} {
		if _, err := social.New(id, social.Options{ClientID: "x"}); err == nil {
			t.Errorf("New(%q) succeeded", id)
		}
	}
	if _, err := social.New("github", social.Options{}); err == nil {
		t.Error("New without a client id succeeded")
	}
}

// TestRegistryHasEveryProvider checks that all 35 ids of Better Auth 1.6.9 are built.
func TestRegistryHasEveryProvider(t *testing.T) {
	if diff := cmp.Diff(social.ProviderIDs, social.Implemented()); diff != "" {
		t.Errorf("implemented providers (-Better Auth +GoAuth):\n%s", diff)
	}
	for _, id := range social.ProviderIDs {
		if !social.Supported(id) {
			t.Errorf("%s not supported", id)
		}
	}
}

// TestGitHubAuthorizationURLMatchesBetterAuth compares with the URL Better Auth 1.6.9
// generated for the same inputs (spec 2.9).
func TestGitHubAuthorizationURLMatchesBetterAuth(t *testing.T) {
	p, _ := social.New("github", social.Options{ClientID: "conformance-github-client-id"})
	raw, _ := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{State: "STATE", CodeVerifier: "v", RedirectURI: "http://localhost:3000/api/auth/callback/github"})
	want := "https://github.com/login/oauth/authorize?response_type=code&client_id=conformance-github-client-id&state=STATE&scope=read%3Auser+user%3Aemail&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fapi%2Fauth%2Fcallback%2Fgithub&code_challenge_method=S256&code_challenge=" + social.CodeChallenge("v")
	if raw != want {
		t.Errorf("url\n got %s\nwant %s", raw, want)
	}
}

func TestDiscordAuthorizationURL(t *testing.T) {
	perm := 8
	p, _ := social.New("discord", social.Options{ClientID: "cid", Scopes: []string{"bot"}, Permissions: &perm})
	raw, _ := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{State: "s", RedirectURI: "https://app/cb?x=1", Scopes: []string{"guilds"}})
	want := "https://discord.com/api/oauth2/authorize?scope=identify+email+guilds+bot&response_type=code&client_id=cid&redirect_uri=https%3A%2F%2Fapp%2Fcb%3Fx%3D1&state=s&prompt=none&permissions=8"
	if raw != want {
		t.Errorf("url\n got %s\nwant %s", raw, want)
	}
}

func TestGitLabRefusesInactiveUsers(t *testing.T) {
	net := newFakeNet()
	net.json("git.example/api/v4/user", map[string]any{"id": 1, "state": "blocked", "email": "x@example.com"})
	p, _ := social.New("gitlab", social.Options{ClientID: "c", HTTPClient: net.client(), IssuerURL: "https://git.example/"})
	if _, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "a"}, nil); err == nil {
		t.Error("blocked user accepted")
	}
	raw, _ := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{State: "s"})
	if !strings.HasPrefix(raw, "https://git.example/oauth/authorize?") {
		t.Errorf("url %s", raw)
	}
}

func TestAppleNameFromUserHint(t *testing.T) {
	p, _ := social.New("apple", social.Options{ClientID: "c"})
	hint := &social.UserHint{Email: "x"}
	hint.Name = &struct {
		FirstName string `json:"firstName,omitempty"`
		LastName  string `json:"lastName,omitempty"`
	}{FirstName: "Ann", LastName: "Lee"}
	info, err := p.UserInfo(context.Background(), social.Tokens{IDToken: unsignedJWT(map[string]any{"sub": "a", "email": "e@x.com", "email_verified": true})}, hint)
	if err != nil || info.User.Name != "Ann Lee" || info.Data["name"] != "Ann Lee" {
		t.Errorf("%+v %v", info, err)
	}
}

func TestMicrosoftPhotoAndRefreshScope(t *testing.T) {
	net := newFakeNet()
	net.handle("graph.microsoft.com/v1.0/me/photos/64x64/$value", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte{1, 2, 3}) })
	net.json("login.microsoftonline.com/tenant-1/oauth2/v2.0/token", map[string]any{"access_token": "at"})
	p, _ := social.New("microsoft", social.Options{ClientID: "c", HTTPClient: net.client(), TenantID: "tenant-1", ProfilePhotoSize: 64, Scopes: []string{"Mail.Read"}})
	info, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "at", IDToken: unsignedJWT(map[string]any{"sub": "m", "email": "m@x.com", "email_verified": false})}, nil)
	if err != nil || info.User.Image != "data:image/jpeg;base64, AQID" || info.User.EmailVerified {
		t.Errorf("%+v %v", info, err)
	}
	if _, err := p.(social.Refresher).RefreshAccessToken(context.Background(), "rt"); err != nil {
		t.Fatal(err)
	}
	if got := net.last(t, "login.microsoftonline.com/tenant-1/oauth2/v2.0/token").Form.Get("scope"); got != "openid profile email User.Read offline_access Mail.Read" {
		t.Errorf("refresh scope %q", got)
	}
}

func TestDiscordDefaultAvatar(t *testing.T) {
	net := newFakeNet()
	net.json("discord.com/api/users/@me", map[string]any{"id": "80351110224678912", "username": "u", "discriminator": "1337", "avatar": nil})
	p, _ := social.New("discord", social.Options{ClientID: "c", HTTPClient: net.client()})
	info, err := p.UserInfo(context.Background(), social.Tokens{AccessToken: "a"}, nil)
	if err != nil || info.User.Image != "https://cdn.discordapp.com/embed/avatars/2.png" || info.User.Name != "u" {
		t.Errorf("%+v %v", info, err)
	}
}

// TestIDTokenVerification checks ID-token sign-in of the providers that support it,
// against their JWKS served by the fake network.
func TestIDTokenVerification(t *testing.T) {
	op := socialtest.New(t, "cid", "s")
	now := time.Now()
	for _, tc := range []struct {
		id, jwks, iss string
		opts          social.Options
		extra         map[string]any
	}{
		{id: "google", jwks: "www.googleapis.com/oauth2/v3/certs", iss: "https://accounts.google.com"},
		{id: "apple", jwks: "appleid.apple.com/auth/keys", iss: "https://appleid.apple.com"},
		{id: "microsoft", jwks: "login.microsoftonline.com/tenant-9/discovery/v2.0/keys", iss: "https://login.microsoftonline.com/tenant-9/v2.0", opts: social.Options{TenantID: "tenant-9"}},
		{id: "microsoft", jwks: "login.microsoftonline.com/common/discovery/v2.0/keys", iss: "https://login.microsoftonline.com/t-5/v2.0", extra: map[string]any{"tid": "t-5"}},
		{id: "facebook", jwks: "limited.facebook.com/.well-known/oauth/openid/jwks/", iss: "https://www.facebook.com"},
	} {
		t.Run(tc.id+tc.opts.TenantID, func(t *testing.T) {
			net := newFakeNet()
			net.handle(tc.jwks, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(op.JWKS()) })
			o := tc.opts
			o.ClientID, o.HTTPClient = "cid", net.client()
			p, err := social.New(tc.id, o)
			if err != nil {
				t.Fatal(err)
			}
			v := p.(social.IDTokenVerifier)
			claims := func(mod map[string]any) map[string]any {
				c := map[string]any{"iss": tc.iss, "aud": "cid", "sub": "u1", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "nonce": "n1"}
				for k, v := range tc.extra {
					c[k] = v
				}
				for k, v := range mod {
					c[k] = v
				}
				return c
			}
			check := func(name, tok, nonce string, want bool) {
				t.Helper()
				ok, err := v.VerifyIDToken(context.Background(), tok, nonce)
				if err != nil || ok != want {
					t.Errorf("%s: ok=%v err=%v, want %v", name, ok, err, want)
				}
			}
			check("valid", op.Sign(claims(nil)), "n1", true)
			check("no nonce asked", op.Sign(claims(nil)), "", true)
			check("nonce mismatch", op.Sign(claims(nil)), "n2", false)
			check("other audience", op.Sign(claims(map[string]any{"aud": "evil"})), "", false)
			check("other issuer", op.Sign(claims(map[string]any{"iss": "https://evil.example"})), "", false)
			check("expired", op.Sign(claims(map[string]any{"exp": now.Add(-time.Minute).Unix()})), "", false)
			check("forged", socialtest.SignWith(claims(nil), op.KeyID()), "", false)
			if tc.id != "facebook" {
				check("too old", op.Sign(claims(map[string]any{"iat": now.Add(-2 * time.Hour).Unix()})), "", false)
			}
			o.DisableIDTokenSignIn = true
			p2, _ := social.New(tc.id, o)
			if ok, _ := p2.(social.IDTokenVerifier).VerifyIDToken(context.Background(), op.Sign(claims(nil)), ""); ok {
				t.Error("DisableIDTokenSignIn accepted a token")
			}
		})
	}
	gh, _ := social.New("github", social.Options{ClientID: "c"})
	if _, err := gh.(social.IDTokenVerifier).VerifyIDToken(context.Background(), "x", ""); err != social.ErrIDTokenNotSupported {
		t.Errorf("github id token: %v", err)
	}
}

func TestFacebookAccessTokenIsCheckedWithDebugToken(t *testing.T) {
	net := newFakeNet()
	appID := "cid"
	net.handle("graph.facebook.com/debug_token", func(w http.ResponseWriter, r *http.Request) {
		valid := r.URL.Query().Get("input_token") == "good" && r.URL.Query().Get("access_token") == "cid|sec"
		app := appID
		if r.URL.Query().Get("input_token") == "other-app" {
			app, valid = "999", true
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"app_id": app, "is_valid": valid}})
	})
	p, _ := social.New("facebook", social.Options{ClientID: "cid", ClientSecret: "sec", HTTPClient: net.client()})
	v := p.(social.IDTokenVerifier)
	for tok, want := range map[string]bool{"good": true, "bad": false, "other-app": false} {
		if ok, _ := v.VerifyIDToken(context.Background(), tok, ""); ok != want {
			t.Errorf("%s: %v", tok, ok)
		}
	}
}
