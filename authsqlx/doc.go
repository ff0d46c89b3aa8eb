// Package authsqlx is GoAuth's SQL adapter: a db.Adapter over jmoiron/sqlx for SQLite
// (modernc.org/sqlite, pure Go, the embedded default), Postgres (pgx) and MySQL/MariaDB,
// reading and writing Better Auth 1.6.9's tables exactly as its Kysely adapter does, so a
// database can be served by either implementation with no data migration; plus
// migrations computed from the application's schema.
//
// # Values
//
// Records follow db/dbtest's read contract on every dialect: strings, int64 numbers,
// bool, time.Time in UTC at millisecond precision, and decoded JSON. On disk they keep
// Better Auth's encoding: SQLite stores dates as ISO-8601 text with milliseconds and "Z"
// (2025-03-04T05:06:07.008Z) and booleans as 0/1; MySQL uses timestamp(3), boolean
// (tinyint) and json; Postgres timestamptz, boolean and jsonb. string[] and number[] are
// JSON arrays everywhere.
//
// # Queries
//
// Identifiers come only from the schema and are quoted; values are always bind
// parameters. Comparisons are case-sensitive unless db.Where.Insensitive is set (on MySQL
// through a binary cast, as its default collations ignore case); Contains, StartsWith and
// EndsWith match '%', '_' and '\' literally (an escaped LIKE; on SQLite, whose LIKE ignores
// case, GLOB). ConsumeOne and IncrementOne are atomic: one DELETE/UPDATE ... RETURNING
// statement on SQLite (>= 3.35), Postgres and, for deletes, MariaDB (>= 10.5); a
// transaction with SELECT ... FOR UPDATE and a count-checked write on MySQL. Unique
// violations wrap db.ErrConflict.
//
// # Migrations
//
// Plan compares the schema with the live database and lists the additive steps (create
// table, add column, create index) in the SQL Better Auth's migrator writes; it refuses
// drift it cannot fix safely with a *DriftError. Apply runs a plan under a lock
// (pg_advisory_xact_lock, GET_LOCK, or SQLite's write lock) and records it in the
// goauth_migrations table; Migrate plans and applies. GenerateSQL returns the full
// CREATE script for teams that run migrations themselves. A database created by Better
// Auth's migrator (`npx auth migrate`) plans empty.
//
// Better Auth: packages/kysely-adapter/src/kysely-adapter.ts and
// packages/better-auth/src/db/get-migration.ts.
package authsqlx
