package authredis_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/kv/kvtest"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authredis"
)

// The store on the other topologies a redis.UniversalClient covers: Redis Cluster and
// Sentinel, each on redis-server processes the test starts (the shared Redis on 6379 is a
// standalone server).

// spawnRedis starts redis-server with args on a free port and returns its address; the
// process is stopped when t ends.
func spawnRedis(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		unavailable(t, "redis-server (to start a cluster or a sentinel)", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	_ = ln.Close()
	dir := t.TempDir()
	cmd := exec.Command(bin, append(args, "--port", port, "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no")...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := "127.0.0.1:" + port
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer c.Close()
	if !eventually(func() bool { return c.Ping(context.Background()).Err() == nil }) {
		t.Fatalf("redis-server %v on %s did not start", args, addr)
	}
	return addr
}

// newClusterClient starts a one-node Redis Cluster owning every slot. Redis enforces
// cluster rules on it as on a larger one: a command or script touching keys of several
// slots fails with CROSSSLOT.
func newClusterClient(t *testing.T) redis.UniversalClient {
	dir := t.TempDir()
	addr := spawnRedis(t, "--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(dir, "nodes.conf"))
	admin := redis.NewClient(&redis.Options{Addr: addr})
	defer admin.Close()
	ctx := context.Background()
	if err := admin.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", 0, 16383).Err(); err != nil {
		t.Fatal(err)
	}
	if !eventually(func() bool {
		info, _ := admin.ClusterInfo(ctx).Result()
		return strings.Contains(info, "cluster_state:ok")
	}) {
		t.Fatal("cluster did not become ready")
	}
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, IsClusterMode: true, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = c.Close() })
	if _, ok := c.(*redis.ClusterClient); !ok {
		t.Fatalf("NewUniversalClient returned %T, want a cluster client", c)
	}
	return c
}

// newSentinelClient starts a Redis and a Sentinel monitoring it, and returns a failover
// client that finds the master through the sentinel.
func newSentinelClient(t *testing.T) redis.UniversalClient {
	master := spawnRedis(t)
	host, port, _ := net.SplitHostPort(master)
	conf := filepath.Join(t.TempDir(), "sentinel.conf")
	if err := os.WriteFile(conf, []byte("sentinel monitor goauth "+host+" "+port+" 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sentinel := spawnRedis(t, conf, "--sentinel")
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{sentinel}, MasterName: "goauth", ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = c.Close() })
	if _, ok := c.(*redis.Client); !ok {
		t.Fatalf("NewUniversalClient returned %T, want a failover client", c)
	}
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("failover client: %v", err)
	}
	return c
}

func TestTopologies(t *testing.T) {
	newClient(t) // fails in CI, or skips, when the test Redis is not there at all
	for name, newClient := range map[string]func(t *testing.T) redis.UniversalClient{
		"cluster":  newClusterClient,
		"sentinel": newSentinelClient,
	} {
		t.Run(name, func(t *testing.T) {
			c := newClient(t)
			t.Run("kvtest", func(t *testing.T) {
				kvtest.Run(t, func(t *testing.T) kvtest.Harness {
					return kvtest.Harness{Store: authredis.New(c), TTL: pttl(c, authredis.DefaultKeyPrefix)}
				})
			})
			t.Run("ratelimit", func(t *testing.T) {
				a, b := authredis.New(c).RateLimitStore(), authredis.New(c).RateLimitStore()
				var (
					wg      sync.WaitGroup
					mu      sync.Mutex
					allowed int
				)
				rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
				for i := range 32 {
					s := a
					if i%2 == 1 {
						s = b
					}
					wg.Go(func() {
						d, err := s.Consume(t.Context(), "192.0.2.1|/sign-in/email", rule, time.Now())
						if err != nil {
							t.Error(err)
						}
						if d.Allowed {
							mu.Lock()
							allowed++
							mu.Unlock()
						}
					})
				}
				wg.Wait()
				if allowed != 3 {
					t.Fatalf("%d of 32 allowed, want 3", allowed)
				}
			})
			t.Run("sessions", func(t *testing.T) {
				// Keys of one user's sessions live in different slots; each call touches one.
				e := newStoreEnv(t, kvBackend{instance: func() kv.Store { return authredis.New(c) }}, withSessionsInDB)
				st := e.store(e.kv)
				u := e.user(st, "a@x.co")
				for i := range 8 {
					e.session(st, u.ID, "tok"+strconv.Itoa(i), time.Hour)
				}
				if got := len(e.tokens(u.ID)); got != 8 {
					t.Fatalf("%d sessions in the index, want 8", got)
				}
				if err := st.DeleteOtherSessions(t.Context(), u.ID, "tok3"); err != nil {
					t.Fatal(err)
				}
				if got := e.tokens(u.ID); len(got) != 1 || got[0] != "tok3" {
					t.Fatalf("index after DeleteOtherSessions = %v", got)
				}
				if v, err := st.CreateVerification(t.Context(), "reset-password:x", "u", time.Now().Add(time.Hour)); err != nil || v.Value != "u" {
					t.Fatal(err)
				}
				if v, err := st.ConsumeVerification(t.Context(), "reset-password:x"); err != nil || v == nil {
					t.Fatalf("ConsumeVerification = %v, %v", v, err)
				}
			})
		})
	}
}

// The one-node cluster enforces slot rules, so the tests above would catch a script that
// touched two keys.
func TestClusterRejectsCrossSlot(t *testing.T) {
	newClient(t)
	c := newClusterClient(t)
	// "a" and "b" hash to different slots.
	err := c.Eval(t.Context(), "redis.call('GET', KEYS[1]); return redis.call('GET', KEYS[2])", []string{"a", "b"}).Err()
	if err == nil || !strings.Contains(err.Error(), "CROSSSLOT") && !strings.Contains(err.Error(), "slot") {
		t.Fatalf("a two-slot script on the cluster = %v, want a CROSSSLOT error", err)
	}
}
