package kvtest

import (
	"slices"
	"strconv"
	"sync"
)

// race runs fn in n goroutines released together and waits for them.
func race(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

var concurrencyTests = []test{
	{"Take", func(e *env) {
		const racers = 32
		e.set("k", "secret", ttl)
		var mu sync.Mutex
		wins := 0
		race(racers, func(int) {
			v, ok, err := e.h.Store.Take(e.ctx(), e.key("k"))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				e.t.Errorf("Take: %v", err)
			case ok && v == "secret":
				wins++
			case ok || v != "":
				e.t.Errorf("Take = %q, %v", v, ok)
			}
		})
		if wins != 1 {
			e.t.Errorf("%d of %d racing Take calls got the value, want exactly 1", wins, racers)
		}
		e.absent("k")
	}},
	{"SetNX", func(e *env) {
		const racers = 32
		var mu sync.Mutex
		var winners []string
		race(racers, func(i int) {
			v := strconv.Itoa(i)
			ok, err := e.h.Store.SetNX(e.ctx(), e.key("k"), v, ttl)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				e.t.Errorf("SetNX: %v", err)
			}
			if ok {
				winners = append(winners, v)
			}
		})
		if len(winners) != 1 {
			e.t.Fatalf("%d of %d racing SetNX calls stored their value, want exactly 1", len(winners), racers)
		}
		e.want("k", winners[0])
	}},
	{"Incr", func(e *env) {
		const racers = 64
		var mu sync.Mutex
		var seen []int64
		race(racers, func(int) {
			n, err := e.h.Store.Incr(e.ctx(), e.key("n"), ttl)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				e.t.Errorf("Incr: %v", err)
				return
			}
			seen = append(seen, n)
		})
		e.want("n", strconv.Itoa(racers))
		slices.Sort(seen)
		for i, n := range seen {
			if n != int64(i+1) {
				e.t.Errorf("racing Incr calls returned %v, want each of 1..%d once", seen, racers)
				break
			}
		}
	}},
	{"ReadersAndWriters", func(e *env) {
		const racers = 32
		race(racers, func(i int) {
			k := e.key(strconv.Itoa(i % 4))
			var err error
			switch i % 4 {
			case 0:
				err = e.h.Store.Set(e.ctx(), k, "v", ttl)
			case 1:
				_, err = e.h.Store.SetNX(e.ctx(), k, "v", ttl)
			case 2:
				_, err = e.h.Store.Incr(e.ctx(), k, ttl)
			case 3:
				_, _, err = e.h.Store.Take(e.ctx(), k)
			}
			if err != nil {
				e.t.Errorf("write %d: %v", i, err)
			}
			for j := range 4 {
				if _, _, err := e.h.Store.Get(e.ctx(), e.key(strconv.Itoa(j))); err != nil {
					e.t.Errorf("Get: %v", err)
				}
			}
		})
	}},
}
