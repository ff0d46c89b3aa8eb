package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authcore/secret"
)

func secretCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "secret",
		Short: "Print a new random secret for BETTER_AUTH_SECRET",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), secret.RandomString(64, secret.AlphaNum))
			return err
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check [-]",
		Short: "Check the strength of BETTER_AUTH_SECRET (or of a secret read from stdin with -)",
		Long: `Check a secret the way production mode does: not Better Auth's public default, at least
32 characters, about 120 bits of estimated entropy. The secret is read from
BETTER_AUTH_SECRET, or from standard input when the argument is "-" (never from the command
line, where it would end up in shell history).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			value := os.Getenv("BETTER_AUTH_SECRET")
			src := "BETTER_AUTH_SECRET"
			if len(args) == 1 {
				if args[0] != "-" {
					return errors.New(`pass "-" and the secret on standard input, not the secret itself`)
				}
				line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if err != nil && line == "" {
					return fmt.Errorf("reading the secret from stdin: %w", err)
				}
				value, src = strings.TrimRight(line, "\r\n"), "stdin"
			}
			if value == "" {
				return fmt.Errorf("no secret to check: set BETTER_AUTH_SECRET or pipe one to `goauth secret check -`")
			}
			if err := secret.Check(value); err != nil {
				return fmt.Errorf("the secret from %s is not fit for production: %w", src, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "the secret from %s is strong enough for production\n", src)
			return nil
		},
	})
	return cmd
}
