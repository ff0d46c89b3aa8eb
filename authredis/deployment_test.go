package authredis_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authredis"
	"github.com/goauth-dev/goauth/authsqlx"
	"github.com/goauth-dev/goauth/authsqlx/sqltest"
)

// A GoAuth deployment scaled out: instances behind one public URL (a load balancer), on
// one Postgres schema and one Redis key prefix, each with its own connection pools.

// publicURL is the base URL every instance is configured with.
const publicURL = "http://auth.test"

type deployment struct {
	t      *testing.T
	dsn    string
	prefix string
	redis  *redis.Client // for inspecting keys
	mail   *mailbox
	nodes  []*node
}

// node is one GoAuth instance: an Auth behind its own listener.
type node struct {
	name  string
	srv   *httptest.Server
	auth  *authcore.Auth
	store *authredis.Store
}

// mailbox records the reset tokens every instance "sends".
type mailbox struct {
	mu     sync.Mutex
	tokens []string
}

func (m *mailbox) last() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.tokens) == 0 {
		return ""
	}
	return m.tokens[len(m.tokens)-1]
}

// cheapHasher replaces scrypt so that the tests measure storage, not hashing.
func cheapHasher() *config.PasswordFuncs {
	sum := func(pw string) string {
		h := sha256.Sum256([]byte(pw))
		return "sha256:" + hex.EncodeToString(h[:])
	}
	return &config.PasswordFuncs{
		Hash:   func(_ context.Context, pw string) (string, error) { return sum(pw), nil },
		Verify: func(_ context.Context, h, pw string) (bool, error) { return h == sum(pw), nil },
	}
}

// setup customises a deployment; its zero value is the default.
type setup struct {
	// configure edits every instance's options.
	configure func(o *authcore.Options)
	// client returns the Redis client of instance i (nil: a direct client).
	client func(i int) redis.UniversalClient
	// store are added to every instance's store options.
	store []authredis.Option
}

// newDeployment starts n instances on a fresh Postgres schema and a fresh Redis prefix.
func newDeployment(t *testing.T, n int, s setup) *deployment {
	t.Helper()
	d := &deployment{t: t, dsn: sqltest.PostgresDSN(t), redis: newClient(t), mail: &mailbox{}}
	d.prefix = testPrefix(t, d.redis)
	for i := range n {
		var c redis.UniversalClient
		if s.client != nil {
			c = s.client(i)
		}
		if c == nil {
			c = newClient(t)
		}
		d.nodes = append(d.nodes, d.start(string(rune('A'+i)), c, s, i == 0))
	}
	return d
}

func (d *deployment) options(st *authredis.Store) authcore.Options {
	return authcore.Options{
		BaseURL: publicURL,
		Secret:  "authredis-test-secret-0123456789abcdefghijklmnop",
		EmailAndPassword: config.EmailAndPassword{
			Enabled:  true,
			Password: cheapHasher(),
			SendResetPassword: func(_ context.Context, e config.Email) error {
				d.mail.mu.Lock()
				defer d.mail.mu.Unlock()
				d.mail.tokens = append(d.mail.tokens, e.Token)
				return nil
			},
		},
		User:             config.User{DeleteUser: config.DeleteUserOptions{Enabled: true}},
		RateLimit:        config.RateLimit{Enabled: ptr(true)},
		SecondaryStorage: st,
		Logger:           slog.New(slog.DiscardHandler),
	}
}

func (d *deployment) start(name string, c redis.UniversalClient, s setup, migrate bool) *node {
	t := d.t
	t.Helper()
	st := authredis.New(c, append([]authredis.Option{authredis.WithKeyPrefix(d.prefix), authredis.WithLogger(slog.New(slog.DiscardHandler))}, s.store...)...)
	opts := d.options(st)
	if s.configure != nil {
		s.configure(&opts)
	}
	sch, err := authcore.Schema(opts)
	if err != nil {
		t.Fatal(err)
	}
	db, err := authsqlx.Open(t.Context(), d.dsn, sch)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if migrate {
		if _, err := authsqlx.Migrate(t.Context(), db); err != nil {
			t.Fatal(err)
		}
	}
	opts.Database = db
	a, err := authcore.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return &node{name: name, srv: srv, auth: a, store: st}
}

