package authcore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestClientGoneHandler(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithTimeout(context.Background(), 0)
	defer cancel2()
	<-expired.Done()
	gone := fmt.Errorf("store: create session: %w", context.Canceled)
	tests := []struct {
		name  string
		level slog.Level // of the handler
		ctx   context.Context
		err   error
		want  string // the level logged, "" for nothing
	}{
		{"client gone, debug on", slog.LevelDebug, cancelled, gone, "DEBUG"},
		{"client gone, debug off", slog.LevelInfo, cancelled, gone, ""},
		{"cancelled error, live request", slog.LevelInfo, context.Background(), gone, "ERROR"},
		{"other error, client gone", slog.LevelInfo, cancelled, errors.New("disk full"), "ERROR"},
		{"timeout", slog.LevelInfo, expired, fmt.Errorf("query: %w", context.DeadlineExceeded), "ERROR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := quietClientGone(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tt.level})))
			l.With("route", "/sign-in/email").WithGroup("g").ErrorContext(tt.ctx, "sign-in failed", "err", tt.err)
			got := buf.String()
			switch {
			case tt.want == "" && got != "":
				t.Errorf("logged %q, want nothing", got)
			case tt.want != "" && !strings.Contains(got, "level="+tt.want+" "):
				t.Errorf("logged %q, want level %s", got, tt.want)
			case tt.want != "" && !strings.Contains(got, "route=/sign-in/email"):
				t.Errorf("logged %q: the attributes of With are lost", got)
			}
		})
	}
	l := quietClientGone(slog.Default())
	if quietClientGone(l) != l {
		t.Error("quietClientGone wrapped its own logger again")
	}
}
