// Package memdb is an in-memory db.Adapter: the fake the runtime's tests use and a store
// for single-process development. It passes db/dbtest, so code tested against it behaves
// the same on the SQL adapters.
//
// # Values
//
// Records are copied in and out: a caller can never reach a stored row through a map it
// passed to Create or got back from a read. On write, values are normalised to the read
// contract of db/dbtest, as a SQL adapter would return them: dates become UTC time.Time
// truncated to the millisecond; integers of any Go type become int64 in number fields;
// json and number[] fields take the shape encoding/json decodes them to (map[string]any,
// []any, float64, ...); string[] fields become []string. Every row read back carries every
// field of its table, nil when NULL. A value of the wrong type for its field is an error.
// Required fields and foreign keys are not enforced (ON DELETE CASCADE is not emulated).
//
// # Queries
//
// Where terms follow db.Where with SQL's treatment of NULL: a NULL field matches only
// Eq nil (IS NULL); Ne, comparisons, In, NotIn and the string operators never match it.
// Contains, StartsWith and EndsWith match literally ('%' and '_' are not wildcards).
// Strings compare by bytes, or after strings.ToLower in Insensitive mode. FindMany
// without a Sort returns rows in insertion order; a Sort is stable and puts NULLs first
// in ascending order. Update, ConsumeOne and IncrementOne act on the first matching row in
// insertion order. An Eq term on "id" or a unique field is answered from an index.
//
// # Transactions
//
// One writer at a time: a write outside a transaction, or a whole transaction, holds the
// database's single write token, and readers never wait for it. A transaction copies each
// table the first time it writes to it (copy on write) and publishes its copies on
// commit, so its writes stay invisible to other callers until then and are dropped when
// fn returns an error or panics, or when ctx is done at commit. Writes outside the
// transaction wait until it ends (or their ctx is done); a write made on the outer DB
// with the transaction's ctx, which would wait for ever, fails with ErrTxActive instead.
// Transaction on a transaction's adapter joins it, without a savepoint.
//
// Better Auth: packages/memory-adapter/src/memory-adapter.ts.
package memdb
