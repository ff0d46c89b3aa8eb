package authcore

import (
	"context"
	"fmt"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// Schema returns the schema an Auth built from opts would use: the core tables, plugin
// tables and additional fields, with custom table and column names. SQL adapters are
// opened with it so that migrations follow the application's real configuration.
func Schema(opts Options) (*schema.Schema, error) {
	opts.resolve()
	return buildSchema(&opts)
}

// Migrate brings the database up to date with the schema when the adapter supports it
// (db.Migrator, e.g. authsqlx); for adapters without a schema (memdb) it does nothing.
func (a *Auth) Migrate(ctx context.Context) error {
	m, ok := a.Context.Store.Adapter(ctx).(db.Migrator)
	if !ok {
		return nil
	}
	if err := m.Migrate(ctx); err != nil {
		return fmt.Errorf("authcore: migrate: %w", err)
	}
	return nil
}
