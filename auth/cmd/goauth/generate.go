package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authsqlx"
)

func generateCmd(configPath *string) *cobra.Command {
	var dialect, output string
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Print the SQL that creates the schema, for teams that apply migrations themselves",
		Long: `Print the CREATE statements for every table the configuration needs, in the column
types Better Auth's own migrator uses. --dialect is sqlite, postgres or mysql (default: the
dialect of DATABASE_URL, else sqlite). Nothing connects to a database.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rt, err := loadRuntime(*configPath, newQuietLogger())
			if err != nil {
				return err
			}
			d := authsqlx.Dialect(dialect)
			if dialect == "" {
				if d, err = dialectOf(rt.databaseURL); err != nil {
					return err
				}
			}
			switch d {
			case authsqlx.SQLite, authsqlx.Postgres, authsqlx.MySQL:
			default:
				return fmt.Errorf("unknown --dialect %q: use sqlite, postgres or mysql", dialect)
			}
			sch, err := authcore.Schema(rt.opts)
			if err != nil {
				return err
			}
			sql := authsqlx.GenerateSQL(d, sch)
			if output == "" || output == "-" {
				_, err = fmt.Fprint(cmd.OutOrStdout(), sql)
				return err
			}
			if err := os.WriteFile(output, []byte(sql), 0o644); err != nil {
				return fmt.Errorf("writing %s: %w", output, err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s (%s)\n", output, d)
			return nil
		},
	}
	cmd.Flags().StringVar(&dialect, "dialect", "", "sqlite, postgres or mysql")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}