// browser keeps cookies across instances (cookies are per host, not per port, like a
// browser's behind a load balancer) and sends the Origin of the public URL.
type browser struct {
	t    testing.TB
	ip   string
	http *http.Client
}

func newBrowser(t testing.TB, ip string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, ip: ip, http: &http.Client{
		Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decoding %q: %v", r.body, err)
	}
	return m
}

func (r reply) code() string {
	var m map[string]any
	_ = json.Unmarshal(r.body, &m)
	s, _ := m["code"].(string)
	return s
}

// do sends a request to one instance; body is JSON-encoded unless nil.
func (b *browser) do(n *node, method, path string, body any) reply {
	b.t.Helper()
	var rd io.Reader = http.NoBody
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, n.srv.URL+"/api/auth"+path, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", publicURL)
	req.Header.Set("X-Forwarded-For", b.ip)
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s on %s: %v", method, path, n.name, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: raw}
}

// session returns the session token the instance sees for the browser, or "".
func (b *browser) session(n *node) string {
	b.t.Helper()
	r := b.do(n, http.MethodGet, "/get-session", nil)
	if r.status != http.StatusOK {
		b.t.Fatalf("get-session on %s: %d %s", n.name, r.status, r.body)
	}
	if string(r.body) == "null" {
		return ""
	}
	sess, _ := r.json(b.t)["session"].(map[string]any)
	tok, _ := sess["token"].(string)
	return tok
}

func (b *browser) must(r reply, want int, what string) reply {
	b.t.Helper()
	if r.status != want {
		b.t.Fatalf("%s: %d %s, want %d", what, r.status, r.body, want)
	}
	return r
}

func ptr[T any](v T) *T { return &v }

