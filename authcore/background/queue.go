// Package background runs tasks off the request path with bounded memory: a fixed pool of
// workers fed by a bounded queue. When the queue is full the task runs in the caller, so
// a burst slows requests down instead of growing memory or dropping mail.
//
// Use it as authcore's Advanced.BackgroundTasks so that email sends do not make response
// times depend on whether an account exists.
package background

import (
	"context"
	"log/slog"
	"sync"
)

// Queue is a bounded worker pool. The zero value is not usable; call New.
type Queue struct {
	tasks  chan task
	wg     sync.WaitGroup
	mu     sync.RWMutex
	closed bool
	log    *slog.Logger
}

type task struct {
	ctx context.Context
	fn  func(context.Context)
}

// New starts workers goroutines reading a queue of capacity tasks (both at least 1).
func New(workers, capacity int, log *slog.Logger) *Queue {
	if workers < 1 {
		workers = 1
	}
	if capacity < 1 {
		capacity = 1
	}
	if log == nil {
		log = slog.Default()
	}
	q := &Queue{tasks: make(chan task, capacity), log: log}
	q.wg.Add(workers)
	for range workers {
		go q.work()
	}
	return q
}

func (q *Queue) work() {
	defer q.wg.Done()
	for t := range q.tasks {
		q.run(t)
	}
}

func (q *Queue) run(t task) {
	defer func() {
		if v := recover(); v != nil {
			q.log.ErrorContext(t.ctx, "background task panicked", "panic", v)
		}
	}()
	t.fn(t.ctx)
}

// Run queues fn, or runs it now when the queue is full or closed. It matches
// authcore's Advanced.BackgroundTasks.
func (q *Queue) Run(ctx context.Context, fn func(context.Context)) {
	q.mu.RLock()
	if !q.closed {
		select {
		case q.tasks <- task{ctx, fn}:
			q.mu.RUnlock()
			return
		default:
		}
	}
	q.mu.RUnlock()
	q.run(task{ctx, fn})
}

// Close stops accepting tasks and waits until the queued ones have run or ctx is done.
func (q *Queue) Close(ctx context.Context) error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.tasks)
	}
	q.mu.Unlock()
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
