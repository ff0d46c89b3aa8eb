// Command goauth runs GoAuth as a standalone, language-agnostic auth server speaking
// Better Auth 1.6.9's HTTP protocol, and manages its database.
//
//	goauth serve [--config goauth.yaml]   run the server (migrations applied on start)
//	goauth migrate [--dry-run] [--json]   apply the additive schema plan
//	goauth generate [--dialect D]         print the CREATE script
//	goauth secret [check -]               generate or check a secret
//	goauth doctor                         check config, secret, database, migrations
//	goauth info                           print the effective configuration and routes
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRoot().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "goauth:", oneLine(err.Error()))
		os.Exit(1)
	}
}

func newRoot() *cobra.Command {
	var configPath string
	root := &cobra.Command{
		Use:           "goauth",
		Short:         "GoAuth: a Better Auth compatible authentication server",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&configPath, "config", "", "YAML config file (keys mirror Better Auth's options)")
	root.AddCommand(serveCmd(&configPath), migrateCmd(&configPath), generateCmd(&configPath),
		secretCmd(), doctorCmd(&configPath), infoCmd(&configPath))
	return root
}

// oneLine folds a multi-line error (joined errors, driver messages) into one line.
func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "; ")
}
