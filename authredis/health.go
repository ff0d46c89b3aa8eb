package authredis

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore/apierror"
)

// ErrUnavailable is matched (errors.Is) by the errors of calls that could not reach Redis
// or timed out: connection refused or reset, dial, read and write timeouts, the
// WithTimeout deadline, an exhausted or closed pool, and the replies of a server that
// cannot serve yet (LOADING, MASTERDOWN, CLUSTERDOWN, TRYAGAIN, READONLY, NOREPLICAS,
// max clients). The error also wraps the cause.
var ErrUnavailable = errors.New("authredis: redis unavailable")

// unavailableError is a failed call during an outage.
type unavailableError struct {
	op  string
	err error
}

func (e *unavailableError) Error() string {
	return "authredis: " + e.op + ": redis unavailable: " + e.err.Error()
}

func (e *unavailableError) Unwrap() []error { return []error{ErrUnavailable, e.err} }

// outageReplies are the error replies of a server that is up but cannot serve.
var outageReplies = []string{"LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "NOREPLICAS", "max number of clients"}

// isOutage reports whether err (not nil, not redis.Nil) means Redis is unavailable rather
// than that it refused this one command.
func isOutage(err error) bool {
	var reply redis.Error
	if !errors.As(err, &reply) {
		return true // network, timeout, pool: no reply at all
	}
	for _, p := range outageReplies {
		if redis.HasErrorPrefix(err, p) {
			return true
		}
	}
	return false
}

// health follows whether Redis answers, and logs each change once: the first failure of
// an outage with its cause, and the first success after it.
type health struct {
	log  *slog.Logger
	down atomic.Bool

	// suppressed counts the records LogHandler dropped during the outage.
	suppressed atomic.Int64

	mu     sync.Mutex
	since  time.Time
	failed int64
}

// fail records a call that found Redis unavailable.
func (h *health) fail(ctx context.Context, op string, cause error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failed++
	if h.down.Load() {
		return
	}
	h.down.Store(true)
	h.since = time.Now()
	h.failed = 1
	h.suppressed.Store(0)
	h.log.ErrorContext(ctx, "authredis: redis is unavailable; requests that need it fail until it answers again",
		"op", op, "err", cause)
}

// ok records a call that Redis answered.
func (h *health) ok(ctx context.Context) {
	if !h.down.Load() {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.down.Load() {
		return
	}
	h.down.Store(false)
	h.log.InfoContext(ctx, "authredis: redis answers again",
		"outage", time.Since(h.since).Round(time.Millisecond), "failed_calls", h.failed,
		"suppressed_logs", h.suppressed.Load())
}

// LogHandler wraps next, the handler of the application's logger, so that an outage
// does not log once per failed request: the Store logs it once when it begins (with its
// cause) and once when it ends. The handler drops the records that carry an error matching
// ErrUnavailable, and, while an outage lasts, the error records that carry a 5xx
// *apierror.Error, which is what a route makes of the failure (for example get-session's
// 500 FAILED_TO_GET_SESSION). The line that ends the outage counts the records dropped.
// Give it to authcore.Options.Logger, and the unwrapped logger to WithLogger:
//
//	st := authredis.New(client, authredis.WithLogger(logger))
//	opts.Logger = slog.New(st.LogHandler(logger.Handler()))
func (s *Store) LogHandler(next slog.Handler) slog.Handler { return quietHandler{next, s.h} }

type quietHandler struct {
	next slog.Handler
	h    *health
}

func (q quietHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return q.next.Enabled(ctx, l)
}

func (q quietHandler) Handle(ctx context.Context, r slog.Record) error {
	if q.quiet(r) {
		q.h.suppressed.Add(1)
		return nil
	}
	return q.next.Handle(ctx, r)
}

// quiet reports whether r repeats the outage.
func (q quietHandler) quiet(r slog.Record) bool {
	down := r.Level >= slog.LevelError && q.h.down.Load()
	quiet := false
	r.Attrs(func(a slog.Attr) bool {
		err, ok := a.Value.Any().(error)
		if !ok {
			return true
		}
		if errors.Is(err, ErrUnavailable) {
			quiet = true
		} else if ae, ok := apierror.As(err); ok && down && ae.Status >= 500 {
			quiet = true
		}
		return !quiet
	})
	return quiet
}

func (q quietHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return quietHandler{q.next.WithAttrs(attrs), q.h}
}

func (q quietHandler) WithGroup(name string) slog.Handler {
	return quietHandler{q.next.WithGroup(name), q.h}
}
