// Package store is the typed data layer the routes and plugins use (Better Auth's
// internalAdapter): users, accounts, sessions and verification values over a db.Adapter,
// with database hooks, id generation, transactions carried in the context, and sessions
// in secondary storage when one is configured.
//
// Better Auth: packages/better-auth/src/db/internal-adapter.ts and with-hooks.ts.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/secret"
)

// Model names of the core tables.
const (
	UserModel         = "user"
	SessionModel      = "session"
	AccountModel      = "account"
	VerificationModel = "verification"
)

// ErrAbort is returned by a before-hook to cancel the operation (Better Auth: a hook
// returning false).
var ErrAbort = errors.New("store: operation aborted by a database hook")

// Hook runs before an operation; it may return fields to merge into the data (nil:
// unchanged) or ErrAbort to cancel.
type Hook func(ctx context.Context, data db.Record) (db.Record, error)

// AfterHook runs after an operation has been committed.
type AfterHook func(ctx context.Context, data db.Record) error

// OpHooks are the hooks of one operation on one model.
type OpHooks struct {
	Before Hook
	After  AfterHook
}

// ModelHooks are the create, update and delete hooks of one model.
type ModelHooks struct {
	Create, Update, Delete OpHooks
}

// Hooks are Better Auth's databaseHooks, keyed by model name ("user", "session", ...).
type Hooks map[string]ModelHooks

// Config configures a Store.
type Config struct {
	Adapter db.Adapter
	// KV is the secondary storage; nil keeps everything in the database.
	KV     kv.Store
	Schema *schema.Schema
	// Hooks run in order (plugin hooks first, the application's last).
	Hooks []Hooks
	// GenerateID returns a new row id for a model (default secret.GenerateID).
	GenerateID func(model string) string
	Now        func() time.Time
	Logger     *slog.Logger
	// StoreSessionInDatabase keeps sessions in the database as well as in KV. The database
	// is then the source of truth: a session missing from KV is read from the database
	// and written back to KV.
	StoreSessionInDatabase bool
	// PreserveSessionInDatabase keeps the database row of a revoked session (for audit)
	// while removing it from KV; such rows are never read back into KV.
	PreserveSessionInDatabase bool
	// StoreVerificationInDatabase keeps verification values in the database as well as
	// in KV (Better Auth: verification.storeInDatabase). Without it, and with KV set,
	// verification values live in KV only.
	StoreVerificationInDatabase bool
	// DisableVerificationCleanup keeps expired verification rows.
	DisableVerificationCleanup bool
}

// Store is the typed data layer. It is safe for concurrent use.
type Store struct {
	cfg Config
}

// New returns a Store.
func New(cfg Config) *Store {
	if cfg.GenerateID == nil {
		cfg.GenerateID = func(string) string { return secret.GenerateID() }
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Store{cfg: cfg}
}

// Schema returns the schema the store writes.
func (s *Store) Schema() *schema.Schema { return s.cfg.Schema }

// Adapter returns the adapter bound to ctx's transaction, or the base adapter.
func (s *Store) Adapter(ctx context.Context) db.Adapter {
	if t, ok := ctx.Value(txKey{}).(*txState); ok {
		return t.adapter
	}
	return s.cfg.Adapter
}

// KV returns the secondary storage, or nil.
func (s *Store) KV() kv.Store { return s.cfg.KV }

func (s *Store) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Millisecond) }

type txKey struct{}

type txState struct {
	adapter db.Adapter
	after   []func(context.Context)
}

// Tx runs fn in one database transaction. Calls made with the context fn receives use the
// transaction; after-hooks queued inside run once it has committed. Nested calls join the
// outer transaction.
func (s *Store) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	state := &txState{}
	err := s.cfg.Adapter.Transaction(ctx, func(ctx context.Context, tx db.Adapter) error {
		state.adapter = tx
		return fn(context.WithValue(ctx, txKey{}, state))
	})
	if err != nil {
		return err
	}
	for _, f := range state.after {
		f(ctx)
	}
	return nil
}

// runAfter runs f now, or after the surrounding transaction commits.
func (s *Store) runAfter(ctx context.Context, f func(context.Context)) {
	if t, ok := ctx.Value(txKey{}).(*txState); ok {
		t.after = append(t.after, f)
		return
	}
	f(ctx)
}

func (s *Store) before(ctx context.Context, model string, op func(ModelHooks) OpHooks, data db.Record) (db.Record, error) {
	for _, h := range s.cfg.Hooks {
		mh, ok := h[model]
		if !ok {
			continue
		}
		hook := op(mh).Before
		if hook == nil {
			continue
		}
		patch, err := hook(ctx, data)
		if err != nil {
			return nil, err
		}
		for k, v := range patch {
			data[k] = v
		}
	}
	return data, nil
}

