package authredis_test

import (
	"context"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authredis"
)

// Several instances of this program behind a load balancer, on one database and one
// Redis, behave as one service: sessions, verification values and rate limits live in
// Redis. (Compiled, not run: it needs a Redis.)
func ExampleNew() {
	opt, err := redis.ParseURL(os.Getenv("REDIS_URL")) // redis://127.0.0.1:6379/0
	if err != nil {
		log.Fatal(err)
	}
	opt.ContextTimeoutEnabled = true // let authredis's per-call deadline bound socket I/O
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = 2*time.Second, time.Second, time.Second
	client := redis.NewClient(opt) // or redis.NewClusterClient, redis.NewFailoverClient

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	store := authredis.New(client, authredis.WithLogger(logger))

	a, err := authcore.New(authcore.Options{
		BaseURL:          "https://auth.example.com",
		Secret:           os.Getenv("BETTER_AUTH_SECRET"),
		EmailAndPassword: config.EmailAndPassword{Enabled: true},
		// Database: a shared database adapter (authsqlx.Open), omitted here.
		SecondaryStorage: store,
		// An outage is logged once by the store, not once per failed request.
		Logger: slog.New(store.LogHandler(logger.Handler())),
	})
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe(":3000", a))
}

// A distributed limiter of the application's own (GoAuth's routes use the store of New
// through Options.SecondaryStorage).
func ExampleNewRateLimitStore() {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
	limiter := ratelimit.New(ratelimit.Config{Enabled: true, Store: authredis.NewRateLimitStore(client)})
	d, err := limiter.Check(context.Background(), "192.0.2.1", "/sign-in/email", time.Now())
	if err != nil {
		log.Fatal(err) // Redis unavailable: refuse the request
	}
	if !d.Allowed {
		log.Printf("retry in %v", d.RetryAfter)
	}
}
