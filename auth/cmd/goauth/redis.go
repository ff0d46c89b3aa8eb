package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authredis"
)

// Timeouts of the Redis connection when the config file does not set them: short enough
// that a request fails quickly when Redis is down or stalled.
const (
	defaultRedisDialTimeout = 2 * time.Second
	defaultRedisIOTimeout   = time.Second
)

// openRedis connects to rt.redisURL and puts sessions, verification values and rate
// limits there: it sets Options.SecondaryStorage, session.storeSessionInDatabase from the
// config file, and wraps Options.Logger so that an outage is logged once. It returns the
// client to close, or nil when no Redis is configured.
func (rt *runtime) openRedis(ctx context.Context) (redis.UniversalClient, error) {
	if rt.redisURL == "" {
		return nil, nil
	}
	rc := rt.redisConfig
	opt, err := redis.ParseURL(rt.redisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL %s: %w (use redis://host:6379/0 or rediss://…)", redactURL(rt.redisURL), err)
	}
	opt.DialTimeout = cmp.Or(rc.DialTimeout, defaultRedisDialTimeout)
	opt.ReadTimeout = cmp.Or(rc.ReadTimeout, defaultRedisIOTimeout)
	opt.WriteTimeout = cmp.Or(rc.WriteTimeout, defaultRedisIOTimeout)
	opt.ContextTimeoutEnabled = true // authredis's per-call deadline bounds socket I/O too
	client := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, opt.DialTimeout+opt.ReadTimeout)
	defer cancel()
	if err := client.Ping(pctx).Err(); err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("redis %s is unreachable: %w", redactURL(rt.redisURL), err)
	}
	sopts := []authredis.Option{
		authredis.WithLogger(rt.logger),
		authredis.WithTimeout(cmp.Or(rc.Timeout, authredis.DefaultTimeout)),
	}
	if rc.KeyPrefix != nil {
		sopts = append(sopts, authredis.WithKeyPrefix(*rc.KeyPrefix))
	}
	st := authredis.New(client, sopts...)
	rt.opts.SecondaryStorage = st
	rt.opts.Session.StoreSessionInDatabase = rc.StoreSessionInDatabase
	rt.opts.Logger = slog.New(st.LogHandler(rt.logger.Handler()))
	return client, nil
}

// redisSummary describes the Redis in use for the startup banner and goauth info.
func (rt *runtime) redisSummary() string {
	if rt.redisURL == "" {
		return "none (sessions and verification values in the database, rate limits in memory)"
	}
	prefix := authredis.DefaultKeyPrefix
	if p := rt.redisConfig.KeyPrefix; p != nil {
		prefix = *p
	}
	sessions := "sessions"
	if rt.redisConfig.StoreSessionInDatabase {
		sessions = "sessions (also in the database)"
	}
	return fmt.Sprintf("%s, key prefix %q: %s, verification values, rate limits", redactURL(rt.redisURL), prefix, sessions)
}

// goRedisLogger sends go-redis's own messages (one per failed dial, among others) to the
// debug level: the outage itself is logged once by authredis.
type goRedisLogger struct{ l *slog.Logger }

func (g goRedisLogger) Printf(ctx context.Context, format string, v ...any) {
	g.l.DebugContext(ctx, strings.TrimPrefix(fmt.Sprintf(format, v...), "redis: "), "component", "go-redis")
}
