// Package dbtest is the conformance suite of db.Adapter. Every adapter runs it against
// the real database it targets:
//
//	func TestConformance(t *testing.T) {
//		dbtest.Run(t, func(t *testing.T, s *schema.Schema) db.Adapter {
//			return memdb.New(s)
//		})
//	}
//
// Run calls newAdapter at the start of every subtest; it must return an adapter over
// empty tables for s (migrated), and may release them with t.Cleanup. Subtests run one
// after the other, so newAdapter may reset shared state (truncate tables). The schema is
// Schema(): Better Auth's core tables plus a test table (model "testItem", table
// "dbtest_item", field "label" in column "item_label") with a nullable unique string, a
// number, a bigint number, a boolean, a date, strings and a json field.
//
// # Read contract
//
// The suite pins down what every adapter returns, so the runtime never sees a
// driver's representation:
//
//   - A row carries the key "id" and every field of its table, and no other key; a NULL
//     column is present with a nil value.
//   - string fields are string; number fields are int64 (bigint ones too); boolean
//     fields are bool; date fields are time.Time in UTC (Location() == time.UTC)
//     truncated, not rounded, to the millisecond; json fields are the value
//     encoding/json decodes the stored document to (map[string]any, []any, float64, ...),
//     never the document's text.
//   - Values written go through the same conversion: a date with nanoseconds or another
//     zone is stored as its UTC millisecond.
//   - Dates the suite stores lie between 1970-01-02 and 2038-01-18 (MySQL's TIMESTAMP);
//     strings include 4-byte UTF-8 (MySQL and MariaDB need utf8mb4).
//
// # Query contract
//
// Beyond db.Where's documentation the suite requires SQL's treatment of NULL: a NULL
// column matches Eq nil (IS NULL) and nothing else, so Ne, comparisons, In, NotIn and the
// string operators never match it (NotIn with an empty list matches every row).
// Comparisons are case-sensitive unless Insensitive is set (MySQL and MariaDB adapters
// need a binary collation or COLLATE); Insensitive compares ASCII letters without case.
// Contains, StartsWith and EndsWith match literally: '%', '_' and '\' in the value are
// not wildcards or escapes. In with an empty list matches nothing. Update changes exactly
// one row when several match; UpdateMany that would give two rows one unique value fails
// with db.ErrConflict and changes nothing. Reads honour a cancelled context.
//
// The suite does not pin down: the order of rows without a Sort, the order of ties and
// of NULLs in a Sort, comparisons of non-ASCII strings, whether an operation inside a
// transaction that failed may be followed by others (PostgreSQL aborts the transaction),
// foreign keys and NOT NULL constraints.
//
// # Transactions
//
// Writes inside Transaction are visible to the transaction (also through a nested
// Transaction, which joins it) and invisible to the outer adapter until commit; an error
// or a panic from fn rolls them all back, and the adapter fn received fails once
// Transaction has returned. A read on the outer adapter while a transaction is open must
// not block on it (SQLite needs WAL and more than one connection), and concurrent
// transactions must all commit (SQLite needs a busy timeout and BEGIN IMMEDIATE).
//
// Better Auth: packages/test-utils/src/adapter/suites (basic.ts, case-insensitive.ts,
// transactions.ts), less joins and select, which db.Adapter does not have.
package dbtest
