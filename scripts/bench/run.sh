#!/usr/bin/env bash
# Load comparison of GoAuth against Better Auth 1.6.9 and two Go floors, on this machine,
# over loopback only. Not part of CI; docs/performance.md explains the setup and keeps the
# latest numbers.
#
#   scripts/bench/run.sh                      everything, RUNS rounds
#   RUNS=10 scripts/bench/run.sh              medians of 10 rounds (as the issue's numbers)
#   DURATION=5s MEMORY_TEST=0 SCALE_TEST=0 scripts/bench/run.sh
#
# Servers, all started at once on their own ports (an idle server costs nothing):
#   hello           Go net/http hello world (cmd/hello)
#   floor           minimal Go get-session on SQLite: cookie HMAC + two indexed reads
#                   (cmd/floor), on goauth-sqlite's database file
#   goauth-sqlite   goauth serve on a SQLite file          goauth-sqlite-cc: compact cookie cache
#   goauth-pg       goauth serve on Postgres (own schema)
#   betterauth      Better Auth 1.6.9 on Node and better-sqlite3 (betterauth/, pinned by
#                   its package-lock.json)                  betterauth-cc: compact cookie cache
# and scrypt, raw Go scrypt at Better Auth's parameters on every core (cmd/scrypt).
#
# Workloads (wrk -tTHREADS -cCONNS, one run of DURATION per round; wrk/bench.lua): hello,
# ok, get-session, get-session-cc (answered from the cookie cache), sign-in, sign-up, mixed
# (90% get-session, 8% sign-in, 2% sign-up). Every round runs every workload once, in a
# fixed order, so that a change in the machine's background load hits all servers alike;
# the report gives per workload the median over the rounds of req/s, p50 and p99, the
# errors summed and the highest peak RSS (VmHWM, reset before each run).
#
# Then the memory test (64 concurrent sign-ins for MEMORY_DURATION against a freshly
# started goauth on SQLite, peak RSS) and the scale test (goauth-pg get-session p99 with 1,000, then SCALE_SESSIONS
# sessions in its own Postgres schema, seeded with INSERT ... SELECT generate_series;
# SCALE_RUNS runs each). Postgres schemas are dropped at the end.
#
# Environment:
#   DURATION (10s)  SIGN_DURATION (=DURATION: sign-in, sign-up, mixed, scrypt)  CONNS (32)
#   THREADS (2)  RUNS (3)  BENCH_PORT (4790: first of ten ports)
#   PG_URL (postgres://postgres@127.0.0.1:5432/test?sslmode=disable)
#   MEMORY_TEST (1)  MEMORY_DURATION (30s)
#   SCALE_TEST (1)  SCALE_SESSIONS (1000000)  SCALE_RUNS (3)
#   SKIP_BETTERAUTH (0)  KEEP_WORK (0: the work directory is removed at the end)
#   ONLY (a regular expression: run only the SERVER:WORKLOAD pairs it matches)
#   GOAUTH_BIN (default: built from this checkout)
# Needs: go, wrk, curl, psql (Postgres), node >= 20 and npm (Better Auth).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
DURATION=${DURATION:-10s}
SIGN_DURATION=${SIGN_DURATION:-$DURATION}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
MEMORY_TEST=${MEMORY_TEST:-1}
MEMORY_DURATION=${MEMORY_DURATION:-30s}
SCALE_TEST=${SCALE_TEST:-1}
SCALE_SESSIONS=${SCALE_SESSIONS:-1000000}
SCALE_RUNS=${SCALE_RUNS:-3}
SKIP_BETTERAUTH=${SKIP_BETTERAUTH:-0}
port0=${BENCH_PORT:-4790}
SECRET=bench-secret-0123456789abcdefghijklmnopqrstuvwxyz
PASSWORD=bench-password-123
EMAIL=bench@example.com

for tool in go wrk curl; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is required (wrk: apt-get install wrk)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/goauth-bench.XXXXXX")
runs=$work/runs.tsv # server workload round rps p50_ms p99_ms errors rss_mib
: >"$runs"
declare -A PID PORT COOKIE
schemas=()
cleanup() {
	for n in "${!PID[@]}"; do kill "${PID[$n]}" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for s in "${schemas[@]}"; do psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS \"$s\" CASCADE" >/dev/null 2>&1 || true; done
	if [[ "${KEEP_WORK:-0}" != 1 ]]; then rm -rf "$work"; else echo "work directory: $work" >&2; fi
}
trap cleanup EXIT
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
base() { echo "http://127.0.0.1:${PORT[$1]}"; }

