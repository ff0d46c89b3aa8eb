package authredis

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// indexScript edits a session index (kv.IndexStore) in one step: it reads the JSON array,
// keeps the well-formed entries, applies the edit, drops expired and repeated tokens,
// sorts by expiry (stable), and writes the array with a TTL until the furthest expiry, or
// deletes the key when nothing is left. It encodes JSON by hand, as JSON.stringify does
// (cjson.encode would reorder the keys and escape "/"), to stay byte-identical with
// kv.EncodeIndex and Better Auth.
//
// KEYS[1] index key; ARGV[1] now (ms); ARGV[2] "add" or "remove"; for add ARGV[3] token
// and ARGV[4] expiresAt (ms); for remove ARGV[3..] the tokens.
var indexScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local raw = redis.call('GET', KEYS[1])
if not raw and ARGV[2] == 'remove' then
	return 0
end
local function trunc(x)
	if x >= 0 then return math.floor(x) end
	return math.ceil(x)
end
local list = {}
if raw then
	local ok, decoded = pcall(cjson.decode, raw)
	if ok and type(decoded) == 'table' then
		for _, e in ipairs(decoded) do
			if type(e) == 'table' and type(e.token) == 'string' and type(e.expiresAt) == 'number'
				and e.expiresAt <= 8.64e15 and e.expiresAt >= -8.64e15 then
				list[#list + 1] = {token = e.token, exp = trunc(e.expiresAt)}
			end
		end
	end
end
local drop = {}
if ARGV[2] == 'add' then
	drop[ARGV[3]] = true
else
	for i = 3, #ARGV do drop[ARGV[i]] = true end
end
local edited = {}
for _, e in ipairs(list) do
	if not drop[e.token] then edited[#edited + 1] = e end
end
if ARGV[2] == 'add' then
	edited[#edited + 1] = {token = ARGV[3], exp = tonumber(ARGV[4])}
end
local seen, kept = {}, {}
for i, e in ipairs(edited) do
	if e.exp > now and not seen[e.token] then
		seen[e.token] = true
		kept[#kept + 1] = {token = e.token, exp = e.exp, i = i}
	end
end
if #kept == 0 then
	if raw then redis.call('DEL', KEYS[1]) end
	return 0
end
table.sort(kept, function(a, b)
	if a.exp ~= b.exp then return a.exp < b.exp end
	return a.i < b.i
end)
local esc = {['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t'}
local function jstr(s)
	return '"' .. (string.gsub(s, '[%z\1-\31"\\]', function(c)
		return esc[c] or string.format('\\u%04x', string.byte(c))
	end)) .. '"'
end
local parts = {}
for i, e in ipairs(kept) do
	parts[i] = '{"token":' .. jstr(e.token) .. ',"expiresAt":' .. string.format('%d', e.exp) .. '}'
end
redis.call('SET', KEYS[1], '[' .. table.concat(parts, ',') .. ']', 'PX', string.format('%d', kept[#kept].exp - now))
return #kept
`)

// IndexAdd implements kv.IndexStore with one Lua script on the index key.
func (s *Store) IndexAdd(ctx context.Context, key, token string, expiresAt, now int64) error {
	return s.call(ctx, "index add", func(ctx context.Context) error {
		return indexScript.Run(ctx, s.c, []string{s.key(key)},
			strconv.FormatInt(now, 10), "add", token, strconv.FormatInt(expiresAt, 10)).Err()
	})
}

// IndexRemove implements kv.IndexStore with one Lua script on the index key.
func (s *Store) IndexRemove(ctx context.Context, key string, tokens []string, now int64) error {
	if len(tokens) == 0 {
		return nil
	}
	args := make([]any, 0, 2+len(tokens))
	args = append(args, strconv.FormatInt(now, 10), "remove")
	for _, t := range tokens {
		args = append(args, t)
	}
	return s.call(ctx, "index remove", func(ctx context.Context) error {
		return indexScript.Run(ctx, s.c, []string{s.key(key)}, args...).Err()
	})
}

// Replace implements kv.IndexStore (SET XX). A negative ttl is an error.
func (s *Store) Replace(ctx context.Context, key, value string, ttl time.Duration) (ok bool, err error) {
	if ttl < 0 {
		return false, fmt.Errorf("authredis: negative ttl %v", ttl)
	}
	err = s.call(ctx, "setxx", func(ctx context.Context) error {
		var e error
		ok, e = s.c.SetXX(ctx, s.key(key), value, ttl).Result()
		return e
	})
	return ok && err == nil, err
}
