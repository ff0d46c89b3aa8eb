// Command goauth runs GoAuth as a standalone, language-agnostic auth server speaking
// Better Auth 1.6.9's HTTP protocol.
//
//	goauth serve [--config goauth.yaml]
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	root := &cobra.Command{
		Use:           "goauth",
		Short:         "GoAuth: a Better Auth compatible authentication server",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(serveCmd(), secretCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "goauth:", err)
		os.Exit(1)
	}
}