# ---- build
log "building into $work/bin"
mkdir -p "$work/bin"
goauth=${GOAUTH_BIN:-}
if [[ -z "$goauth" ]]; then
	(cd "$repo" && go build -o "$work/bin/goauth" ./auth/cmd/goauth)
	goauth=$work/bin/goauth
fi
(cd "$here" && GOWORK=off go build -o "$work/bin/" ./cmd/...)
if [[ "$SKIP_BETTERAUTH" != 1 ]]; then
	command -v node >/dev/null || { echo "run.sh: node is required (or SKIP_BETTERAUTH=1)" >&2; exit 2; }
	if [[ ! -d "$here/betterauth/node_modules/better-auth" ]]; then
		log "npm ci in $here/betterauth (better-sqlite3 may compile, ~1 min)"
		(cd "$here/betterauth" && npm_config_nodedir=${npm_config_nodedir:-/usr} npm ci --no-audit --no-fund >/dev/null)
	fi
fi
have_pg=0
if command -v psql >/dev/null && psql -q "$PG_URL" -c 'select 1' >/dev/null 2>&1; then
	have_pg=1
else
	log "Postgres at $PG_URL is not reachable: no goauth-pg, no scale test"
fi

# ---- servers
next_port=$port0

# start NAME ENV... -- CMD...: starts a server on the next port and waits until it answers.
start() {
	local name=$1
	shift
	PORT[$name]=$next_port
	next_port=$((next_port + 1))
	local envs=(PORT="${PORT[$name]}" BASE_URL="$(base "$name")")
	while [[ "$1" != -- ]]; do envs+=("$1"); shift; done
	shift
	if curl -s -o /dev/null "$(base "$name")/" 2>/dev/null; then
		echo "run.sh: port ${PORT[$name]} is in use (set BENCH_PORT)" >&2
		exit 3
	fi
	env "${envs[@]}" "$@" >"$work/$name.log" 2>&1 &
	PID[$name]=$!
	for _ in $(seq 1 300); do
		curl -s -o /dev/null "$(base "$name")/" 2>/dev/null && return 0
		kill -0 "${PID[$name]}" 2>/dev/null || { cat "$work/$name.log" >&2; echo "run.sh: $name exited" >&2; exit 3; }
		sleep 0.1
	done
	echo "run.sh: $name did not start" >&2
	exit 3
}

stop() {
	kill "${PID[$1]}" 2>/dev/null || true
	wait "${PID[$1]}" 2>/dev/null || true
	unset "PID[$1]"
}

# goauth_config NAME CACHE: the conformance reference's core configuration
# (scripts/conformance-target.sh), with the compact cookie cache when CACHE is "cc".
goauth_config() {
	local f=$work/$1.yaml
	cat >"$f" <<YAML
appName: BetterAuthRef
basePath: /api/auth
trustedOrigins: ["http://127.0.0.1:$next_port"]
emailAndPassword:
  enabled: true
  sendResetPassword: true
emailVerification:
  sendOnSignUp: true
  sendVerificationEmail: true
user:
  changeEmail:
    enabled: true
    sendChangeEmailConfirmation: true
  deleteUser:
    enabled: true
YAML
	if [[ "$2" == cc ]]; then
		printf 'session:\n  cookieCache:\n    enabled: true\n    strategy: compact\n' >>"$f"
	fi
	echo "$f"
}

start_goauth() { # NAME DATABASE_URL CACHE
	local cfg
	cfg=$(goauth_config "$1" "$3")
	start "$1" BETTER_AUTH_SECRET="$SECRET" RATE_LIMIT=off GOAUTH_OUTBOX="$work/$1-outbox.jsonl" \
		DATABASE_URL="$2" -- "$goauth" serve --config "$cfg" --host 127.0.0.1
}

start_betterauth() { # NAME COOKIE_CACHE
	start "$1" SECRET="$SECRET" RATE_LIMIT=off DATABASE="$work/$1.db" OUTBOX="$work/$1-outbox.jsonl" \
		COOKIE_CACHE="$2" -- node "$here/betterauth/server.mjs"
}

new_schema() {
	local s="bench_$(date +%s)_$RANDOM"
	psql -q "$PG_URL" -c "CREATE SCHEMA \"$s\"" >/dev/null
	schemas+=("$s")
	echo "$s"
}

pg_dsn() { # SCHEMA
	local sep='?'
	[[ "$PG_URL" == *\?* ]] && sep='&'
	echo "$PG_URL${sep}search_path=$1"
}

