package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/goauth-dev/goauth/authsqlx"
)

func migrateCmd(configPath *string) *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date with the configuration",
		Long: `Compare the database (DATABASE_URL, default file:./goauth.db) with the schema the
configuration needs (core tables, plugin tables, additional fields) and apply the additive
plan: missing tables, columns and indexes. Drift that cannot be fixed safely (an
incompatible column type, say) is reported and nothing is changed.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			rt, err := loadRuntime(*configPath, newQuietLogger())
			if err != nil {
				return err
			}
			a, err := rt.openDatabase(ctx)
			if err != nil {
				return err
			}
			defer a.Close()
			out := cmd.OutOrStdout()
			plan, err := a.Plan(ctx)
			if err != nil {
				var drift *authsqlx.DriftError
				if errors.As(err, &drift) {
					return fmt.Errorf("refusing to migrate: %w", err)
				}
				return err
			}
			if asJSON {
				applied := false
				if !dryRun && !plan.Empty() {
					if err := a.Apply(ctx, plan); err != nil {
						return fmt.Errorf("applying migrations: %w", err)
					}
					applied = true
				}
				return writePlanJSON(out, plan, applied)
			}
			if plan.Empty() {
				fmt.Fprintln(out, "database is up to date: nothing to do")
				return nil
			}
			fmt.Fprintf(out, "%d step(s):\n", len(plan.Steps))
			for i, s := range plan.Steps {
				fmt.Fprintf(out, "  [%d/%d] %s\n", i+1, len(plan.Steps), stepLine(s))
			}
			for _, n := range plan.Notes {
				fmt.Fprintf(out, "  note: %s\n", n)
			}
			if dryRun {
				fmt.Fprintln(out, "dry run: nothing applied")
				return nil
			}
			if err := a.Apply(ctx, plan); err != nil {
				return fmt.Errorf("applying migrations: %w", err)
			}
			fmt.Fprintln(out, "applied")
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan without applying it")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plan (and result) as JSON")
	return cmd
}

func stepLine(s authsqlx.Step) string {
	if s.Column != "" {
		return fmt.Sprintf("%s %s.%s", s.Kind, s.Table, s.Column)
	}
	return fmt.Sprintf("%s %s", s.Kind, s.Table)
}

type planJSON struct {
	Dialect string     `json:"dialect"`
	Steps   []stepJSON `json:"steps"`
	Notes   []string   `json:"notes"`
	Applied bool       `json:"applied"`
}

type stepJSON struct {
	Kind   string `json:"kind"`
	Table  string `json:"table"`
	Column string `json:"column,omitempty"`
	SQL    string `json:"sql"`
}

func writePlanJSON(w io.Writer, plan *authsqlx.Plan, applied bool) error {
	out := planJSON{Dialect: string(plan.Dialect), Steps: []stepJSON{}, Notes: plan.Notes, Applied: applied}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	for _, s := range plan.Steps {
		out.Steps = append(out.Steps, stepJSON{Kind: string(s.Kind), Table: s.Table, Column: s.Column, SQL: s.SQL})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