func (s *Store) after(ctx context.Context, model string, op func(ModelHooks) OpHooks, data db.Record) {
	var hooks []AfterHook
	for _, h := range s.cfg.Hooks {
		if mh, ok := h[model]; ok && op(mh).After != nil {
			hooks = append(hooks, op(mh).After)
		}
	}
	if len(hooks) == 0 {
		return
	}
	s.runAfter(ctx, func(ctx context.Context) {
		for _, h := range hooks {
			if err := h(ctx, data); err != nil {
				s.cfg.Logger.ErrorContext(ctx, "database after-hook failed", "model", model, "err", err)
			}
		}
	})
}

func opCreate(m ModelHooks) OpHooks { return m.Create }
func opUpdate(m ModelHooks) OpHooks { return m.Update }
func opDelete(m ModelHooks) OpHooks { return m.Delete }

// create fills id, timestamps and schema defaults, runs hooks and inserts.
func (s *Store) create(ctx context.Context, model string, data db.Record) (db.Record, error) {
	now := s.now()
	if _, ok := data["id"]; !ok {
		data["id"] = s.cfg.GenerateID(model)
	}
	if t, ok := s.cfg.Schema.Table(model); ok {
		for _, f := range t.Fields {
			if _, set := data[f.Name]; set {
				continue
			}
			switch {
			case f.Name == "createdAt" || f.Name == "updatedAt":
				data[f.Name] = now
			case f.Default != nil:
				data[f.Name] = f.Default()
			}
		}
	}
	data, err := s.before(ctx, model, opCreate, data)
	if err != nil {
		return nil, err
	}
	row, err := s.Adapter(ctx).Create(ctx, model, data)
	if err != nil {
		return nil, fmt.Errorf("store: create %s: %w", model, err)
	}
	s.after(ctx, model, opCreate, row)
	return row, nil
}

// update applies patch (plus updatedAt and onUpdate values) to the first row matching where.
func (s *Store) update(ctx context.Context, model string, where []db.Where, patch db.Record) (db.Record, error) {
	patch = s.withUpdated(model, patch)
	patch, err := s.before(ctx, model, opUpdate, patch)
	if err != nil {
		return nil, err
	}
	row, err := s.Adapter(ctx).Update(ctx, model, where, patch)
	if err != nil {
		return nil, fmt.Errorf("store: update %s: %w", model, err)
	}
	s.after(ctx, model, opUpdate, row)
	return row, nil
}

func (s *Store) updateMany(ctx context.Context, model string, where []db.Where, patch db.Record) (int64, error) {
	patch = s.withUpdated(model, patch)
	patch, err := s.before(ctx, model, opUpdate, patch)
	if err != nil {
		return 0, err
	}
	n, err := s.Adapter(ctx).UpdateMany(ctx, model, where, patch)
	if err != nil {
		return 0, fmt.Errorf("store: update %s: %w", model, err)
	}
	s.after(ctx, model, opUpdate, db.Record{"count": n})
	return n, nil
}

func (s *Store) withUpdated(model string, patch db.Record) db.Record {
	out := make(db.Record, len(patch)+1)
	for k, v := range patch {
		out[k] = v
	}
	if t, ok := s.cfg.Schema.Table(model); ok {
		for _, f := range t.Fields {
			if _, set := out[f.Name]; set {
				continue
			}
			if f.Name == "updatedAt" {
				out[f.Name] = s.now()
			} else if f.OnUpdate != nil {
				out[f.Name] = f.OnUpdate()
			}
		}
	}
	return out
}

// deleteWhere deletes matching rows, running delete hooks per row when any are set.
func (s *Store) deleteWhere(ctx context.Context, model string, where []db.Where) (int64, error) {
	if !s.hasHooks(model, opDelete) {
		n, err := s.Adapter(ctx).DeleteMany(ctx, model, where)
		if err != nil {
			return 0, fmt.Errorf("store: delete %s: %w", model, err)
		}
		return n, nil
	}
	rows, err := s.Adapter(ctx).FindMany(ctx, model, db.Query{Where: where, Limit: 1 << 30})
	if err != nil {
		return 0, fmt.Errorf("store: delete %s: %w", model, err)
	}
	var n int64
	for _, row := range rows {
		if _, err := s.before(ctx, model, opDelete, row); err != nil {
			if errors.Is(err, ErrAbort) {
				continue
			}
			return n, err
		}
		if err := s.Adapter(ctx).Delete(ctx, model, []db.Where{{Field: "id", Value: row["id"]}}); err != nil {
			return n, fmt.Errorf("store: delete %s: %w", model, err)
		}
		n++
		s.after(ctx, model, opDelete, row)
	}
	return n, nil
}

func (s *Store) hasHooks(model string, op func(ModelHooks) OpHooks) bool {
	for _, h := range s.cfg.Hooks {
		if mh, ok := h[model]; ok && (op(mh).Before != nil || op(mh).After != nil) {
			return true
		}
	}
	return false
}
