package background_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/goauth-dev/goauth/authcore/background"
)

func TestQueueRunsEveryTaskOnce(t *testing.T) {
	q := background.New(2, 4, nil)
	var n atomic.Int64
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		q.Run(context.Background(), func(context.Context) { n.Add(1); wg.Done() })
	}
	wg.Wait()
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 100 {
		t.Fatalf("ran %d tasks, want 100", n.Load())
	}
}

// A full queue runs the task in the caller instead of growing or dropping it.
func TestQueueFullRunsInline(t *testing.T) {
	q := background.New(1, 1, nil)
	block := make(chan struct{})
	started := make(chan struct{})
	q.Run(context.Background(), func(context.Context) { close(started); <-block })
	<-started
	q.Run(context.Background(), func(context.Context) {}) // fills the queue
	inline := false
	q.Run(context.Background(), func(context.Context) { inline = true })
	if !inline {
		t.Fatal("task on a full queue did not run in the caller")
	}
	close(block)
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestQueueSurvivesPanicsAndRunsAfterClose(t *testing.T) {
	q := background.New(1, 8, nil)
	done := make(chan struct{})
	q.Run(context.Background(), func(context.Context) { panic("boom") })
	q.Run(context.Background(), func(context.Context) { close(done) })
	<-done
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	ran := false
	q.Run(context.Background(), func(context.Context) { ran = true })
	if !ran {
		t.Fatal("task after Close did not run inline")
	}
}