# auth NAME PATH BODY: POSTs to an auth route and prints the Cookie header a browser
# would send back.
auth() {
	local b hdr
	b=$(base "$1")
	hdr=$(curl -s -D - -o "$work/auth.json" -H 'Content-Type: application/json' -H "Origin: $b" -d "$3" "$b/api/auth$2")
	grep -qi '^HTTP/1.1 200' <<<"$hdr" || { echo "run.sh: $1 $2 failed: $hdr $(cat "$work/auth.json")" >&2; exit 4; }
	tr -d '\r' <<<"$hdr" | awk 'tolower($1) == "set-cookie:" && tolower($0) !~ /max-age=0/ {
		sub(/^[^:]*: */, ""); sub(/;.*/, ""); c = c (c == "" ? "" : "; ") $0 } END { print c }'
}
signup() { COOKIE[$1]=$(auth "$1" /sign-up/email "{\"name\":\"Bench User\",\"email\":\"$2\",\"password\":\"$PASSWORD\"}"); }
signin() { COOKIE[$1]=$(auth "$1" /sign-in/email "{\"email\":\"$2\",\"password\":\"$PASSWORD\"}"); }

# check_session NAME EMAIL: get-session with the server's cookie answers the user.
check_session() {
	local body
	body=$(curl -s -H "Cookie: ${COOKIE[$1]}" "$(base "$1")/api/auth/get-session")
	grep -q "\"email\":\"$2\"" <<<"$body" || { echo "run.sh: $1 get-session did not answer the session: $body" >&2; exit 4; }
}

# measure SERVER WORKLOAD ROUND MODE PATH DURATION [CONNS] [COOKIE]: one wrk run; appends a
# line to $runs with the server's peak RSS during the run.
measure() {
	local server=$1 workload=$2 round=$3 mode=$4 path=$5 dur=$6 conns=${7:-$CONNS} cookie=${8:-}
	[[ -z "${ONLY:-}" || "$server:$workload" =~ $ONLY ]] || return 0
	local b p
	b=$(base "$server")
	p=${PID[$server]}
	echo 5 >"/proc/$p/clear_refs" 2>/dev/null || true
	# Password hashing queues requests (about one hash per core at a time): a sign-in
	# may wait many seconds behind the others, which is a latency, not an error.
	local timeout=10s
	[[ "$mode" == get ]] || timeout=60s
	local out
	out=$(BENCH_MODE=$mode BENCH_COOKIE=$cookie BENCH_ORIGIN=$b BENCH_EMAIL=$EMAIL BENCH_PASSWORD=$PASSWORD \
		BENCH_RUN="r$(date +%s%N)" wrk -t"$THREADS" -c"$conns" -d"$dur" --timeout "$timeout" -s "$here/wrk/bench.lua" "$b$path" |
		grep '^RESULT' || true)
	[[ -n "$out" ]] || { echo "run.sh: wrk gave no result for $server $workload" >&2; exit 5; }
	local rss
	rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$p/status")
	record "$server" "$workload" "$round" "$out" "$rss"
}

record() { # SERVER WORKLOAD ROUND RESULT-LINE RSS_KB
	local v
	v=$(awk -v s="$1" -v w="$2" -v r="$3" -v rss="$5" '{
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		printf "%s\t%s\t%s\t%.1f\t%.2f\t%.2f\t%d\t%s\n", s, w, r, f["rps"], f["p50_us"] / 1000, f["p99_us"] / 1000,
			f["errors"], rss == "" ? "-" : sprintf("%.1f", rss / 1024) }' <<<"$4")
	echo "$v" >>"$runs"
	log "$(tr '\t' ' ' <<<"$v")"
}

# ---- machine
{
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
	echo "tools:   $(go version | cut -d' ' -f3), node $(node -v 2>/dev/null || echo -), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
	echo "runs:    wrk -t$THREADS -c$CONNS; $RUNS round(s) of $DURATION per workload ($SIGN_DURATION for sign-in, sign-up, mixed, scrypt)"
	echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at start"
} >"$work/header.txt"
cat "$work/header.txt" >&2

