package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/outbox"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authsqlx"
)

// DefaultDatabaseURL is the embedded SQLite default of goauth serve.
const DefaultDatabaseURL = "file:./goauth.db"

// runtime is what every command builds from the environment and the config file.
type runtime struct {
	opts        authcore.Options
	databaseURL string
	maxConns    int    // DATABASE_MAX_CONNS; 0: authsqlx's default
	redisURL    string // "" keeps everything in the database (and rate limits in memory)
	redisConfig redisConfig
	generated   bool // the secret was generated for this run
	logger      *slog.Logger
}

// loadRuntime reads the config file and the environment (which wins) into Options.
func loadRuntime(configPath string, logger *slog.Logger) (*runtime, error) {
	fc, err := loadConfig(configPath)
	if err != nil {
		return nil, err
	}
	port := env("PORT", "3000")
	rt := &runtime{logger: logger}
	rt.opts = authcore.Options{
		BaseURL:    env("BASE_URL", env("BETTER_AUTH_URL", "http://localhost:"+port)),
		Secret:     env("BETTER_AUTH_SECRET", env("AUTH_SECRET", "")),
		Production: os.Getenv("GOAUTH_ENV") == "production",
		Logger:     logger,
	}
	ob := outbox.New(env("GOAUTH_OUTBOX", env("OUTBOX", fc.Outbox)), logger)
	if err := fc.apply(&rt.opts, ob); err != nil {
		return nil, err
	}
	if v := os.Getenv("BETTER_AUTH_SECRETS"); v != "" {
		vs, err := secret.ParseVersions(v)
		if err != nil {
			return nil, fmt.Errorf("BETTER_AUTH_SECRETS: %w", err)
		}
		rt.opts.Secrets = vs
	}
	switch strings.ToLower(os.Getenv("RATE_LIMIT")) {
	case "on", "true", "1":
		rt.opts.RateLimit.Enabled = ptr(true)
	case "off", "false", "0":
		rt.opts.RateLimit.Enabled = ptr(false)
	case "":
	default:
		return nil, fmt.Errorf("RATE_LIMIT=%q: use on or off", os.Getenv("RATE_LIMIT"))
	}
	rt.redisURL = env("REDIS_URL", fc.Redis.URL)
	rt.redisConfig = fc.Redis
	rt.databaseURL = env("DATABASE_URL", fc.DatabaseURL)
	if v := os.Getenv("DATABASE_MAX_CONNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("DATABASE_MAX_CONNS=%q: want a number of connections, 1 or more", v)
		}
		rt.maxConns = n
	}
	if rt.databaseURL == "" {
		if p := os.Getenv("DATABASE"); p != "" {
			rt.databaseURL = "file:" + p
		} else {
			rt.databaseURL = DefaultDatabaseURL
		}
	}
	return rt, nil
}

// ensureSecret generates a development secret when none is configured outside production.
func (rt *runtime) ensureSecret() {
	if rt.opts.Secret != "" || len(rt.opts.Secrets) > 0 || rt.opts.Production {
		return
	}
	rt.opts.Secret = secret.RandomString(48, secret.AlphaNum)
	rt.generated = true
	rt.logger.Warn("BETTER_AUTH_SECRET is not set: generated a random development secret; sessions will not survive a restart. Set BETTER_AUTH_SECRET (32+ random characters, `goauth secret` prints one) for anything real.")
}

// openDatabase opens the database for the configured schema.
func (rt *runtime) openDatabase(ctx context.Context) (*authsqlx.Adapter, error) {
	sch, err := authcore.Schema(rt.opts)
	if err != nil {
		return nil, err
	}
	if err := checkSQLitePath(rt.databaseURL); err != nil {
		return nil, err
	}
	opts := []authsqlx.Option{authsqlx.WithLogger(rt.logger)}
	if rt.maxConns > 0 {
		opts = append(opts, authsqlx.WithMaxOpenConns(rt.maxConns))
	}
	a, err := authsqlx.Open(ctx, rt.databaseURL, sch, opts...)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", redactURL(rt.databaseURL), err)
	}
	if err := a.DB().PingContext(ctx); err != nil {
		_ = a.Close()
		return nil, fmt.Errorf("database %s is unreachable: %w", redactURL(rt.databaseURL), err)
	}
	return a, nil
}

// checkSQLitePath turns an unwritable SQLite location into a clear error before the
// driver reports something cryptic.
func checkSQLitePath(dsn string) error {
	var path string
	switch {
	case strings.HasPrefix(dsn, "file:"):
		path = strings.TrimPrefix(dsn, "file:")
	case strings.HasPrefix(dsn, "sqlite:"):
		path = strings.TrimPrefix(dsn, "sqlite:")
	default:
		return nil
	}
	path, _, _ = strings.Cut(path, "?")
	path = strings.TrimPrefix(path, "//")
	if path == "" || path == ":memory:" || strings.HasPrefix(path, ":memory:") {
		return nil
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("database directory %s does not exist: create it or set DATABASE_URL=file:PATH", dir)
	}
	if !st.IsDir() {
		return fmt.Errorf("database directory %s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, ".goauth-write-check-*")
	if err != nil {
		return fmt.Errorf("database directory %s is not writable: %v", dir, errors.Unwrap(err))
	}
	name := f.Name()
	_ = f.Close()
	_ = os.Remove(name)
	return nil
}

// redactURL hides a password in a database URL.
func redactURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	creds, host, ok := strings.Cut(rest, "@")
	if !ok {
		return u
	}
	user, _, hasPass := strings.Cut(creds, ":")
	if !hasPass {
		return u
	}
	return scheme + "://" + user + ":***@" + host
}
