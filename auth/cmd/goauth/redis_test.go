package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authsqlx/sqltest"
)

// Services the end-to-end tests use. In CI (CI=true) a missing one fails the test.
const (
	testRedisURL = "redis://127.0.0.1:6379/0"
)

func unavailable(t *testing.T, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is unavailable in CI: %v (start it with scripts/test-services.sh)", what, err)
	}
	t.Skipf("%s is unavailable: %v (start it with scripts/test-services.sh)", what, err)
}

func randomHex() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// testRedis returns the test Redis URL and a key prefix of the test's own, whose keys are
// deleted when t ends.
func testRedis(t *testing.T) (string, string) {
	t.Helper()
	u := env("GOAUTH_TEST_REDIS", testRedisURL)
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	t.Cleanup(func() { _ = c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		unavailable(t, "Redis at "+opt.Addr, err)
	}
	prefix := "goauth-cli-test:" + randomHex() + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return u, prefix
}

func TestLoadConfigRedis(t *testing.T) {
	fc, err := loadConfig(writeConfig(t, `
redis:
  url: redis://127.0.0.1:6379/2
  keyPrefix: "app:"
  dialTimeout: 3s
  readTimeout: 250ms
  writeTimeout: 500ms
  timeout: 1s
  storeSessionInDatabase: true
`))
	if err != nil {
		t.Fatal(err)
	}
	r := fc.Redis
	if r.URL != "redis://127.0.0.1:6379/2" || r.KeyPrefix == nil || *r.KeyPrefix != "app:" || r.DialTimeout != 3*time.Second ||
		r.ReadTimeout != 250*time.Millisecond || r.WriteTimeout != 500*time.Millisecond || r.Timeout != time.Second || !r.StoreSessionInDatabase {
		t.Errorf("redis section = %+v", r)
	}
	if _, err := loadConfig(writeConfig(t, "redis:\n  prefix: x\n")); err == nil {
		t.Error("an unknown redis key was accepted")
	}
}

func TestRedisURLErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, "redis:\n  dialTimeout: 200ms\n  readTimeout: 200ms\n")
	for name, u := range map[string]string{
		"unreachable": "redis://:hunter2@127.0.0.1:1/0",
		"bad scheme":  "http://127.0.0.1:6379",
	} {
		_, err := run(t, dir, map[string]string{"REDIS_URL": u, "PORT": "0"}, "", "serve", "--config", cfg)
		if err == nil {
			t.Errorf("%s: serve started", name)
			continue
		}
		msg := oneLine(err.Error())
		if !strings.Contains(msg, "redis") && !strings.Contains(msg, "REDIS_URL") || strings.Contains(msg, "hunter2") {
			t.Errorf("%s: error %q should name Redis and hide the password", name, msg)
		}
	}
	out, err := run(t, dir, map[string]string{"REDIS_URL": "redis://127.0.0.1:1/0"}, "", "doctor", "--config", cfg)
	if err == nil || !strings.Contains(out, "FAIL  redis") {
		t.Errorf("doctor with an unreachable Redis: %v\n%s", err, out)
	}
}

// goauthBinary builds the command once per test binary run.
func goauthBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "goauth")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// startServe runs `goauth serve --config cfg` with env and waits until it answers /ok.
func startServe(t *testing.T, bin, cfg string, env []string) string {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(bin, "serve", "--config", cfg)
	cmd.Env = append(append(os.Environ(), env...), "PORT="+port)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("goauth serve on %s:\n%s", port, logs.String())
		}
	})
	base := "http://127.0.0.1:" + port
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/api/auth/ok"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return base
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("goauth serve did not start:\n%s", logs.String())
	return ""
}

// Two `goauth serve` processes on one DATABASE_URL and one REDIS_URL behave as one
// service: a session made by one is valid on the other, a sign-out on one is seen by the
// other, and the sign-in limit counts the requests of both.
func TestServeTwoProcessesShareRedis(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the goauth binary")
	}
	redisURL, prefix := testRedis(t)
	dbURL := sqltest.PostgresDSN(t)
	cfg := writeConfig(t, "redis:\n  keyPrefix: \""+prefix+"\"\n")
	bin := goauthBinary(t)
	env := []string{
		"DATABASE_URL=" + dbURL, "REDIS_URL=" + redisURL, "BASE_URL=http://localhost:3000",
		"BETTER_AUTH_SECRET=goauth-cli-test-secret-0123456789abcdefghijklmn", "RATE_LIMIT=on",
		"GOAUTH_ENV=", "PROFILE=",
	}
	a := startServe(t, bin, cfg, env) // migrates the fresh schema
	b := startServe(t, bin, cfg, env)

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	do := func(base, method, path, ip string, body any) (int, []byte) {
		t.Helper()
		var rd io.Reader = http.NoBody
		if body != nil {
			raw, _ := json.Marshal(body)
			rd = bytes.NewReader(raw)
		}
		req, _ := http.NewRequest(method, base+"/api/auth"+path, rd)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "http://localhost:3000")
		req.Header.Set("X-Forwarded-For", ip)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, raw
	}
	if st, body := do(a, "POST", "/sign-up/email", "198.51.100.1", map[string]any{"email": "cli@x.co", "password": "password-1", "name": "Cli"}); st != 200 {
		t.Fatalf("sign-up on A: %d %s", st, body)
	}
	if st, body := do(b, "GET", "/get-session", "198.51.100.1", nil); st != 200 || !bytes.Contains(body, []byte(`"cli@x.co"`)) {
		t.Fatalf("get-session on B: %d %s", st, body)
	}
	if st, body := do(b, "POST", "/sign-out", "198.51.100.1", map[string]any{}); st != 200 {
		t.Fatalf("sign-out on B: %d %s", st, body)
	}
	if st, body := do(a, "GET", "/get-session", "198.51.100.1", nil); st != 200 || string(body) != "null" {
		t.Fatalf("get-session on A after sign-out on B: %d %s", st, body)
	}
	var statuses []int
	for i := range 5 {
		base := a
		if i%2 == 1 {
			base = b
		}
		st, _ := do(base, "POST", "/sign-in/email", "198.51.100.2", map[string]any{"email": "cli@x.co", "password": "wrong-password"})
		statuses = append(statuses, st)
	}
	if want := []int{401, 401, 401, 429, 429}; !equalInts(statuses, want) {
		t.Fatalf("sign-in statuses across A and B = %v, want %v", statuses, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
