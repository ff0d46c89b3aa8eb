package ratelimit

import "time"

// SetKVLockTiming shortens the cross-instance lock timing of s for tests.
func SetKVLockTiming(s *KVStore, ttl, wait time.Duration) { s.lockTTL, s.lockWait = ttl, wait }

// MatchWildcard exposes the custom-rule pattern matcher.
func MatchWildcard(pattern, path string) bool { return compileWildcard(pattern)(path) }
