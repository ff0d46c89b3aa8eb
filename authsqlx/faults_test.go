package authsqlx_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/store"
	"github.com/goauth-dev/goauth/authsqlx"
	"github.com/goauth-dev/goauth/authsqlx/sqltest"
)

// tcpProxy forwards connections from 127.0.0.1 to a database; cut closes every forwarded
// connection and refuses new ones (accepted, then closed at once, so clients fail fast
// rather than time out) until restore.
type tcpProxy struct {
	ln     net.Listener
	target string
	wg     sync.WaitGroup

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]struct{}
}

func newTCPProxy(t testing.TB, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.serve)
	t.Cleanup(func() {
		ln.Close()
		p.cut()
		p.wg.Wait()
	})
	return p
}

func (p *tcpProxy) addr() string { return p.ln.Addr().String() }

func (p *tcpProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Go(func() { p.forward(c) })
	}
}

func (p *tcpProxy) forward(c net.Conn) {
	if !p.track(c) {
		return
	}
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil || !p.track(up) {
		p.cutConn(c)
		if up != nil {
			up.Close()
		}
		return
	}
	// Either direction ending (or cut) ends both.
	done := make(chan struct{}, 2)
	for _, pair := range [][2]net.Conn{{up, c}, {c, up}} {
		p.wg.Go(func() {
			_, _ = io.Copy(pair[0], pair[1])
			done <- struct{}{}
		})
	}
	<-done
	p.cutConn(c)
	p.cutConn(up)
	<-done
}

