package authcore

import (
	"context"
	"errors"
	"log/slog"
)

// clientGoneHandler logs at debug level, instead of error, the records of a request whose
// client went away: when the record's context is cancelled and an error it carries is
// context.Canceled, the request failed because nobody waits for its answer any more (a
// closed tab, a load tool stopping, a server shutting down), not because of the server.
// Timeouts (context.DeadlineExceeded) stay errors.
type clientGoneHandler struct{ slog.Handler }

func (h clientGoneHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError && ctx != nil && errors.Is(ctx.Err(), context.Canceled) && carriesCanceled(r) {
		if !h.Handler.Enabled(ctx, slog.LevelDebug) {
			return nil
		}
		r.Level = slog.LevelDebug // r is this call's copy; its attributes are untouched
	}
	return h.Handler.Handle(ctx, r)
}

func (h clientGoneHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return clientGoneHandler{h.Handler.WithAttrs(as)}
}

func (h clientGoneHandler) WithGroup(name string) slog.Handler {
	return clientGoneHandler{h.Handler.WithGroup(name)}
}

// carriesCanceled reports whether an attribute of r is an error matching context.Canceled.
func carriesCanceled(r slog.Record) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		if err, ok := a.Value.Any().(error); ok && errors.Is(err, context.Canceled) {
			found = true
		}
		return !found
	})
	return found
}

// quietClientGone wraps l so that a gone client's failures are not logged as errors.
func quietClientGone(l *slog.Logger) *slog.Logger {
	if _, ok := l.Handler().(clientGoneHandler); ok {
		return l
	}
	return slog.New(clientGoneHandler{l.Handler()})
}
