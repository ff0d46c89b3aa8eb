package authcore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authcore/secret"
)

// Allocation budgets of the hot paths: allocations per call, measured with
// testing.AllocsPerRun after the optimisations of issue 7, plus a little headroom. A change
// that makes one of these paths allocate more fails here; raise a budget only with a
// reason (and update docs/performance.md). Counts differ in -race builds, which have their
// own column. Only the handler's allocations are counted (discardWriter keeps nothing).
//
// Speed is not asserted anywhere: see the benchmarks (bench_test.go) and scripts/bench.
var allocBudgets = map[string]authtest.AllocBudget{
	// GET /ok: the endpoint.Request, its response header map and query values (the
	// Content-Type line is a shared value). Measured: 3 (race 3).
	"ok": {Plain: 4, Race: 4},
	// GET /get-session answered from memdb. Most of it is the store's and memdb's (maps
	// copied per row, where clauses). Measured: 26 (race 29).
	"get-session/memdb": {Plain: 28, Race: 31},
	// GET /get-session answered from a compact session_data value seen before (the
	// decoded value is remembered): cookie map, token, the copy of the remembered data,
	// the response. Measured: 11 (race 13).
	"get-session/cookie-cache": {Plain: 13, Race: 15},
	// The same, the first time a value is seen: base64 and HMAC into one buffer, typed
	// JSON decode, the memo entry. Measured: 17 (race 20).
	"get-session/cookie-cache-first-read": {Plain: 19, Race: 22},
	// Signed-cookie verification (every request with a session): pooled HMAC state.
	// Measured: 0 (race 3: sync.Pool drops items under -race).
	"secret/VerifyValue": {Plain: 0, Race: 4},
	// Rate-limit check of an allowed request: the "ip|path" key. Measured: 1 (race 1).
	"ratelimit/Check": {Plain: 1, Race: 2},
}

const allocRuns = 200

func checkBudget(t *testing.T, name string, f func()) {
	t.Helper()
	b, ok := allocBudgets[name]
	if !ok {
		t.Fatalf("no budget for %q", name)
	}
	authtest.CheckAllocs(t, name, b, allocRuns, f)
}

// discardWriter is a ResponseWriter that keeps nothing and allocates nothing.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func newDiscardWriter() *discardWriter { return &discardWriter{h: make(http.Header, 8)} }

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(s int)   { w.status = s }
func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(b)
	return len(b), nil
}
func (w *discardWriter) reset() { clear(w.h); w.status, w.n = 0, 0 }

// serveAllocs returns a function serving req with a, checking the status.
func serveAllocs(t *testing.T, a *authcore.Auth, req *http.Request) func() {
	w := newDiscardWriter()
	return func() {
		w.reset()
		a.ServeHTTP(w, req)
		if w.status != http.StatusOK || w.n == 0 {
			t.Fatalf("%s = %d (%d bytes)", req.URL.Path, w.status, w.n)
		}
	}
}

// cheapHash stands in for scrypt where the test signs in many times.
var cheapHash = &config.PasswordFuncs{
	Hash: func(_ context.Context, pw string) (string, error) {
		s := sha256.Sum256([]byte(pw))
		return hex.EncodeToString(s[:]), nil
	},
	Verify: func(_ context.Context, h, pw string) (bool, error) {
		s := sha256.Sum256([]byte(pw))
		return h == hex.EncodeToString(s[:]), nil
	},
}

func TestAllocationBudgets(t *testing.T) {
	t.Run("ok", func(t *testing.T) {
		a := newAuth(t, nil)
		checkBudget(t, "ok", serveAllocs(t, a, httptest.NewRequest(http.MethodGet, "/api/auth/ok", nil)))
	})

	t.Run("get-session/memdb", func(t *testing.T) {
		a := newAuth(t, func(o *authcore.Options) { o.EmailAndPassword.Password = cheapHash })
		_, cookie := signUpCookie(t, a)
		req := httptest.NewRequest(http.MethodGet, "/api/auth/get-session", nil)
		req.Header.Set("Cookie", cookie)
		checkBudget(t, "get-session/memdb", serveAllocs(t, a, req))
	})

	cacheAuth := func(t *testing.T) *authcore.Auth {
		return newAuth(t, func(o *authcore.Options) {
			o.EmailAndPassword.Password = cheapHash
			o.Session.CookieCache.Enabled = true
			o.Session.CookieCache.Strategy = "compact"
		})
	}
	t.Run("get-session/cookie-cache", func(t *testing.T) {
		a := cacheAuth(t)
		token, cookie := signUpCookie(t, a)
		if err := a.Context.Store.DeleteSession(context.Background(), token); err != nil {
			t.Fatal(err) // without the row only the cache can answer
		}
		req := httptest.NewRequest(http.MethodGet, "/api/auth/get-session", nil)
		req.Header.Set("Cookie", cookie)
		checkBudget(t, "get-session/cookie-cache", serveAllocs(t, a, req))
	})

	t.Run("get-session/cookie-cache-first-read", func(t *testing.T) {
		a := cacheAuth(t)
		signUpCookie(t, a)
		// A new session_data value per call: sign in beforehand as often as AllocsPerRun
		// will call (its runs plus one warm-up).
		const runs = allocRuns
		reqs := make([]*http.Request, 0, runs+1)
		for range runs + 1 {
			_, hdr, err := a.API.SignInEmail(context.Background(), nil, authcore.SignInEmailInput{Email: "ada@example.com", Password: "correct horse battery"})
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, "/api/auth/get-session", nil)
			req.Header.Set("Cookie", cookieHeader(hdr).Get("Cookie"))
			reqs = append(reqs, req)
		}
		w := newDiscardWriter()
		i := 0
		checkBudget(t, "get-session/cookie-cache-first-read", func() {
			w.reset()
			a.ServeHTTP(w, reqs[i])
			i++
			if w.status != http.StatusOK || w.n < 100 {
				t.Fatalf("get-session = %d (%d bytes)", w.status, w.n)
			}
		})
	})

	t.Run("secret/VerifyValue", func(t *testing.T) {
		k, err := secret.New(testSecret, nil)
		if err != nil {
			t.Fatal(err)
		}
		signed := k.SignValue("tokTOKENtokenTOKENtokenTOKEN0123")
		checkBudget(t, "secret/VerifyValue", func() {
			if _, ok := k.VerifyValue(signed); !ok {
				t.Fatal("VerifyValue failed")
			}
		})
	})

	t.Run("ratelimit/Check", func(t *testing.T) {
		l := ratelimit.New(ratelimit.Config{Enabled: true, Max: 1 << 30})
		ctx := context.Background()
		now := time.Unix(1_700_000_000, 0)
		checkBudget(t, "ratelimit/Check", func() {
			now = now.Add(time.Millisecond)
			if d, err := l.Check(ctx, "192.0.2.1", "/get-session", now); err != nil || !d.Allowed {
				t.Fatal(d, err)
			}
		})
	})
}

// signUpCookie signs Ada up in process and returns the session token and the Cookie
// header a browser would send back.
func signUpCookie(t *testing.T, a *authcore.Auth) (token, cookie string) {
	t.Helper()
	out, hdr, err := a.API.SignUpEmail(context.Background(), nil, authcore.SignUpEmailInput{Name: "Ada", Email: "ada@example.com", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	cookie = cookieHeader(hdr).Get("Cookie")
	if !strings.Contains(cookie, "session_token=") {
		t.Fatalf("no session cookie in %q", cookie)
	}
	return *out.Token, cookie
}
