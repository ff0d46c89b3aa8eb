package authredis

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

// RateLimitStore is a ratelimit.Store in Redis (Better Auth: rateLimit.storage
// "secondary-storage" over @better-auth/redis-storage), shared by every instance on the
// same Redis and prefix. Each Consume is one Lua script on one key, so it is atomic
// without locks: of N concurrent requests on a key with room for k, exactly k pass, on
// any number of instances.
//
// The key is prefix+"<ip>|<path>" and the value Better Auth's record
// {"key":"<ip>|<path>","count":n,"lastRequest":<unix ms>}, written with a TTL of the
// rule's window, so that GoAuth and Better Auth instances can share the counters (Better
// Auth itself reads before and writes after the request, without atomicity). A value that
// is not such a record counts as absent, as upstream's safeJSONParse makes it.
type RateLimitStore struct {
	*conn
}

var _ ratelimit.Store = (*RateLimitStore)(nil)

// NewRateLimitStore returns a rate-limit store over client. New's Store has one already
// (Store.RateLimitStore), sharing its outage log; use this one for rate limits alone.
func NewRateLimitStore(client redis.UniversalClient, opts ...Option) *RateLimitStore {
	return &RateLimitStore{conn: newConn(client, opts)}
}

// consumeScript is ratelimit's algorithm (authcore/ratelimit, the step function of its
// memory store) on a record kept in milliseconds.
//
// KEYS[1] the key; ARGV[1] now (ms); ARGV[2] window (ns); ARGV[3] max; ARGV[4] the
// JSON-encoded "<ip>|<path>"; ARGV[5] the TTL (ms). It returns {1, 0} when the request is
// allowed and counted, {0, retryAfter (ns)} when it is denied.
var consumeScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local function int(v)
	return v == nil or (type(v) == 'number' and v == math.floor(v) and v <= 9007199254740991 and v >= -9007199254740991)
end
local exists, count, last = false, 0, 0
local raw = redis.call('GET', KEYS[1])
if raw then
	local ok, rec = pcall(cjson.decode, raw)
	if ok and type(rec) == 'table' and int(rec.count) and int(rec.lastRequest)
		and (rec.key == nil or type(rec.key) == 'string') then
		exists, count, last = true, rec.count or 0, rec.lastRequest or 0
	end
end
local age = (now - last) * 1000000
if exists and age < window then
	if count >= max then
		return {0, window - age}
	end
	count = count + 1
else
	count = 1
end
redis.call('SET', KEYS[1], '{"key":' .. ARGV[4] .. ',"count":' .. string.format('%d', count) ..
	',"lastRequest":' .. ARGV[1] .. '}', 'PX', ARGV[5])
return {1, 0}
`)

// Consume implements ratelimit.Store. It fails when Redis does (see ErrUnavailable).
func (s *RateLimitStore) Consume(ctx context.Context, key string, rule ratelimit.Rule, now time.Time) (ratelimit.Decision, error) {
	if rule.Window <= 0 {
		// No request is ever within the window: nothing to count.
		return ratelimit.Decision{Allowed: true}, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as JSON.stringify
	if err := enc.Encode(key); err != nil {
		return ratelimit.Decision{}, err
	}
	jsonKey := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	var res []int64
	err := s.call(ctx, "rate limit", func(ctx context.Context) error {
		var e error
		res, e = consumeScript.Run(ctx, s.c, []string{s.prefix + key},
			strconv.FormatInt(now.UnixMilli(), 10), strconv.FormatInt(int64(rule.Window), 10),
			strconv.Itoa(rule.Max), jsonKey, max(millis(rule.Window), 1)).Int64Slice()
		return e
	})
	if err != nil {
		return ratelimit.Decision{}, err
	}
	if res[0] == 1 {
		return ratelimit.Decision{Allowed: true}, nil
	}
	return ratelimit.Decision{RetryAfter: time.Duration(res[1])}, nil
}
