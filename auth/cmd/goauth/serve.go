package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authsqlx"
)

func serveCmd(configPath *string) *cobra.Command {
	var host string
	var noMigrate bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the auth server",
		Long: `Run GoAuth as an HTTP server speaking Better Auth's protocol under /api/auth.

Environment: PORT (default 3000), BASE_URL (default http://localhost:$PORT),
DATABASE_URL (default file:./goauth.db; sqlite:PATH, postgres://..., mysql://...),
REDIS_URL (redis://host:6379/0 or rediss://...: sessions, verification values and rate
limits in Redis, shared by every goauth process on the same database and Redis),
BETTER_AUTH_SECRET (required in production; a random development secret is generated
when absent), GOAUTH_ENV=production, RATE_LIMIT=on|off (default: on in production),
GOAUTH_OUTBOX (development mailer: one JSON line per message), PROFILE (Better Auth
conformance feature sets; only "core" is available).

Pending migrations are applied on start unless --no-migrate is given.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), *configPath, host, noMigrate)
		},
	}
	cmd.Flags().StringVar(&host, "host", "", "listen address (default 127.0.0.1 when BASE_URL is loopback, else all interfaces)")
	cmd.Flags().BoolVar(&noMigrate, "no-migrate", false, "do not apply pending migrations on start (fail if any are pending)")
	return cmd
}

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func newLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func serve(ctx context.Context, configPath, host string, noMigrate bool) error {
	ctx, stop := signal.NotifyContext(ctxOr(ctx), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := newLogger()
	if err := checkProfile(env("PROFILE", "core")); err != nil {
		return err
	}
	rt, err := loadRuntime(configPath, logger)
	if err != nil {
		return err
	}
	rt.ensureSecret()
	adapter, err := rt.openDatabase(ctx)
	if err != nil {
		return err
	}
	defer adapter.Close()
	redis.SetLogger(goRedisLogger{logger})
	rc, err := rt.openRedis(ctx)
	if err != nil {
		return err
	}
	if rc != nil {
		defer rc.Close()
	}
	plan, err := adapter.Plan(ctx)
	if err != nil {
		return fmt.Errorf("checking the database schema: %w", err)
	}
	if !plan.Empty() {
		if noMigrate {
			return fmt.Errorf("%d pending migration step(s) and --no-migrate was given: run `goauth migrate`", len(plan.Steps))
		}
		if err := adapter.Apply(ctx, plan); err != nil {
			return fmt.Errorf("applying migrations: %w", err)
		}
		logger.Info("migrations applied", "steps", len(plan.Steps))
	}
	rt.opts.Database = adapter
	a, err := authcore.New(rt.opts)
	if err != nil {
		return err
	}
	port := env("PORT", "3000")
	if host == "" {
		host = "0.0.0.0"
		if h := hostOf(rt.opts.BaseURL); h == "localhost" || h == "127.0.0.1" || h == "::1" {
			host = "127.0.0.1"
		}
	}
	// The Auth is the whole server: it answers paths outside its base path with an empty
	// 404 itself, and a ServeMux in front would cost every request its lookup.
	srv := &http.Server{
		Addr: net.JoinHostPort(host, port), Handler: a,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set PORT to a free port)", srv.Addr, err)
	}
	fmt.Fprintf(os.Stderr, "GoAuth listening on %s (routes under %s)\n  database:   %s (%s)\n  redis:      %s\n  rate limit: %s\n",
		a.Context.BaseURL, a.Context.BasePath, redactURL(rt.databaseURL), adapter.Dialect(),
		rt.redisSummary(), onOff(rt.opts.RateLimit.Enabled, rt.opts.Production))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// dialectOf is the SQL dialect of a database URL.
func dialectOf(u string) (authsqlx.Dialect, error) {
	switch {
	case strings.HasPrefix(u, "file:"), strings.HasPrefix(u, "sqlite:"):
		return authsqlx.SQLite, nil
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return authsqlx.Postgres, nil
	case strings.HasPrefix(u, "mysql://"):
		return authsqlx.MySQL, nil
	}
	return "", fmt.Errorf("unsupported database URL %q: use file:PATH, postgres://... or mysql://...", redactURL(u))
}

func ctxOr(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

func onOff(v *bool, prod bool) string {
	if (v == nil && prod) || (v != nil && *v) {
		return "on"
	}
	return "off"
}

func hostOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	u, _, _ = strings.Cut(u, "/")
	if h, _, err := net.SplitHostPort(u); err == nil {
		return strings.Trim(h, "[]")
	}
	return u
}

func ptr[T any](v T) *T { return &v }

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// checkProfile accepts the conformance feature sets GoAuth implements: core (always)
// and social (social providers come from the socialProviders config section).
func checkProfile(p string) error {
	for _, set := range strings.Split(p, "+") {
		switch set {
		case "core", "social":
		default:
			return fmt.Errorf("profile %q is not supported yet: feature set %q is not implemented (only \"core\" and \"social\")", p, set)
		}
	}
	return nil
}
