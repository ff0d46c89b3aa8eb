// Command scrypt measures raw scrypt throughput at Better Auth's parameters (N=16384,
// r=16, p=1, 64-byte key), the cost that bounds sign-in and sign-up: it runs one
// derivation loop per worker (default GOMAXPROCS) for the given duration and prints
// hashes per second.
//
//	scrypt -d 10s -workers 2
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/scrypt"
)

func main() {
	d := flag.Duration("d", 10*time.Second, "how long to run")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "concurrent derivations")
	flag.Parse()
	var n atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(*d)
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			salt := []byte("0123456789abcdef0123456789abcdef") // hex text, as Better Auth passes it
			for time.Now().Before(deadline) {
				if _, err := scrypt.Key([]byte("correct horse battery staple"), salt, 16384, 16, 1, 64); err != nil {
					panic(err)
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	fmt.Printf("RESULT requests=%d duration_us=%d rps=%.2f workers=%d\n", n.Load(), el.Microseconds(), float64(n.Load())/el.Seconds(), *workers)
}