log "starting servers"
start hello -- "$work/bin/hello"
start_goauth goauth-sqlite "file:$work/goauth.db" db
signup goauth-sqlite "$EMAIL"
check_session goauth-sqlite "$EMAIL"
start floor DATABASE="$work/goauth.db" SECRET="$SECRET" -- "$work/bin/floor"
COOKIE[floor]=$(awk -F'; ' '{ for (i = 1; i <= NF; i++) if ($i ~ /^better-auth\.session_token=/) print $i }' <<<"${COOKIE[goauth-sqlite]}")
check_session floor "$EMAIL"
start_goauth goauth-sqlite-cc "file:$work/goauth-cc.db" cc
signup goauth-sqlite-cc "$EMAIL"
servers=(goauth-sqlite)
if ((have_pg)); then
	start_goauth goauth-pg "$(pg_dsn "$(new_schema)")" db
	signup goauth-pg "$EMAIL"
	check_session goauth-pg "$EMAIL"
	servers+=(goauth-pg)
fi
if [[ "$SKIP_BETTERAUTH" != 1 ]]; then
	start_betterauth betterauth ""
	signup betterauth "$EMAIL"
	check_session betterauth "$EMAIL"
	start_betterauth betterauth-cc compact
	signup betterauth-cc "$EMAIL"
	servers+=(betterauth)
fi

# ---- rounds
for round in $(seq 1 "$RUNS"); do
	log "round $round of $RUNS"
	measure hello hello "$round" get / "$DURATION"
	measure goauth-sqlite ok "$round" get /api/auth/ok "$DURATION"
	[[ "$SKIP_BETTERAUTH" != 1 ]] && measure betterauth ok "$round" get /api/auth/ok "$DURATION"
	measure floor get-session "$round" get /api/auth/get-session "$DURATION" "$CONNS" "${COOKIE[floor]}"
	for s in "${servers[@]}"; do
		measure "$s" get-session "$round" get /api/auth/get-session "$DURATION" "$CONNS" "${COOKIE[$s]}"
	done
	# A fresh session_data cookie (the cache lives 5 minutes).
	for s in goauth-sqlite-cc betterauth-cc; do
		[[ -n "${PID[$s]:-}" ]] || continue
		signin "$s" "$EMAIL"
		grep -q 'session_data=' <<<"${COOKIE[$s]}" || { echo "run.sh: $s sent no session_data cookie" >&2; exit 4; }
		check_session "$s" "$EMAIL"
		measure "$s" get-session-cc "$round" get /api/auth/get-session "$DURATION" "$CONNS" "${COOKIE[$s]}"
	done
	if [[ -z "${ONLY:-}" || "scrypt:hashes" =~ $ONLY ]]; then
		record scrypt hashes "$round" "$("$work/bin/scrypt" -d "$SIGN_DURATION" | grep '^RESULT')" ""
	fi
	for s in "${servers[@]}"; do measure "$s" sign-in "$round" signin /api/auth/sign-in/email "$SIGN_DURATION"; done
	for s in "${servers[@]}"; do measure "$s" sign-up "$round" signup /api/auth/sign-up/email "$SIGN_DURATION"; done
	for s in "${servers[@]}"; do
		measure "$s" mixed "$round" mixed /api/auth/get-session "$SIGN_DURATION" "$CONNS" "${COOKIE[$s]}"
	done
done

# ---- memory and scale
for n in "${!PID[@]}"; do stop "$n"; done
if [[ "$MEMORY_TEST" == 1 ]]; then
	log "memory test: 64 concurrent sign-ins for $MEMORY_DURATION on a fresh server"
	start_goauth goauth-mem "file:$work/goauth-mem.db" db
	signup goauth-mem "$EMAIL"
	measure goauth-mem memory-64-sign-ins 1 signin /api/auth/sign-in/email "$MEMORY_DURATION" 64
	stop goauth-mem
fi

if [[ "$SCALE_TEST" == 1 ]] && ((have_pg)); then
	log "scale test: get-session with 1,000 and $SCALE_SESSIONS sessions"
	schema=$(new_schema)
	start_goauth goauth-pg-scale "$(pg_dsn "$schema")" db
	signup goauth-pg-scale "$EMAIL"
	seed() { # COUNT FIRST: adds COUNT sessions of the bench user
		psql -q "$PG_URL" -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET search_path = "$schema";
INSERT INTO "session" ("id", "expiresAt", "token", "createdAt", "updatedAt", "ipAddress", "userAgent", "userId")
SELECT 'seed' || i, now() + interval '7 days', md5('token' || i), now(), now(), '127.0.0.1', 'bench seed',
       (SELECT "id" FROM "user" LIMIT 1)
FROM generate_series($2, $2 + $1 - 1) AS i;
ANALYZE "session";
SQL
	}
	seed 999 1
	check_session goauth-pg-scale "$EMAIL"
	for r in $(seq 1 "$SCALE_RUNS"); do
		measure goauth-pg-scale sessions-1k "$r" get /api/auth/get-session "$DURATION" "$CONNS" "${COOKIE[goauth-pg-scale]}"
	done
	t0=$(date +%s)
	seed $((SCALE_SESSIONS - 1000)) 1000
	log "seeded $SCALE_SESSIONS sessions in $(($(date +%s) - t0)) s"
	check_session goauth-pg-scale "$EMAIL"
	for r in $(seq 1 "$SCALE_RUNS"); do
		measure goauth-pg-scale "sessions-$((SCALE_SESSIONS / 1000))k" "$r" get /api/auth/get-session "$DURATION" "$CONNS" "${COOKIE[goauth-pg-scale]}"
	done
	stop goauth-pg-scale
