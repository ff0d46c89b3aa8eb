package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authcore/secret"
)

func secretCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "secret",
		Short: "Print a new random secret for BETTER_AUTH_SECRET",
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), secret.RandomString(64, secret.AlphaNum))
			return err
		},
	}
}
