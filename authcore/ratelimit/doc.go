// Package ratelimit is GoAuth's request rate limiter and client-IP resolution: Better Auth
// 1.6.9's rules, keys and sliding-window algorithm (spec sections 5.4 and 5.5) over three
// stores: in memory, secondary storage (kv.Store) and the database (model "rateLimit").
//
// Better Auth: packages/better-auth/src/api/rate-limiter/index.ts,
// packages/better-auth/src/utils/get-request-ip.ts and packages/core/src/utils/ip.ts.
//
// # Algorithm
//
// Each key "<ip>|<path>" holds a count and the time of the last counted request. A
// request is denied when count >= max and less than a window has passed since the last
// request; a denied request is not counted. Otherwise the count restarts at 1 when a full
// window has passed since the last request, or grows by 1, and the last request time
// becomes now, so the window slides from the most recent request.
//
// # Differences from Better Auth
//
// Better Auth reads the entry before the handler runs and counts the request after the
// response is written, so concurrent requests can all read the same count and slip past
// the limit. GoAuth checks and counts in one atomic [Store.Consume] before the handler.
// This is intentionally stricter: of N concurrent requests on one key with room for k,
// exactly k pass. Requests that fail in the handler are still counted, as upstream counts
// every routed response.
//
// An entry whose last request is exactly one window old restarts at 1, as in Better
// Auth's memory and secondary-storage stores, where the entry expires at that instant
// (its database store restarts only strictly after the window).
//
// [ClientIP] reads forwarding headers only from trusted proxies and walks
// X-Forwarded-For from the right; Better Auth trusts the leftmost item of any request.
// See [IPConfig].
package ratelimit