// track registers c, or closes it and returns false while the proxy is cut.
func (p *tcpProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *tcpProxy) cutConn(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *tcpProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// logRecords returns the JSON log records with msg.
func logRecords(t testing.TB, logs *syncBuffer, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// driverText are words of driver and network errors that must never reach a client.
var driverText = []string{"authsqlx", "pgx", "pgconn", "postgres", "sql", "dial", "EOF", "connect", "127.0.0.1", "broken pipe", "reset by peer", "closed"}

func wantGeneric(t *testing.T, what string, r *authtest.Response, status int, body string) {
	t.Helper()
	if r.Status != status || string(r.Body) != body {
		t.Errorf("%s: %d %q, want %d %q", what, r.Status, r.Body, status, body)
	}
	for _, w := range driverText {
		if strings.Contains(strings.ToLower(string(r.Body)), strings.ToLower(w)) {
			t.Errorf("%s: the body shows %q: %s", what, w, r.Body)
		}
	}
}

// TestFaultDatabaseGoesAway: authcore on Postgres through a proxy the test cuts. While the
// database is unreachable, requests answer a generic 500 and the cause is logged; a link
// cut inside sign-up's transaction (after the user insert) leaves no row; once the link
// is back the pool reconnects by itself and requests succeed.
func TestFaultDatabaseGoesAway(t *testing.T) {
	dsn, err := url.Parse(sqltest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newTCPProxy(t, dsn.Host)
	dsn.Host = p.addr()
	var logs syncBuffer
	var cutInTx atomic.Bool
	s, a := serve(t, dsn.String(), func(o *authcore.Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
		o.EmailAndPassword.Password = cheapHasher(nil)
		o.DatabaseHooks = store.Hooks{"account": {Create: store.OpHooks{Before: func(context.Context, db.Record) (db.Record, error) {
			if cutInTx.Load() {
				p.cut()
			}
			return nil, nil
		}}}}
	})
	c := s.Client(t)
	c.SignUp("Before", "before@example.com", "password-before")

	p.cut()
	r := s.Client(t).Post("/sign-up/email", map[string]any{"name": "Down", "email": "down@example.com", "password": "password-down"})
	wantGeneric(t, "sign-up while the database is down", r, http.StatusInternalServerError, "")
	// get-session answers as Better Auth does (api/routes/session.ts): a generic code, no cause.
	const failedToGetSession = `{"message":"Failed to get session","code":"FAILED_TO_GET_SESSION"}`
	r = c.Get("/get-session", nil)
	wantGeneric(t, "get-session while the database is down", r, http.StatusInternalServerError, failedToGetSession)
	// A request made while the database is down uses up a pooled connection that died
	// (see TestFaultStaleConnections); use up any left so that what follows starts clean.
	drain := func() {
		t.Helper()
		for i := 0; a.DB().Stats().Idle > 0; i++ {
			if i == 25 {
				t.Fatalf("idle connections left after %d failed requests: %+v", i, a.DB().Stats())
			}
			wantGeneric(t, "get-session while the database is down", c.Get("/get-session", nil), http.StatusInternalServerError, failedToGetSession)
		}
	}
	drain()
	p.restore()

	// The link goes away inside sign-up's transaction, after the user insert.
	cutInTx.Store(true)
	r = s.Client(t).Post("/sign-up/email", map[string]any{"name": "Mid", "email": "mid@example.com", "password": "password-mid"})
	cutInTx.Store(false)
	wantGeneric(t, "sign-up cut inside its transaction", r, http.StatusUnprocessableEntity, `{"message":"Failed to create user","code":"FAILED_TO_CREATE_USER"}`)
	drain()
	p.restore()

	// Each failure is logged at error level with the adapter's error as its cause.
	for _, want := range []struct{ msg, path string }{
		{"auth request failed", "/sign-up/email"}, {"get-session failed", ""}, {"sign-up: creating user failed", ""},
	} {
		found := false
		for _, rec := range logRecords(t, &logs, want.msg) {
			cause, _ := rec["err"].(string)
			if rec["level"] == "ERROR" && strings.Contains(cause, "authsqlx: ") && (want.path == "" || rec["path"] == want.path) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %q error record (path %q) with the adapter's error in the log:\n%s", want.msg, want.path, logs.String())
		}
	}

	// Back up: the next requests succeed, on new connections, with no restart.
	if got := userEmail(t, c.Get("/get-session", nil)); got != "before@example.com" {
		t.Errorf("get-session after the database came back: %q", got)
	}
	s.Client(t).SignUp("After", "after@example.com", "password-after")
	users, accounts := rows(t, a, "user", "", nil), rows(t, a, "account", "", nil)
	if users != 2 || accounts != 2 {
		t.Errorf("%d users and %d accounts, want before@ and after@ with one account each", users, accounts)
	}
	for _, email := range []string{"down@example.com", "mid@example.com"} {
		if n := rows(t, a, "user", "email", email); n != 0 {
			t.Errorf("%s: %d user rows from a failed sign-up", email, n)
		}
	}
	// And mid@ can sign up now: nothing half-written holds the address.
	s.Client(t).SignUp("Mid", "mid@example.com", "password-mid")
}

// TestPoolLimits: the pool options reach database/sql on each database, the default is
// the documented one, and under concurrent requests the pool stays within its limits.
func TestPoolLimits(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		dsn := freshDSN(t, d)
		want := min(25, max(8, 4*runtime.GOMAXPROCS(0)))
		if d == authsqlx.SQLite {
			want = max(4, runtime.GOMAXPROCS(0))
		}
		if got := open(t, dsn, schema.Core()).DB().Stats().MaxOpenConnections; got != want {
			t.Errorf("default MaxOpenConnections = %d, want %d", got, want)
		}

		const limit, n = 3, 16
		var a *authsqlx.Adapter
		var peak atomic.Int64
		sample := func(context.Context, db.Record) (db.Record, error) {
			for {
				cur, open := peak.Load(), int64(a.DB().Stats().OpenConnections)
				if open <= cur || peak.CompareAndSwap(cur, open) {
					return nil, nil
				}
			}
		}
		s, a := serve(t, dsn, func(o *authcore.Options) {
			// The barrier sends all n sign-ups at the database at once.
			o.EmailAndPassword.Password = cheapHasher(newBarrier(n))
			o.DatabaseHooks = store.Hooks{"user": {Create: store.OpHooks{Before: sample}}, "session": {Create: store.OpHooks{Before: sample}}}
		}, authsqlx.WithMaxOpenConns(limit), authsqlx.WithMaxIdleConns(1), authsqlx.WithConnMaxLifetime(time.Nanosecond))
		if got := a.DB().Stats().MaxOpenConnections; got != limit {
			t.Fatalf("MaxOpenConnections = %d, want %d", got, limit)
		}
		rs := raceHTTP(t, s, n, "/sign-up/email", func(i int) any {
			return map[string]any{"name": "P", "email": fmt.Sprintf("pool%02d@example.com", i), "password": "race-pool"}
		})
		if got := tally(rs); got["200"] != n {
			t.Errorf("outcomes = %v, want %d × 200", got, n)
		}
		st := a.DB().Stats()
		if p := peak.Load(); p < 1 || p > limit {
			t.Errorf("peak open connections = %d, want 1..%d", p, limit)
		}
		// One idle connection at most, and with a 1 ns lifetime none is reused.
		if st.Idle > 1 || st.MaxLifetimeClosed == 0 {
			t.Errorf("idle/lifetime limits not applied: %+v", st)
		}
		t.Logf("%s: peak %d open, %+v", d, peak.Load(), st)
	})
}

// TestFaultStaleConnections: connections that died with the database while idle in the
// pool cost at most one failed request each (a generic 500) when the database is back
// within pgx's one-second liveness window; after that the pool is healthy. (pgx pings a
// connection idle for over a second before reusing it, so after a longer outage stale
// connections are dropped without failing any request.)
func TestFaultStaleConnections(t *testing.T) {
	dsn, err := url.Parse(sqltest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newTCPProxy(t, dsn.Host)
	dsn.Host = p.addr()
	var logs syncBuffer
	s, a := serve(t, dsn.String(), func(o *authcore.Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
		o.EmailAndPassword.Password = cheapHasher(newBarrier(8))
	})
	c := s.Client(t)
	c.SignUp("Stale", "stale@example.com", "password-stale")
	// Eight sign-ups held at the barrier, then at the database together: eight connections.
	rs := raceHTTP(t, s, 8, "/sign-up/email", func(i int) any {
		return map[string]any{"name": "Grow", "email": fmt.Sprintf("grow%d@example.com", i), "password": "race-grow"}
	})
	if got := tally(rs); got["200"] != 8 {
		t.Fatalf("sign-ups = %v", got)
	}
	stale := a.DB().Stats().Idle
	if stale < 2 {
		t.Fatalf("only %d idle connections; the test needs several", stale)
	}

	p.cut()
	p.restore()
	failed := 0
	for {
		r := c.Get("/get-session", nil)
		if r.Status == http.StatusOK {
			break
		}
		wantGeneric(t, "get-session on a stale connection", r, http.StatusInternalServerError, `{"message":"Failed to get session","code":"FAILED_TO_GET_SESSION"}`)
		if failed++; failed > stale {
			t.Fatalf("get-session still failing after %d attempts with %d stale connections", failed, stale)
		}
	}
	t.Logf("%d stale idle connections, %d failed requests before the first success", stale, failed)
	for i := range 10 {
		if got := userEmail(t, c.Get("/get-session", nil)); got != "stale@example.com" {
			t.Fatalf("get-session %d after recovery: %q", i, got)
		}
	}
	if n := len(logRecords(t, &logs, "get-session failed")); n != failed {
		t.Errorf("%d failures logged, want %d", n, failed)
	}
}
