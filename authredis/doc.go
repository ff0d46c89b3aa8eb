// Package authredis is GoAuth's secondary storage and distributed rate-limit store on Redis,
// over redis/go-redis v9: the scale-out path where several GoAuth instances share one
// database and one Redis for sessions, verification values and rate limits.
//
//	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
//	a, err := authcore.New(authcore.Options{
//		Database:         adapter,
//		SecondaryStorage: authredis.New(client), // sessions, verification values, rate limits
//	})
//
// [New] returns a [Store]: a kv.Store (Better Auth's secondaryStorage) that also edits the
// session index atomically (kv.IndexStore) and provides a [RateLimitStore] through
// RateLimitStore, which authcore picks up when the store is Options.SecondaryStorage.
// Any redis.UniversalClient works: a standalone client, a sentinel (failover) client or a
// cluster client.
//
// # Keys
//
// Keys are laid out as @better-auth/redis-storage lays them out: the default prefix is
// "better-auth:", then Better Auth's own key, so GoAuth reads what Better Auth wrote and
// the reverse:
//
//	better-auth:<token>                      {"session":{…},"user":{…}}, until the session expires
//	better-auth:active-sessions-<userId>     [{"token":…,"expiresAt":<ms>}], sorted, until the last expiry
//	better-auth:verification:<identifier>    the verification row, until it expires
//	better-auth:<ip>|<path>                  {"key":…,"count":n,"lastRequest":<ms>}, for one window
//
// TTLs are set in milliseconds (Redis SET PX). Take is GETDEL (Redis 6.2 or later), SetNX
// is SET NX, and Incr, the session-index edits and Consume are Lua scripts.
//
// # Cluster
//
// Every command and every script reads and writes exactly one key, so no key needs a hash
// tag: in Redis Cluster each call goes to the node owning its key, and the layout stays
// Better Auth's. A revocation that removes several sessions deletes their keys one by one
// (they live in different slots) and then edits the index in one script; each step is
// atomic, and the order (sessions first, index last) never leaves a session that the
// index does not list.
//
// # Faults
//
// Every call is bounded by the [WithTimeout] deadline (default 2 s) as well as by the
// client's own DialTimeout, ReadTimeout and WriteTimeout. go-redis applies a context
// deadline to socket reads and writes only when the client has ContextTimeoutEnabled; set
// it, as the goauth CLI does. A call that cannot reach Redis, or times out, fails with an
// error matching [ErrUnavailable]; GoAuth then answers 500 and never treats a session it
// could not check as valid. The store logs the first such failure of an outage with its
// cause, and one line when Redis answers again; wrap the application's log handler with
// [Store.LogHandler] so that the failed requests of an outage do not each log it again.
// Nothing is cached in the process: when Redis is back, the next request works.
package authredis