// A session created on A works on B; every kind of revocation made on one instance is
// seen by the other on its next request; with sessions also in the database, a session
// evicted from Redis is read from Postgres and written back.
func TestDeploymentSessions(t *testing.T) {
	for _, inDB := range []bool{false, true} {
		name := "redis-only"
		if inDB {
			name = "redis+postgres"
		}
		t.Run(name, func(t *testing.T) {
			d := newDeployment(t, 2, setup{configure: func(o *authcore.Options) { o.Session.StoreSessionInDatabase = inDB }})
			a, b := d.nodes[0], d.nodes[1]
			ctx := t.Context()

			// Sign up on A; the session works on B.
			alice := newBrowser(t, "198.51.100.1")
			alice.must(alice.do(a, http.MethodPost, "/sign-up/email", map[string]any{"email": "alice@x.co", "password": "password-1", "name": "Alice"}), 200, "sign-up on A")
			tok := alice.session(b)
			if tok == "" {
				t.Fatal("the session created on A is unknown to B")
			}
			if alice.session(a) != tok {
				t.Fatal("A and B disagree on the session")
			}
			keys := keysUnder(t, d.redis, d.prefix)
			if !keys[tok] || !keys["198.51.100.1|/sign-up/email"] {
				t.Errorf("Redis keys %v: want the session under its token and the rate-limit entry", keys)
			}

			// Sign out on B: A sees it at once.
			old := alice.cookie(a)
			alice.must(alice.do(b, http.MethodPost, "/sign-out", map[string]any{}), 200, "sign-out on B")
			if alice.session(a) != "" {
				t.Fatal("A still accepts a session signed out on B")
			}
			// Replay the old cookie on A: dead too.
			replay := newBrowser(t, "198.51.100.9")
			replay.http.Jar.SetCookies(mustURL(t, a.srv.URL), []*http.Cookie{old})
			if replay.session(a) != "" {
				t.Fatal("a signed-out token replayed on A is accepted")
			}

			// Two devices; revoke-sessions on B ends both on A.
			phone := newBrowser(t, "198.51.100.2")
			alice.must(alice.do(a, http.MethodPost, "/sign-in/email", map[string]any{"email": "alice@x.co", "password": "password-1"}), 200, "sign-in on A")
			phone.must(phone.do(b, http.MethodPost, "/sign-in/email", map[string]any{"email": "alice@x.co", "password": "password-1"}), 200, "sign-in on B")
			if alice.session(b) == "" || phone.session(a) == "" {
				t.Fatal("sessions not shared")
			}
			phoneTok := phone.session(a)
			alice.must(alice.do(b, http.MethodPost, "/revoke-session", map[string]any{"token": phoneTok}), 200, "revoke-session on B")
			if phone.session(a) != "" {
				t.Fatal("A still accepts a session revoked on B")
			}
			phone.must(phone.do(a, http.MethodPost, "/sign-in/email", map[string]any{"email": "alice@x.co", "password": "password-1"}), 200, "sign-in again on A")
			alice.must(alice.do(b, http.MethodPost, "/revoke-sessions", map[string]any{}), 200, "revoke-sessions on B")
			if alice.session(a) != "" || phone.session(a) != "" {
				t.Fatal("A still accepts sessions revoked with revoke-sessions on B")
			}

			// Change the password on A, revoking the other sessions: the phone's session
			// ends on B; the new session of the browser that changed it works on B.
			laptop := newBrowser(t, "198.51.100.3")
			laptop.must(laptop.do(a, http.MethodPost, "/sign-in/email", map[string]any{"email": "alice@x.co", "password": "password-1"}), 200, "laptop sign-in")
			phone2 := newBrowser(t, "198.51.100.4")
			phone2.must(phone2.do(b, http.MethodPost, "/sign-in/email", map[string]any{"email": "alice@x.co", "password": "password-1"}), 200, "phone sign-in")
			laptop.must(laptop.do(a, http.MethodPost, "/change-password", map[string]any{
				"currentPassword": "password-1", "newPassword": "password-2", "revokeOtherSessions": true,
			}), 200, "change-password on A")
			if phone2.session(b) != "" {
				t.Fatal("B still accepts a session revoked by a password change on A")
			}
			if laptop.session(b) == "" {
				t.Fatal("the session issued by change-password on A is unknown to B")
			}

			if inDB {
				// Evicted from Redis (a flush, memory pressure): read from Postgres,
				// then written back.
				ltok := laptop.session(a)
				if err := d.redis.Del(ctx, d.prefix+ltok).Err(); err != nil {
					t.Fatal(err)
				}
				if laptop.session(b) != ltok {
					t.Fatal("a session evicted from Redis is not read from the database")
				}
				if n := d.redis.Exists(ctx, d.prefix+ltok).Val(); n != 1 {
					t.Fatal("a session read from the database is not written back to Redis")
				}
			}

			// Delete the user on B: its session ends on A, and nothing of it is left.
			laptop.must(laptop.do(b, http.MethodPost, "/delete-user", map[string]any{"password": "password-2"}), 200, "delete-user on B")
			if laptop.session(a) != "" {
				t.Fatal("A still accepts the session of a deleted user")
			}
			for k := range keysUnder(t, d.redis, d.prefix) {
				if len(k) == 32 || (len(k) > 16 && k[:16] == "active-sessions-") {
					t.Errorf("Redis still holds %s after the user was deleted", k)
				}
			}
		})
	}
}

