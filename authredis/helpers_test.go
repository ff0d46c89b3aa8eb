package authredis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Services the tests use for real. In CI (CI=true) a service that cannot be reached fails
// the test; elsewhere the test is skipped with the reason.
const (
	defaultRedis = "redis://127.0.0.1:6379/0"
)

func TestMain(m *testing.M) {
	// go-redis logs every failed dial on its own; the fault tests cause many on purpose.
	redis.SetLogger(discardLogger{})
	os.Exit(m.Run())
}

type discardLogger struct{}

func (discardLogger) Printf(context.Context, string, ...any) {}

// unavailable fails (CI) or skips the test because a service cannot be used.
func unavailable(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is unavailable in CI: %v (start it with scripts/test-services.sh)", what, err)
	}
	t.Skipf("%s is unavailable: %v (start it with scripts/test-services.sh, or set GOAUTH_TEST_REDIS)", what, err)
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// redisOptions returns the options of the test Redis (GOAUTH_TEST_REDIS, a redis:// URL),
// with bounded timeouts and context deadlines honoured.
func redisOptions(t testing.TB) *redis.Options {
	t.Helper()
	u := os.Getenv("GOAUTH_TEST_REDIS")
	if u == "" {
		u = defaultRedis
	}
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatalf("GOAUTH_TEST_REDIS: %v", err)
	}
	opt.ContextTimeoutEnabled = true
	opt.DialTimeout = 2 * time.Second
	opt.ReadTimeout = 2 * time.Second
	opt.WriteTimeout = 2 * time.Second
	return opt
}

// newClient returns a client of the test Redis, closed when t ends.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	opt := redisOptions(t)
	c := redis.NewClient(opt)
	t.Cleanup(func() { _ = c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		unavailable(t, "Redis at "+opt.Addr, err)
	}
	return c
}

// testPrefix returns a key prefix of its own for t, ending like Better Auth's default
// ("…:better-auth:"); every key under it is deleted when t ends.
func testPrefix(t testing.TB, c redis.UniversalClient) string {
	t.Helper()
	p := randomName("goauth-test:") + ":better-auth:"
	t.Cleanup(func() { flushPrefix(t, c, p) })
	return p
}

// flushPrefix deletes the keys under prefix.
func flushPrefix(t testing.TB, c redis.UniversalClient, prefix string) {
	ctx := context.Background()
	var keys []string
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Errorf("scanning %s*: %v", prefix, err)
		return
	}
	for _, k := range keys {
		if err := c.Del(ctx, k).Err(); err != nil {
			t.Errorf("deleting %s: %v", k, err)
		}
	}
}

// keysUnder returns the keys under prefix, without it.
func keysUnder(t testing.TB, c redis.UniversalClient, prefix string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	out := map[string]bool{}
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		out[iter.Val()[len(prefix):]] = true
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
