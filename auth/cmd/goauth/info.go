package main

import (
	"fmt"
	"runtime/debug"
	"sort"

	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authcore"
)

func infoCmd(configPath *string) *cobra.Command {
	return &cobra.Command{
		Use:   "info",
		Short: "Print the version, the effective configuration and the routes",
		RunE: func(cmd *cobra.Command, _ []string) error {
			rt, err := loadRuntime(*configPath, newQuietLogger())
			if err != nil {
				return err
			}
			if rt.opts.Secret == "" && len(rt.opts.Secrets) == 0 {
				rt.opts.Secret = authcore.DefaultSecret // info never signs anything
			}
			a, err := authcore.New(rt.opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			version := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				version = bi.Main.Version
			}
			fmt.Fprintf(out, "goauth %s, Better Auth protocol 1.6.9\n", version)
			fmt.Fprintf(out, "base URL:      %s\n", a.Context.BaseURL)
			fmt.Fprintf(out, "database:      %s\n", redactURL(rt.databaseURL))
			fmt.Fprintf(out, "redis:         %s\n", rt.redisSummary())
			fmt.Fprintf(out, "mode:          %s\n", map[bool]string{true: "production", false: "development"}[rt.opts.Production])
			fmt.Fprintf(out, "rate limit:    %s\n", onOff(rt.opts.RateLimit.Enabled, rt.opts.Production))
			fmt.Fprintf(out, "cookie prefix: %s\n", a.Context.Cookies.Name("session_token"))
			var tables []string
			for _, t := range a.Schema().Tables {
				tables = append(tables, t.TableName())
			}
			sort.Strings(tables)
			fmt.Fprintf(out, "tables:        %v\n", tables)
			fmt.Fprintln(out, "routes:")
			for _, ep := range a.Endpoints() {
				if ep.Meta.ServerOnly || ep.Path == "" {
					continue
				}
				for _, m := range ep.Methods {
					fmt.Fprintf(out, "  %-5s %s%s\n", m, a.Context.BasePath, ep.Path)
				}
			}
			return nil
		},
	}
}
