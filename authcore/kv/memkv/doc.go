// Package memkv is an in-memory kv.Store: the fake the runtime's tests use and secondary
// storage for a single process. It passes kv/kvtest.
//
// Keys expire lazily: an expired key reads as absent at once. Memory is reclaimed by a
// bounded sweep on every write, which removes up to 64 expired keys, the soonest expired
// first (Redis expires keys the same two ways). As only writes add keys, and a write
// first sweeps, the store holds at most one key more than the largest number of live
// keys it has held: expired keys cannot pile up.
//
// Better Auth: SecondaryStorage (packages/core/src/db/type.ts), as
// packages/redis-storage/src/redis-storage.ts implements it.
package memkv
