#!/usr/bin/env bash
# Makes sure the services the test suite uses for real are up:
#
#   PostgreSQL  127.0.0.1:5432  (trust auth, database `test`)
#   MariaDB     127.0.0.1:3306  (root, empty password, database `test`)
#   Redis       127.0.0.1:6379
#
# Each one that does not answer is started with the command used on the
# development and CI machines, then waited for (GOAUTH_SERVICES_TIMEOUT seconds,
# default 30). Prints nothing when everything is already up; exits non-zero
# with a message naming the service when one cannot be started.
#
#   GOAUTH_SKIP_SERVICES=1   skip all of this (local runs without the services;
#                            the tests that need them will then fail, not skip)
#   GOAUTH_SERVICES_TIMEOUT  seconds to wait for each started service (default 30)
set -euo pipefail

if [[ "${GOAUTH_SKIP_SERVICES:-}" == 1 ]]; then
	echo "test-services: GOAUTH_SKIP_SERVICES=1, not checking Postgres, MariaDB, Redis"
	exit 0
fi

TIMEOUT="${GOAUTH_SERVICES_TIMEOUT:-30}"
HOST=127.0.0.1

# tcp_open PORT: true when something accepts connections on $HOST:PORT.
tcp_open() {
	timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# ---- readiness probes: the service's own client when installed, else a TCP connect

postgres_ready() {
	if command -v pg_isready >/dev/null; then
		pg_isready -q -h "$HOST" -p 5432 -t 2
	else
		tcp_open 5432
	fi
}

mariadb_ready() {
	if command -v mysqladmin >/dev/null; then
		mysqladmin --connect-timeout=2 -h "$HOST" -P 3306 -u root ping >/dev/null 2>&1
	else
		tcp_open 3306
	fi
}

redis_ready() {
	if command -v redis-cli >/dev/null; then
		[[ "$(timeout 3 redis-cli -h "$HOST" -p 6379 ping 2>/dev/null)" == PONG ]]
	else
		tcp_open 6379
	fi
}

# ---- start commands (the ones documented for this machine)

postgres_start() {
	command -v pg_ctlcluster >/dev/null || { echo "pg_ctlcluster not found (is PostgreSQL installed?)"; return 1; }
	local v found=0
	for v in $(ls /etc/postgresql 2>/dev/null); do
		[[ -d "/etc/postgresql/$v/main" ]] || continue
		found=1
		pg_ctlcluster --skip-systemctl-redirect "$v" main start || return 1
	done
	((found)) || { echo "no cluster under /etc/postgresql/*/main"; return 1; }
}

mariadb_start() {
	[[ -x /usr/sbin/mariadbd ]] || { echo "/usr/sbin/mariadbd not found (is MariaDB installed?)"; return 1; }
	start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
}

redis_start() {
	command -v redis-server >/dev/null || { echo "redis-server not found (is Redis installed?)"; return 1; }
	mkdir -p /var/lib/redis /var/log/redis
	redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
		--dir /var/lib/redis --logfile /var/log/redis/ci.log
}

# ensure NAME LABEL: start the service if its probe fails, then wait for it.
ensure() {
	local name=$1 label=$2
	"${name}_ready" && return 0
	echo "test-services: $label is not answering; starting it"
	# Output goes to a file, not a pipe: a daemon that keeps an inherited
	# descriptor open must not make us wait for it.
	local log
	log="$(mktemp "${TMPDIR:-/tmp}/goauth-services.XXXXXX")"
	if ! "${name}_start" >"$log" 2>&1 </dev/null; then
		echo "test-services: ERROR: could not start $label:" >&2
		sed 's/^/    /' "$log" >&2
		rm -f "$log"
		return 1
	fi
	local deadline=$((SECONDS + TIMEOUT))
	until "${name}_ready"; do
		if ((SECONDS >= deadline)); then
			echo "test-services: ERROR: $label was started but did not become ready within ${TIMEOUT}s" >&2
			sed 's/^/    /' "$log" >&2
			rm -f "$log"
			return 1
		fi
		sleep 1
	done
	rm -f "$log"
	echo "test-services: $label is up"
}

# ---- the `test` databases (created when missing, so a fresh data directory works)

postgres_db() {
	command -v psql >/dev/null || return 0
	local have
	have="$(psql -h "$HOST" -p 5432 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'" 2>&1)" || {
		echo "test-services: ERROR: cannot query PostgreSQL as user postgres: $have" >&2
		return 1
	}
	[[ "$have" == 1 ]] && return 0
	echo "test-services: creating PostgreSQL database test"
	psql -q -h "$HOST" -p 5432 -U postgres -d postgres -c 'CREATE DATABASE test' >/dev/null
}

mariadb_db() {
	command -v mysql >/dev/null || return 0
	local out
	out="$(mysql --connect-timeout=5 -h "$HOST" -P 3306 -u root -e 'CREATE DATABASE IF NOT EXISTS test' 2>&1)" || {
		echo "test-services: ERROR: cannot use MariaDB as root with an empty password: $out" >&2
		return 1
	}
}

failed=()
ensure postgres "PostgreSQL (127.0.0.1:5432)" && { postgres_db || failed+=("PostgreSQL database test"); } || failed+=(PostgreSQL)
ensure mariadb "MariaDB (127.0.0.1:3306)" && { mariadb_db || failed+=("MariaDB database test"); } || failed+=(MariaDB)
ensure redis "Redis (127.0.0.1:6379)" || failed+=(Redis)

if ((${#failed[@]})); then
	echo "test-services: FAILED: ${failed[*]} not available; the test suite needs all three (GOAUTH_SKIP_SERVICES=1 skips this check)" >&2
	exit 1
fi
