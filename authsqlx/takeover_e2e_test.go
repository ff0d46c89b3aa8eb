package authsqlx_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authsqlx"
)

// fixture is testdata/betterauth/takeover-signin.json: what clients of the Better Auth
// 1.6.9 reference server that wrote takeover-signin-sqlite.sql know (see the README).
type fixture struct {
	Secret      string
	GeneratedAt time.Time
	Users       []struct{ Name, Email, Password string }
	Sessions    []struct {
		Email, UserAgent, Cookie, Token string
		SignedOut                       bool
	}
	ResetPassword struct{ Email, Token string }
}

// restoreDump writes testdata/betterauth/<name> (a sqlite3 .dump) into a new database file
// and returns its path.
func restoreDump(t testing.TB, name string) string {
	t.Helper()
	dump, err := os.ReadFile(filepath.Join("testdata", "betterauth", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "better-auth.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(string(dump)); err != nil {
		t.Fatalf("restore %s: %v", name, err)
	}
	return path
}

// signCookie is better-call's signCookieValue: encodeURIComponent(value + "." +
// base64(HMAC-SHA256(secret, value))). Written here from the upstream code rather than
// taken from authcore, so the test checks authcore against Better Auth.
func signCookie(secret, value string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(value))
	return url.QueryEscape(value + "." + base64.StdEncoding.EncodeToString(m.Sum(nil)))
}