// cookie returns the browser's session cookie.
func (b *browser) cookie(n *node) *http.Cookie {
	b.t.Helper()
	for _, c := range b.http.Jar.Cookies(mustURL(b.t, n.srv.URL)) {
		if c.Name == "better-auth.session_token" {
			return c
		}
	}
	b.t.Fatal("no session cookie")
	return nil
}

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The sign-in limit (3 per 10 s per client) holds across the instances together.
func TestDeploymentRateLimit(t *testing.T) {
	d := newDeployment(t, 2, setup{})
	signIn := func(b *browser, n *node) reply {
		return b.do(n, http.MethodPost, "/sign-in/email", map[string]any{"email": "nobody@x.co", "password": "wrong-password"})
	}
	b := newBrowser(t, "203.0.113.7")
	var got []int
	for i := range 6 {
		r := signIn(b, d.nodes[i%2])
		got = append(got, r.status)
		if r.status == http.StatusTooManyRequests {
			if ra := r.header.Get("X-Retry-After"); ra == "" || ra == "0" || len(ra) > 2 {
				t.Errorf("429 with X-Retry-After %q, want 1..10", ra)
			}
		}
	}
	want := []int{401, 401, 401, 429, 429, 429}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v alternating A and B, want %v", got, want)
		}
	}

	// At once: 24 requests from one client spread over both instances, exactly 3 pass.
	c := newBrowser(t, "203.0.113.8")
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		passed int
		start  = make(chan struct{})
	)
	for i := range 24 {
		wg.Go(func() {
			<-start
			r := signIn(c, d.nodes[i%2])
			if r.status != http.StatusTooManyRequests {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	if passed != 3 {
		t.Fatalf("%d of 24 concurrent sign-ins across both instances got past the limiter, want 3", passed)
	}
}

// 32 redemptions of one password-reset token spread over both instances: one succeeds.
func TestDeploymentResetTokenRedeemedOnce(t *testing.T) {
	for _, inDB := range []bool{false, true} {
		name := "verification-in-redis"
		if inDB {
			name = "verification-in-redis+postgres"
		}
		t.Run(name, func(t *testing.T) {
			d := newDeployment(t, 2, setup{configure: func(o *authcore.Options) { o.Verification.StoreInDatabase = inDB }})
			a, b := d.nodes[0], d.nodes[1]
			u := newBrowser(t, "198.51.100.20")
			u.must(u.do(a, http.MethodPost, "/sign-up/email", map[string]any{"email": "bob@x.co", "password": "password-1", "name": "Bob"}), 200, "sign-up")
			u.must(u.do(a, http.MethodPost, "/request-password-reset", map[string]any{"email": "bob@x.co", "redirectTo": "/reset"}), 200, "request-password-reset on A")
			token := d.mail.last()
			if token == "" {
				t.Fatal("no reset token sent")
			}
			if !keysUnder(t, d.redis, d.prefix)["verification:reset-password:"+token] {
				t.Fatal("the reset token is not in Redis under verification:reset-password:<token>")
			}
			const n = 32
			out := make([]reply, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-start
					r := newBrowser(t, "198.51.100.21")
					out[i] = r.do(d.nodes[i%2], http.MethodPost, "/reset-password", map[string]any{
						"token": token, "newPassword": "race-pw-" + string(rune('a'+i)),
					})
				})
			}
			close(start)
			wg.Wait()
			winner := -1
			for i, r := range out {
				switch {
				case r.status == 200:
					if winner >= 0 {
						t.Fatalf("racers %d and %d both reset the password", winner, i)
					}
					winner = i
				case r.status != 400 || r.code() != "INVALID_TOKEN":
					t.Errorf("racer %d: %d %s, want 400 INVALID_TOKEN", i, r.status, r.body)
				}
			}
			if winner < 0 {
				t.Fatal("no racer reset the password")
			}
			// The winner's password works on the other instance; the old one does not.
			s := newBrowser(t, "198.51.100.22")
			s.must(s.do(b, http.MethodPost, "/sign-in/email", map[string]any{"email": "bob@x.co", "password": "race-pw-" + string(rune('a'+winner))}), 200, "sign-in with the new password")
			s.must(s.do(a, http.MethodPost, "/sign-in/email", map[string]any{"email": "bob@x.co", "password": "password-1"}), 401, "sign-in with the old password")
			if keysUnder(t, d.redis, d.prefix)["verification:reset-password:"+token] {
				t.Error("the redeemed token is still in Redis")
			}
		})
	}
}
