// Package authsqlx will hold GoAuth's SQL adapter over jmoiron/sqlx: SQLite (modernc.org/sqlite,
// the embedded default), Postgres (pgx) and MySQL/MariaDB, with Better Auth's schema and
// migrations computed from the application's configuration.
//
// Nothing is implemented here yet; see docs/parity/authsqlx.md.
package authsqlx
