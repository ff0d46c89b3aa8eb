package authredis_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authredis"
)

// faultProxy is a TCP proxy between GoAuth and Redis that the test breaks and heals.
type faultProxy struct {
	ln       net.Listener
	upstream string

	mu    sync.Mutex
	mode  string // "up", "down" (connections are closed at once) or "slow" (held, never answered)
	conns map[net.Conn]bool
	wg    sync.WaitGroup
}

func newFaultProxy(t *testing.T, upstream string) *faultProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, upstream: upstream, mode: "up", conns: map[net.Conn]bool{}}
	p.wg.Go(p.serve)
	t.Cleanup(func() {
		_ = ln.Close()
		p.set("down")
		p.wg.Wait()
	})
	return p
}

func (p *faultProxy) addr() string { return p.ln.Addr().String() }

// set changes the mode; leaving "up" drops every open connection.
func (p *faultProxy) set(mode string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = mode
	for c := range p.conns {
		_ = c.Close()
		delete(p.conns, c)
	}
}

func (p *faultProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode != "up" {
		return false
	}
	for _, c := range cs {
		p.conns[c] = true
	}
	return true
}

func (p *faultProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		mode := p.mode
		if mode == "slow" {
			p.conns[c] = true // held until the mode changes
		}
		p.mu.Unlock()
		switch mode {
		case "down":
			_ = c.Close()
		case "up":
			p.wg.Go(func() { p.pipe(c) })
		}
	}
}

func (p *faultProxy) pipe(c net.Conn) {
	u, err := net.DialTimeout("tcp", p.upstream, time.Second)
	if err != nil {
		_ = c.Close()
		return
	}
	if !p.track(c, u) {
		_ = c.Close()
		_ = u.Close()
		return
	}
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		_ = dst.Close()
		_ = src.Close()
		done <- struct{}{}
	}
	go cp(u, c)
	go cp(c, u)
	<-done
	<-done
}

// logRecorder keeps every record it is given.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Clone())
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

// dump logs the records.
func (l *logRecorder) dump(t *testing.T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.records {
		var b strings.Builder
		r.Attrs(func(a slog.Attr) bool {
			b.WriteString(" " + a.String())
			return true
		})
		t.Logf("log: %s %s%s", r.Level, r.Message, b.String())
	}
}

// count returns how many records' messages contain s, and how many are errors.
func (l *logRecorder) count(s string) (n, errs int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.records {
		if strings.Contains(r.Message, s) {
			n++
		}
		if r.Level >= slog.LevelError {
			errs++
		}
	}
	return n, errs
}

// faultDeployment is one instance whose Redis traffic goes through a faultProxy, with
// short timeouts. The store logs into a recorder, and GoAuth into the same recorder
// through the store's LogHandler.
func faultDeployment(t *testing.T, rateLimit bool) (*deployment, *faultProxy, *logRecorder) {
	opt := redisOptions(t)
	newClient(t) // skip or fail now when Redis is not there
	proxy := newFaultProxy(t, opt.Addr)
	rec := &logRecorder{}
	d := newDeployment(t, 1, setup{
		configure: func(o *authcore.Options) {
			o.RateLimit.Enabled = ptr(rateLimit)
			o.Logger = slog.New(o.SecondaryStorage.(*authredis.Store).LogHandler(rec))
		},
		client: func(int) redis.UniversalClient {
			o := *opt
			o.Addr = proxy.addr()
			o.DialTimeout, o.ReadTimeout, o.WriteTimeout = 100*time.Millisecond, 100*time.Millisecond, 100*time.Millisecond
			c := redis.NewClient(&o)
			t.Cleanup(func() { _ = c.Close() })
			return c
		},
		store: []authredis.Option{authredis.WithTimeout(300 * time.Millisecond), authredis.WithLogger(slog.New(rec))},
	})
	return d, proxy, rec
}

