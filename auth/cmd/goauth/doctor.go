package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/secret"
)

func newQuietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// check is one doctor line.
type check struct {
	name string
	ok   bool
	warn bool
	text string
}

func doctorCmd(configPath *string) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the configuration, the secret, the database and pending migrations",
		RunE: func(cmd *cobra.Command, _ []string) error {
			checks := runDoctor(cmd.Context(), *configPath)
			out := cmd.OutOrStdout()
			failed := 0
			for _, c := range checks {
				mark := "ok  "
				switch {
				case !c.ok:
					mark = "FAIL"
					failed++
				case c.warn:
					mark = "warn"
				}
				fmt.Fprintf(out, "%s  %-12s %s\n", mark, c.name, oneLine(c.text))
			}
			if failed > 0 {
				return fmt.Errorf("%d check(s) failed", failed)
			}
			return nil
		},
	}
}

func runDoctor(ctx context.Context, configPath string) []check {
	var out []check
	rt, err := loadRuntime(configPath, newQuietLogger())
	if err != nil {
		return append(out, check{name: "config", text: err.Error()})
	}
	out = append(out, check{name: "config", ok: true, text: configText(configPath)})
	mode := "development"
	if rt.opts.Production {
		mode = "production (GOAUTH_ENV=production)"
	}
	out = append(out, check{name: "mode", ok: true, text: mode})

	cur := rt.opts.Secret
	if len(rt.opts.Secrets) > 0 {
		cur = rt.opts.Secrets[0].Value
	}
	switch err := secret.Check(cur); {
	case cur == "" && rt.opts.Production:
		out = append(out, check{name: "secret", text: "BETTER_AUTH_SECRET is required in production"})
	case cur == "":
		out = append(out, check{name: "secret", ok: true, warn: true, text: "BETTER_AUTH_SECRET is not set: serve would generate a throwaway development secret"})
	case err != nil && rt.opts.Production:
		out = append(out, check{name: "secret", text: err.Error()})
	case err != nil:
		out = append(out, check{name: "secret", ok: true, warn: true, text: err.Error() + " (refused in production)"})
	default:
		out = append(out, check{name: "secret", ok: true, text: "strong enough for production"})
	}

	if rt.opts.Production && strings.HasPrefix(rt.opts.BaseURL, "http://") {
		out = append(out, check{name: "base URL", ok: true, warn: true, text: rt.opts.BaseURL + " is not https: cookies will not be Secure"})
	} else {
		out = append(out, check{name: "base URL", ok: true, text: rt.opts.BaseURL})
	}
	if rt.opts.Secret == "" && len(rt.opts.Secrets) == 0 {
		rt.opts.Secret = authcore.DefaultSecret // only to validate the rest of the options
	}
	if _, err := authcore.New(rt.opts); err != nil {
		out = append(out, check{name: "options", text: err.Error()})
	} else {
		out = append(out, check{name: "options", ok: true, text: "valid"})
	}

	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	switch rc, err := rt.openRedis(ctx); {
	case err != nil:
		out = append(out, check{name: "redis", text: err.Error()})
	case rc == nil:
		out = append(out, check{name: "redis", ok: true, text: "not configured (REDIS_URL): sessions in the database, rate limits in memory; one instance only"})
	default:
		_ = rc.Close()
		out = append(out, check{name: "redis", ok: true, text: "reachable: " + rt.redisSummary()})
	}
	a, err := rt.openDatabase(ctx)
	if err != nil {
		return append(out, check{name: "database", text: err.Error()})
	}
	defer a.Close()
	out = append(out, check{name: "database", ok: true, text: fmt.Sprintf("%s reachable (%s)", redactURL(rt.databaseURL), a.Dialect())})
	plan, err := a.Plan(ctx)
	switch {
	case err != nil:
		out = append(out, check{name: "migrations", text: err.Error()})
	case plan.Empty():
		out = append(out, check{name: "migrations", ok: true, text: "none pending"})
	default:
		out = append(out, check{name: "migrations", ok: true, warn: true, text: fmt.Sprintf("%d step(s) pending: run `goauth migrate` (serve applies them on start)", len(plan.Steps))})
	}
	return out
}

func configText(path string) string {
	if path == "" {
		return "no config file (environment and defaults)"
	}
	return path
}
