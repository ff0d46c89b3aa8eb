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

	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/outbox"
	"github.com/goauth-dev/goauth/authcore/secret"
)

func serveCmd() *cobra.Command {
	var configPath, host string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the auth server",
		Long: `Run GoAuth as an HTTP server speaking Better Auth's protocol under /api/auth.

Environment: PORT (default 3000), BASE_URL (default http://localhost:$PORT),
BETTER_AUTH_SECRET (required in production; a random development secret is generated
when absent), GOAUTH_ENV=production, RATE_LIMIT=on|off (default: on in production),
GOAUTH_OUTBOX (development mailer: one JSON line per message), PROFILE (Better Auth
conformance feature sets; only "core" is available).`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), configPath, host)
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "YAML config file (keys mirror Better Auth's options)")
	cmd.Flags().StringVar(&host, "host", "", "listen address (default 127.0.0.1 when BASE_URL is loopback, else all interfaces)")
	return cmd
}

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func serve(ctx context.Context, configPath, host string) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if p := env("PROFILE", "core"); p != "core" {
		return fmt.Errorf("profile %q is not supported yet: only \"core\" is implemented (plugins are not built)", p)
	}
	fc, err := loadConfig(configPath)
	if err != nil {
		return err
	}
	port := env("PORT", "3000")
	opts := authcore.Options{
		BaseURL:    env("BASE_URL", env("BETTER_AUTH_URL", "http://localhost:"+port)),
		Secret:     env("BETTER_AUTH_SECRET", env("AUTH_SECRET", "")),
		Production: os.Getenv("GOAUTH_ENV") == "production",
		Logger:     logger,
	}
	ob := outbox.New(env("GOAUTH_OUTBOX", env("OUTBOX", fc.Outbox)), logger)
	if err := fc.apply(&opts, ob); err != nil {
		return err
	}
	if v := os.Getenv("BETTER_AUTH_SECRETS"); v != "" {
		vs, err := secret.ParseVersions(v)
		if err != nil {
			return fmt.Errorf("BETTER_AUTH_SECRETS: %w", err)
		}
		opts.Secrets = vs
	}
	switch strings.ToLower(os.Getenv("RATE_LIMIT")) {
	case "on", "true", "1":
		opts.RateLimit.Enabled = ptr(true)
	case "off", "false", "0":
		opts.RateLimit.Enabled = ptr(false)
	}
	if opts.Secret == "" && len(opts.Secrets) == 0 && !opts.Production {
		opts.Secret = secret.RandomString(48, secret.AlphaNum)
		logger.Warn("BETTER_AUTH_SECRET is not set: generated a random development secret; sessions will not survive a restart. Set BETTER_AUTH_SECRET (32+ random characters) for anything real.")
	}
	a, err := authcore.New(opts)
	if err != nil {
		return err
	}
	if host == "" {
		host = "0.0.0.0"
		if h := hostOf(opts.BaseURL); h == "localhost" || h == "127.0.0.1" || h == "::1" {
			host = "127.0.0.1"
		}
	}
	mux := http.NewServeMux()
	mux.Handle(a.Context.BasePath+"/", a)
	srv := &http.Server{
		Addr: net.JoinHostPort(host, port), Handler: mux,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set PORT to a free port)", srv.Addr, err)
	}
	fmt.Fprintf(os.Stderr, "GoAuth listening on %s (routes under %s, database: in-memory, rate limit: %s)\n",
		a.Context.BaseURL, a.Context.BasePath, onOff(opts.RateLimit.Enabled, opts.Production))
	ctx, stop := signal.NotifyContext(ctxOr(ctx), os.Interrupt, syscall.SIGTERM)
	defer stop()
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