// Redis unreachable or slow: requests fail closed with a 5xx within the bound, recover
// by themselves when Redis is back, and each outage is logged once.
func TestFaults(t *testing.T) {
	for _, rateLimit := range []bool{false, true} {
		name := "sessions"
		if rateLimit {
			name = "rate-limited"
		}
		t.Run(name, func(t *testing.T) {
			d, proxy, rec := faultDeployment(t, rateLimit)
			n := d.nodes[0]
			u := newBrowser(t, "192.0.2.50")
			u.must(u.do(n, http.MethodPost, "/sign-up/email", map[string]any{"email": "carol@x.co", "password": "password-1", "name": "Carol"}), 200, "sign-up")
			tok := u.session(n)
			if tok == "" {
				t.Fatal("no session")
			}
			other := newBrowser(t, "192.0.2.51")

			for outage, mode := range []string{"down", "slow"} {
				proxy.set(mode)
				for i := range 5 {
					start := time.Now()
					r := u.do(n, http.MethodGet, "/get-session", nil)
					if took := time.Since(start); took > 3*time.Second {
						t.Errorf("%s: get-session took %v, want a bounded failure", mode, took)
					}
					if r.status < 500 {
						t.Fatalf("%s: get-session %d: %d %s; want a 5xx (a session that cannot be checked is neither valid nor absent)", mode, i, r.status, r.body)
					}
				}
				// Signing in cannot grant a session that cannot be stored. (With the
				// rate limiter on Redis the request fails before the route with a 500;
				// without it, the route answers its own 401 FAILED_TO_CREATE_SESSION.)
				r := other.do(n, http.MethodPost, "/sign-in/email", map[string]any{"email": "carol@x.co", "password": "password-1"})
				if r.status < 500 && r.code() != "FAILED_TO_CREATE_SESSION" {
					t.Fatalf("%s: sign-in %d %s, want a 5xx or FAILED_TO_CREATE_SESSION", mode, r.status, r.body)
				}
				for _, c := range r.header.Values("Set-Cookie") {
					if strings.HasPrefix(c, "better-auth.session_token=") && !strings.Contains(c, "Max-Age=0") {
						t.Fatalf("%s: sign-in set a session cookie during the outage: %s", mode, c)
					}
				}
				if down, errs := rec.count("redis is unavailable"); down != outage+1 || errs != outage+1 {
					t.Fatalf("%s: %d outage records and %d error records after %d failed requests, want %d of each (once per outage)",
						mode, down, errs, 6, outage+1)
				}

				proxy.set("up")
				if !eventually(func() bool { return u.do(n, http.MethodGet, "/get-session", nil).status == 200 }) {
					t.Fatalf("%s: GoAuth did not recover within 10 s of Redis coming back", mode)
				}
				if got := u.session(n); got != tok {
					t.Fatalf("%s: after recovery the session is %q, want %q", mode, got, tok)
				}
				if testing.Verbose() {
					rec.dump(t)
				}
				if up, _ := rec.count("redis answers again"); up != outage+1 {
					t.Fatalf("%s: %d recovery records, want %d", mode, up, outage+1)
				}
			}
		})
	}
}

// eventually polls cond for up to 10 s.
func eventually(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// The errors of an outage match ErrUnavailable and wrap the cause; the log handler drops
// the records that carry them, and only those.
func TestLogHandler(t *testing.T) {
	rec := &logRecorder{}
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 100 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { _ = c.Close() })
	s := authredis.New(c, authredis.WithLogger(slog.New(rec)))
	l := slog.New(s.LogHandler(rec))
	_, _, err := s.Get(t.Context(), "k")
	var opErr *net.OpError
	if !errors.Is(err, authredis.ErrUnavailable) || !errors.As(err, &opErr) {
		t.Fatalf("Get on a closed port = %v, want ErrUnavailable wrapping the dial error", err)
	}
	l.Error("auth request failed", "err", err)
	l.With("path", "/x").Error("auth request failed", "err", err)
	l.Error("something else failed", "err", errors.New("boom"))
	// During the outage, a route's generic 5xx stands for the same failure.
	l.Error("auth request failed", "err", apierror.FailedToGetSession.WithStatus(500))
	l.Warn("a 4xx is not the outage", "err", apierror.InvalidToken.WithStatus(400))
	if n, _ := rec.count("auth request failed"); n != 0 {
		t.Errorf("%d records of the outage's requests kept, want 0", n)
	}
	if n, _ := rec.count("something else"); n != 1 {
		t.Errorf("an unrelated error record was dropped")
	}
	if n, _ := rec.count("a 4xx"); n != 1 {
		t.Errorf("a 4xx record was dropped")
	}
	if n, _ := rec.count("redis is unavailable"); n != 1 {
		t.Errorf("the outage was logged %d times, want once", n)
	}
}
