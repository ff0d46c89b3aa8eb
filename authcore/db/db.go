// Package db is GoAuth's database adapter contract: what the runtime needs from a store of
// records (Better Auth's adapter interface, spec section 8.4), plus ConsumeOne and
// IncrementOne, the atomic primitives single-use credentials and counters rely on.
//
// Records are keyed by logical model and field names (schema package); an adapter maps
// them to tables and columns. Implementations: db/memdb (in memory) and authsqlx (SQL).
// Every implementation must pass db/dbtest.
package db

import (
	"context"
	"errors"
	"fmt"
)

// Record is one row keyed by logical field names. Adapters return every field of the
// table (nil when NULL) normalised as db/dbtest requires: strings, bool, int64 for
// numbers, time.Time in UTC truncated to milliseconds for dates, and decoded JSON values.
type Record = map[string]any

// Op is a comparison operator.
type Op string

// Operators (Better Auth's where operators).
const (
	Eq         Op = "eq"
	Ne         Op = "ne"
	Lt         Op = "lt"
	Lte        Op = "lte"
	Gt         Op = "gt"
	Gte        Op = "gte"
	In         Op = "in"
	NotIn      Op = "not_in"
	Contains   Op = "contains"
	StartsWith Op = "starts_with"
	EndsWith   Op = "ends_with"
)

// Connector joins a condition to the others.
type Connector string

// Connectors. The semantics are Better Auth's: (all AND terms) AND (any OR term).
const (
	And Connector = "AND"
	Or  Connector = "OR"
)

// Where is one condition. The zero Op is Eq and the zero Connector is And. Eq/Ne with a
// nil Value mean IS NULL / IS NOT NULL; otherwise a NULL column matches no condition (SQL
// semantics). In/NotIn take a []any or []string; In with an empty list matches nothing
// and NotIn with an empty list matches everything. Comparisons are case-sensitive unless
// Insensitive is set, and Contains/StartsWith/EndsWith treat % and _ literally.
type Where struct {
	Field     string
	Op        Op
	Value     any
	Connector Connector
	// Insensitive compares strings case-insensitively (Better Auth's mode "insensitive").
	Insensitive bool
}

// Sort orders FindMany results.
type Sort struct {
	Field string
	Desc  bool
}

// Query selects rows for FindMany.
type Query struct {
	Where  []Where
	Sort   *Sort
	Limit  int // 0 means the adapter default (100, Better Auth's defaultFindManyLimit)
	Offset int
}

// DefaultLimit is Better Auth's advanced.database.defaultFindManyLimit.
const DefaultLimit = 100

// Sentinel errors. Adapters wrap them with %w.
var (
	// ErrNotFound: no row matched.
	ErrNotFound = errors.New("db: not found")
	// ErrConflict: a unique constraint was violated.
	ErrConflict = errors.New("db: unique constraint violated")
	// ErrUnknownModel: the model or field is not in the adapter's schema.
	ErrUnknownModel = errors.New("db: unknown model or field")
)

// Adapter is the storage contract of the runtime.
//
// Create stores data and returns the stored row; the caller supplies every value,
// including "id" (the runtime generates ids). NULLs never conflict on unique fields.
// FindOne returns ErrNotFound when nothing matches. Update changes exactly one matching
// row (which one is unspecified) and returns it (ErrNotFound when none). Delete removes
// every matching row and succeeds when none matched. Adapters do not cascade deletes: the
// runtime deletes dependent rows itself.
type Adapter interface {
	Create(ctx context.Context, model string, data Record) (Record, error)
	FindOne(ctx context.Context, model string, where []Where) (Record, error)
	FindMany(ctx context.Context, model string, q Query) ([]Record, error)
	Count(ctx context.Context, model string, where []Where) (int64, error)
	Update(ctx context.Context, model string, where []Where, patch Record) (Record, error)
	UpdateMany(ctx context.Context, model string, where []Where, patch Record) (int64, error)
	Delete(ctx context.Context, model string, where []Where) error
	DeleteMany(ctx context.Context, model string, where []Where) (int64, error)

	// ConsumeOne atomically deletes one row matching where and returns it. When N callers
	// race for the same row exactly one gets it; the others get ErrNotFound. It is how
	// every single-use credential is redeemed.
	ConsumeOne(ctx context.Context, model string, where []Where) (Record, error)

	// IncrementOne atomically adds delta to the integer field of the first row matching
	// where, applies patch in the same step, and returns the updated row (ErrNotFound when
	// none matched).
	IncrementOne(ctx context.Context, model string, where []Where, field string, delta int64, patch Record) (Record, error)

	// Transaction runs fn with an adapter bound to one transaction: committed when fn
	// returns nil, rolled back otherwise. Nested calls on the transactional adapter join
	// the outer transaction.
	Transaction(ctx context.Context, fn func(ctx context.Context, tx Adapter) error) error
}

// EqWhere returns the condition field = value.
func EqWhere(field string, value any) Where { return Where{Field: field, Value: value} }

// Migrator is implemented by adapters that can bring their database's schema up to date
// with the schema they were opened with (authsqlx). Auth.Migrate calls it.
type Migrator interface {
	Migrate(ctx context.Context) error
}

// Ref names the row another row refers to: the row of Model whose Field equals the
// referring row's value of Via (for a session, {Model: "user", Field: "id", Via: "userId"}).
type Ref struct {
	Model string
	Field string
	Via   string
}

// RefFinder is implemented by adapters that read a row and the row it refers to in one
// round trip (authsqlx: one statement with a join). It is an optimisation only: FindWithRef
// falls back to two FindOne calls, and both ways must give the same answer (db/dbtest
// checks it).
type RefFinder interface {
	// FindOneWithRef is FindOne on model plus the row ref names, nil when there is none
	// (a dangling or NULL reference). It returns ErrNotFound when where matches no row.
	FindOneWithRef(ctx context.Context, model string, where []Where, ref Ref) (row, refRow Record, err error)
}

// FindWithRef reads the first row of model matching where and the row it refers to through
// ref: in one statement when a implements RefFinder, else with two FindOne calls. refRow is
// nil when the reference dangles; err wraps ErrNotFound when where matches nothing.
func FindWithRef(ctx context.Context, a Adapter, model string, where []Where, ref Ref) (row, refRow Record, err error) {
	if f, ok := a.(RefFinder); ok {
		return f.FindOneWithRef(ctx, model, where, ref)
	}
	row, err = a.FindOne(ctx, model, where)
	if err != nil {
		return nil, nil, err
	}
	v, ok := row[ref.Via]
	if !ok {
		return nil, nil, fmt.Errorf("db: %s has no field %q: %w", model, ref.Via, ErrUnknownModel)
	}
	if v == nil {
		return row, nil, nil
	}
	refRow, err = a.FindOne(ctx, ref.Model, []Where{EqWhere(ref.Field, v)})
	if errors.Is(err, ErrNotFound) {
		return row, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return row, refRow, nil
}