fi

# ---- report
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at end" >>"$work/header.txt"
cat "$work/header.txt"
echo
awk -F'\t' '
function median(list,   a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	k = $1 SUBSEP $2
	if (!(k in seen)) { seen[k] = 1; order[++n] = k }
	rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6; err[k] += $7; runs[k]++
	if ($8 != "-" && $8 + 0 > rss[k] + 0) rss[k] = $8
}
function get(s, w, what,   k) {
	k = s SUBSEP w
	if (!(k in seen)) return ""
	if (what == "rps") return median(rps[k])
	if (what == "p99") return median(p99[k])
	return rss[k]
}
function ratio(name, a, b, target, cmp,   r, ok) {
	if (a == "" || b == "" || b + 0 == 0) { printf "  %-55s %8s\n", name, "n/a"; return }
	r = a / b
	ok = (cmp == ">=") ? (r >= target) : (r <= target)
	printf "  %-55s %8.2f   target %s %s: %s\n", name, r, cmp, target, ok ? "holds" : "MISSED"
}
END {
	printf "%-17s %-19s %5s %10s %8s %8s %7s %9s\n", "server", "workload", "runs", "req/s", "p50 ms", "p99 ms", "errors", "peak MiB"
	for (i = 1; i <= n; i++) {
		k = order[i]; split(k, p, SUBSEP)
		printf "%-17s %-19s %5d %10.1f %8s %8s %7d %9s\n", p[1], p[2], runs[k], median(rps[k]),
			p[1] == "scrypt" ? "-" : sprintf("%.2f", median(p50[k])), p[1] == "scrypt" ? "-" : sprintf("%.2f", median(p99[k])),
			err[k], (k in rss) ? rss[k] : "-"
	}
	print ""
	print "ratios (medians of req/s; the targets of issue 7):"
	fl = get("floor", "get-session", "rps"); hw = get("hello", "hello", "rps"); sc = get("scrypt", "hashes", "rps")
	ratio("get-session: goauth-sqlite / floor", get("goauth-sqlite", "get-session", "rps"), fl, 0.75, ">=")
	ratio("get-session: goauth-pg / floor", get("goauth-pg", "get-session", "rps"), fl, 0.75, ">=")
	ratio("get-session: goauth-sqlite / betterauth", get("goauth-sqlite", "get-session", "rps"), get("betterauth", "get-session", "rps"), 25, ">=")
	ratio("get-session cookie cache: goauth-sqlite-cc / hello", get("goauth-sqlite-cc", "get-session-cc", "rps"), hw, 0.60, ">=")
	ratio("ok: goauth-sqlite / hello", get("goauth-sqlite", "ok", "rps"), hw, 0.85, ">=")
	ratio("sign-in: goauth-sqlite / raw scrypt", get("goauth-sqlite", "sign-in", "rps"), sc, 0.90, ">=")
	ratio("sign-in: goauth-pg / raw scrypt", get("goauth-pg", "sign-in", "rps"), sc, 0.90, ">=")
	m = get("goauth-mem", "memory-64-sign-ins", "rss")
	if (m != "") printf "  %-55s %8.1f   target < 160 MiB: %s\n", "peak RSS under 64 concurrent sign-ins, MiB", m, (m + 0 < 160) ? "holds" : "MISSED"
	for (i = 1; i <= n; i++) { split(order[i], p, SUBSEP); if (p[1] == "goauth-pg-scale" && p[2] != "sessions-1k") big = p[2] }
	if (big != "") ratio("get-session p99: goauth-pg " big " / sessions-1k", get("goauth-pg-scale", big, "p99"), get("goauth-pg-scale", "sessions-1k", "p99"), 1.20, "<=")
}' "$runs"
if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo; echo "per-run results: $runs"; fi
