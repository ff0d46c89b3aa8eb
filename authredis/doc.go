// Package authredis will hold GoAuth's secondary storage and distributed rate-limit store over
// redis/go-redis v9, with keys laid out like Better Auth's @better-auth/redis-storage.
//
// Nothing is implemented here yet; see docs/parity/authredis.md.
package authredis