// TestTakeoverServeBetterAuthDatabase serves a database the real Better Auth 1.6.9 wrote
// with authcore + authsqlx and the same secret: it plans empty, the users sign in with
// their passwords (scrypt hashes Better Auth made, NFKC included), the session cookies
// Better Auth handed out keep working (and a signed-out one stays out), and a reset token
// Better Auth mailed resets the password.
func TestTakeoverServeBetterAuthDatabase(t *testing.T) {
	t.Parallel() // seven scrypt computations: slow under -race, and only CPU-bound
	raw, err := os.ReadFile(filepath.Join("testdata", "betterauth", "takeover-signin.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx fixture
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	path := restoreDump(t, "takeover-signin-sqlite.sql")
	ctx := t.Context()
	var a *authsqlx.Adapter
	// The clock starts a minute after the fixture was made: its sessions are 7-day ones.
	epoch, start := fx.GeneratedAt.Add(time.Minute), time.Now()
	s := authtest.New(t, func(o *authcore.Options) {
		o.Secret = fx.Secret
		o.Now = func() time.Time { return epoch.Add(time.Since(start)) }
		sch, err := authcore.Schema(*o)
		if err != nil {
			t.Fatal(err)
		}
		a = open(t, "file:"+path, sch)
		if p, err := a.Plan(ctx); err != nil || !p.Empty() || len(p.Notes) != 0 {
			t.Fatalf("Plan on Better Auth's database = %v, %v; want empty, no notes", p, err)
		}
		o.Database = a
	})

	for _, u := range fx.Users {
		r := s.Client(t).Post("/sign-in/email", map[string]any{"email": u.Email, "password": u.Password})
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"email":"`+u.Email+`"`) {
			t.Errorf("sign-in %s: %d %s", u.Email, r.Status, r.Body)
		}
	}
	if r := s.Client(t).Post("/sign-in/email", map[string]any{"email": "ann@example.com", "password": "ann-wrong-horse-1"}); r.Status != http.StatusUnauthorized {
		t.Errorf("sign-in with a wrong password: %d %s", r.Status, r.Body)
	}
	// Better Auth hashes NFKC(password): Carol's fullwidth letters and their ASCII form are
	// one password.
	s.Client(t).SignIn("carol@example.com", "carol-fullwidth-pw")

	for _, sess := range fx.Sessions {
		if got := signCookie(fx.Secret, sess.Token); got != sess.Cookie {
			t.Errorf("signed cookie of %s = %s, Better Auth set %s", sess.Token, got, sess.Cookie)
		}
		c := s.Client(t)
		c.Header.Set("Cookie", "better-auth.session_token="+sess.Cookie)
		r := c.Get("/get-session", nil)
		wantStatus(t, "get-session", r, http.StatusOK)
		if sess.SignedOut {
			if string(r.Body) != "null" {
				t.Errorf("get-session with a cookie signed out at Better Auth: %s", r.Body)
			}
			continue
		}
		var body struct {
			Session struct{ Token, UserAgent string }
			User    struct{ Email string }
		}
		r.JSON(t, &body)
		if body.User.Email != sess.Email || body.Session.Token != sess.Token || body.Session.UserAgent != sess.UserAgent {
			t.Errorf("get-session with Better Auth's cookie for %s (%s) = %s", sess.Email, sess.UserAgent, r.Body)
		}
	}
	// The signature is checked: the same token signed with another secret is no session.
	c := s.Client(t)
	c.Header.Set("Cookie", "better-auth.session_token="+signCookie("another-secret-0123456789abcdefghijkl", fx.Sessions[0].Token))
	if r := c.Get("/get-session", nil); r.Status != http.StatusOK || string(r.Body) != "null" {
		t.Errorf("get-session with a forged signature: %d %s", r.Status, r.Body)
	}

	rp := fx.ResetPassword
	r := s.Client(t).Post("/reset-password", map[string]any{"token": rp.Token, "newPassword": "carol-new-password"})
	wantStatus(t, "reset-password with Better Auth's token", r, http.StatusOK)
	s.Client(t).SignIn(rp.Email, "carol-new-password")

	if p, err := a.Plan(ctx); err != nil || !p.Empty() {
		t.Errorf("Plan after serving = %v, %v; want empty", p, err)
	}
}

// TestTakeoverServedByBetterAuth is the reverse: a database GoAuth created and wrote is
// served by the real Better Auth 1.6.9 reference server (KEEP_DB=1), which accepts
// GoAuth's session cookie and password hash and adds nothing to the schema; GoAuth then
// serves the session Better Auth created.
//
// It needs node and the reference server: GOAUTH_TEST_BETTERAUTH_NODE=<dir of server.mjs>
// (e.g. /tmp/goauth-conformance/betterauth-node). scripts/test.sh installs the reference
// with the conformance kit and sets it, so CI runs this test; a bare `go test` without
// it skips.
func TestTakeoverServedByBetterAuth(t *testing.T) {
	ref := os.Getenv("GOAUTH_TEST_BETTERAUTH_NODE")
	if ref == "" {
		t.Skip("set GOAUTH_TEST_BETTERAUTH_NODE to the reference server's directory to run Better Auth on a GoAuth database")
	}
	path := filepath.Join(t.TempDir(), "goauth.db")
	const email, password = "gopher@example.com", "gopher-Pässwort-1"

	// GoAuth creates the database and signs a user up (real scrypt).
	var a *authsqlx.Adapter
	s := authtest.New(t, func(o *authcore.Options) {
		sch, err := authcore.Schema(*o)
		if err != nil {
			t.Fatal(err)
		}
		a = open(t, "file:"+path, sch)
		if _, err := authsqlx.Migrate(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		o.Database = a
	})
	c := s.Client(t)
	c.SignUp("Gopher", email, password)
	goCookie := strings.TrimPrefix(c.CookieHeader(), "better-auth.session_token=")
	before := sqliteMaster(t, a.DB().DB)
	s.Close()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	base := runBetterAuth(t, ref, path, authtest.Secret)
	ba := func(method, route, cookie string, body any) (int, []byte, http.Header) {
		t.Helper()
		var rd *bytes.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		} else {
			rd = bytes.NewReader(nil)
		}
		req, _ := http.NewRequestWithContext(t.Context(), method, base+"/api/auth"+route, rd)
		req.Header.Set("Origin", base)
		req.Header.Set("Content-Type", "application/json")
		if cookie != "" {
			req.Header.Set("Cookie", "better-auth.session_token="+cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("Better Auth %s %s: %v", method, route, err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		return resp.StatusCode, buf.Bytes(), resp.Header
	}
	status, body, _ := ba(http.MethodGet, "/get-session", goCookie, nil)
	if status != http.StatusOK || !strings.Contains(string(body), `"email":"`+email+`"`) {
		t.Fatalf("Better Auth get-session with GoAuth's cookie: %d %s", status, body)
	}
	status, body, h := ba(http.MethodPost, "/sign-in/email", "", map[string]any{"email": email, "password": password})
	if status != http.StatusOK {
		t.Fatalf("Better Auth sign-in with GoAuth's password hash: %d %s", status, body)
	}
	var baCookie string
	for _, line := range h.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(line, "better-auth.session_token="); ok {
			baCookie, _, _ = strings.Cut(v, ";")
		}
	}
	var signIn struct{ Token string }
	if err := json.Unmarshal(body, &signIn); err != nil || baCookie != signCookie(authtest.Secret, signIn.Token) {
		t.Fatalf("Better Auth's session cookie %q for token %q (%v)", baCookie, signIn.Token, err)
	}
	status, body, _ = ba(http.MethodPost, "/update-user", baCookie, map[string]any{"name": "Gopher at Better Auth"})
	if status != http.StatusOK {
		t.Fatalf("Better Auth update-user: %d %s", status, body)
	}

	// Better Auth's own migrator, run at its start, found nothing to add.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if after := sqliteMaster(t, raw); after != before {
		t.Errorf("Better Auth changed the schema GoAuth created:\nbefore %s\nafter  %s", before, after)
	}

	// Back to GoAuth: plan empty, Better Auth's session and write visible.
	s2 := authtest.New(t, func(o *authcore.Options) {
		sch, err := authcore.Schema(*o)
		if err != nil {
			t.Fatal(err)
		}
		a = open(t, "file:"+path, sch)
		if p, err := a.Plan(t.Context()); err != nil || !p.Empty() {
			t.Fatalf("Plan after Better Auth served the database = %v, %v", p, err)
		}
		o.Database = a
	})
	c2 := s2.Client(t)
	c2.Header.Set("Cookie", "better-auth.session_token="+baCookie)
	r := c2.Get("/get-session", nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"name":"Gopher at Better Auth"`) {
		t.Errorf("GoAuth get-session with Better Auth's cookie: %d %s", r.Status, r.Body)
	}
}

// sqliteMaster returns the schema objects of a SQLite database, one per line.
func sqliteMaster(t testing.TB, q *sql.DB) string {
	t.Helper()
	var out string
	if err := q.QueryRow(`SELECT group_concat(type || ' ' || name || ': ' || sql, char(10)) FROM (SELECT * FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)`).Scan(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// runBetterAuth starts the reference server on the SQLite file at path (KEEP_DB=1) and
// returns its origin; the server is stopped when t ends.
func runBetterAuth(t *testing.T, dir, path, secret string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	cmd := exec.Command("node", "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PORT="+fmt.Sprint(port), "BASE_URL="+base, "SECRET="+secret, "DATABASE="+path,
		"OUTBOX="+filepath.Join(t.TempDir(), "outbox.jsonl"), "PROFILE=core", "RATE_LIMIT=off", "KEEP_DB=1", "NODE_ENV=development")
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("node server.mjs: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	// Poll /health every 50 ms for at most 20 s (node takes about a second).
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for {
		if resp, err := http.Get(base + "/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("reference server exited: %v\n%s", err, logs.String())
		case <-deadline:
			t.Fatalf("reference server not up after 20s:\n%s", logs.String())
		case <-tick.C:
		}
	}
}
