#!/usr/bin/env bash
# The test command: `bash scripts/test.sh` (from any directory). CI runs it via .ci/run.
#
# Steps, in order; the first four stop the run when they fail:
#   1. gofmt      gofmt -l over every module's Go files
#   2. go vet     go vet ./... in every module listed in go.work
#   3. parity     scripts/parity-counts.sh --check (docs/parity test counts up to date)
#   4. services   scripts/test-services.sh (Postgres, MariaDB, Redis up; starts them if not),
#                 then scripts/browser-deps.sh (Chromium and the demo's npm packages for
#                 examples/demo; a failure is counted but does not stop the run), then
#                 $SHARED/conformance/run.sh --prepare (the Better Auth reference server,
#                 which step 5's TestTakeoverServedByBetterAuth also runs, through
#                 GOAUTH_TEST_BETTERAUTH_NODE)
#   5. go test    go test -race -count=1 -timeout 15m ./... in every module (all run)
#   (steps 2 and 5 skip, saying so, a module that has no Go package yet)
#   6. conformance for each profile in scripts/conformance-profiles: build goauth, then
#                 $SHARED/conformance/run.sh --profile P -- bash scripts/conformance-target.sh
#
# The last line is always `N passed, M failed`: N = Go packages whose tests passed
# (`ok` lines) + conformance profiles that passed; M = Go packages that failed
# (`FAIL<tab>pkg` lines) + conformance profiles that failed + every other failed
# step (gofmt, a module's vet, parity counts, services, a module whose go test
# failed without naming a package). The exit status is 0 only when M is 0.
#
# Environment:
#   GOAUTH_SKIP_SERVICES=1     do not check/start the services (local runs)
#   GOAUTH_SKIP_BROWSER=1      do not run scripts/browser-deps.sh (local runs without root;
#                              the browser test then skips, or fails when CI=true)
#   GOAUTH_SKIP_CONFORMANCE=1  skip step 6, saying so (for places without the shared
#                              kit, e.g. the public GitHub workflow; never in .ci/run)
#   GOAUTH_SHARED              the shared/ directory (default: <repo>/../shared)
#   CONFORMANCE_WORKDIR        the harness work directory
#                              (default: ${TMPDIR:-/tmp}/goauth-conformance; kept between
#                              runs so `npm ci` only runs when the lockfiles change)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root" || exit 1
command -v go >/dev/null || PATH="/usr/local/go/bin:$PATH"

passed=0
failed=0
problems=()
started=$SECONDS

tmp="$(mktemp -d "${TMPDIR:-/tmp}/goauth-test.XXXXXX")" || exit 1
trap 'rm -rf "$tmp"' EXIT

section() { printf '\n===== %s =====\n' "$*"; }

# problem TEXT [COUNT]: record COUNT (default 1) failures described by TEXT.
problem() {
	problems+=("$1")
	failed=$((failed + ${2:-1}))
}

finish() {
	section "Summary ($((SECONDS - started))s)"
	local p
	for p in ${problems[@]+"${problems[@]}"}; do echo "FAILED: $p"; done
	echo "$passed passed, $failed failed"
	if ((failed)); then exit 1; fi
	exit 0
}

# stop_if_failed STEP: end the run (with the summary) when STEP recorded failures.
stop_if_failed() {
	if ((failed)); then
		echo "$1 failed; stopping before the tests."
		finish
	fi
}

# has_packages MODULE: true when MODULE holds at least one Go package.
# has_packages MOD: true when MOD has Go packages, false when it has none yet; any other
# `go list` failure (a broken go.mod or go.work, say) is a problem, never "no packages".
has_packages() {
	local out
	if out="$(cd "$1" && go list ./... 2>&1)"; then
		[[ -n "$out" ]]
		return
	fi
	if grep -q "matched no packages" <<<"$out"; then
		return 1
	fi
	echo "$out" >&2
	problem "$1: go list failed"
	return 1
}

section "GoAuth tests in $root"
go version || { problem "go is not installed (looked on PATH and in /usr/local/go/bin)"; finish; }
modules="$(bash scripts/modules.sh)" || { problem "cannot read the module list from go.work"; finish; }
echo "modules (from go.work): $(echo $modules)"

# ---- 1. gofmt ---------------------------------------------------------------
section "1/6 gofmt"
# Go files of every module, skipping what the go tool skips (testdata, vendor, _x, .x).
# shellcheck disable=SC2086
find $modules \( -type d \( -name testdata -o -name vendor -o -name node_modules -o -name '.*' -o -name '_*' \) -prune \) \
	-o \( -type f -name '*.go' -print0 \) >"$tmp/gofiles"
unformatted="$(xargs -0 -r gofmt -l <"$tmp/gofiles" 2>"$tmp/gofmt.err")"
rc=$?
if [[ -n "$unformatted" ]]; then
	echo "not gofmt-formatted (run gofmt -w on them):"
	sed 's/^/    /' <<<"$unformatted"
	problem "gofmt: $(wc -l <<<"$unformatted") file(s) not formatted"
fi
if ((rc)) || [[ -s "$tmp/gofmt.err" ]]; then
	cat "$tmp/gofmt.err"
	[[ -n "$unformatted" ]] || problem "gofmt: could not parse some files"
fi
((failed)) || echo "ok: $(tr -cd '\0' <"$tmp/gofiles" | wc -c) files formatted"
stop_if_failed gofmt

# ---- 2. go vet --------------------------------------------------------------
section "2/6 go vet"
for mod in $modules; do
	if ! has_packages "$mod"; then
		echo "$mod: no Go packages yet, nothing to vet"
		continue
	fi
	if (cd "$mod" && go vet ./...); then
		echo "ok: $mod"
	else
		problem "go vet: $mod"
	fi
done
stop_if_failed "go vet"

# ---- 3. parity docs -----------------------------------------------------------
section "3/6 parity test counts (scripts/parity-counts.sh --check)"
if bash scripts/parity-counts.sh --check; then
	echo "ok: docs/parity test counts are current"
else
	problem "parity counts: docs/parity is stale or malformed (run bash scripts/parity-counts.sh)"
fi
stop_if_failed "parity counts"

# ---- 4. services ----------------------------------------------------------------
section "4/6 services (scripts/test-services.sh)"
if bash scripts/test-services.sh; then
	[[ "${GOAUTH_SKIP_SERVICES:-}" == 1 ]] || echo "ok: PostgreSQL, MariaDB and Redis are up"
else
	problem "services: see the test-services messages above"
fi
stop_if_failed services
if [[ "${GOAUTH_SKIP_BROWSER:-}" == 1 ]]; then
	echo "browser-deps: GOAUTH_SKIP_BROWSER=1, not installing Chromium or the demo's npm packages"
elif ! bash scripts/browser-deps.sh; then
	problem "browser deps: scripts/browser-deps.sh failed (see its message above)"
fi
shared="${GOAUTH_SHARED:-$root/../shared}"
export CONFORMANCE_WORKDIR="${CONFORMANCE_WORKDIR:-${TMPDIR:-/tmp}/goauth-conformance}"
# Debian's nodejs: better-sqlite3 compiles against the installed headers
# (node-gyp cannot download them when only the npm registry is reachable).
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then
	export npm_config_nodedir=/usr
fi
if [[ "${GOAUTH_SKIP_CONFORMANCE:-}" != 1 && -x "$shared/conformance/run.sh" ]]; then
	# The reference server, installed once for the Go test that runs it on a GoAuth
	# database and for step 6 (a missing kit is reported by step 6).
	if "$shared/conformance/run.sh" --prepare; then
		export GOAUTH_TEST_BETTERAUTH_NODE="$CONFORMANCE_WORKDIR/betterauth-node"
	else
		problem "conformance: run.sh --prepare could not install the Better Auth reference server"
	fi
fi

# ---- 5. go test -------------------------------------------------------------
section "5/6 go test -race"
for mod in $modules; do
	echo "--- $mod"
	if ! has_packages "$mod"; then
		echo "$mod: no Go packages yet, nothing to test"
		continue
	fi
	log="$tmp/test-$mod.log"
	mod_started=$SECONDS
	(cd "$mod" && go test -race -count=1 -timeout 15m ./...) 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	ok=$(grep -c '^ok  ' "$log")
	bad=$(grep -c $'^FAIL\t' "$log")
	passed=$((passed + ok))
	while IFS=$'\t' read -r _ pkg _; do
		[[ -n "$pkg" ]] && problem "go test: $pkg" 0
	done < <(grep $'^FAIL\t' "$log")
	failed=$((failed + bad))
	if ((rc != 0 && bad == 0)); then
		problem "go test: $mod exited with status $rc without a FAIL line (see its output above)"
	fi
	echo "--- $mod: $ok ok, $bad FAIL ($((SECONDS - mod_started))s)"
done

# ---- 6. conformance -------------------------------------------------------------
section "6/6 conformance"
profiles_file=scripts/conformance-profiles
profiles=()
if [[ -f "$profiles_file" ]]; then
	while read -r line || [[ -n "$line" ]]; do
		line="${line%%#*}"
		line="${line//[[:space:]]/}"
		[[ -n "$line" ]] && profiles+=("$line")
	done <"$profiles_file"
fi

if [[ "${GOAUTH_SKIP_CONFORMANCE:-}" == 1 ]]; then
	echo "SKIPPED: GOAUTH_SKIP_CONFORMANCE=1 is set (the shared conformance kit is not available here);" \
		"profiles not run: ${profiles[*]:-none listed}"
elif ((${#profiles[@]} == 0)); then
	echo "no profiles listed in $profiles_file; nothing to run"
elif [[ ! -x "$shared/conformance/run.sh" ]]; then
	echo "ERROR: the conformance kit was not found at $shared/conformance/run.sh" >&2
	echo "       (CI puts shared/ beside the clone; set GOAUTH_SHARED to its path," >&2
	echo "       or GOAUTH_SKIP_CONFORMANCE=1 where the kit is unavailable)" >&2
	problem "conformance: kit missing at $shared; profiles not run: ${profiles[*]}" "${#profiles[@]}"
else
	echo "profiles: ${profiles[*]}; kit: $shared/conformance"
	if ! go build -o "$tmp/goauth" ./auth/cmd/goauth; then
		problem "conformance: go build ./auth/cmd/goauth failed; profiles not run: ${profiles[*]}" "${#profiles[@]}"
	else
		export GOAUTH_BIN="$tmp/goauth"
		for p in "${profiles[@]}"; do
			echo "--- profile $p"
			if "$shared/conformance/run.sh" --profile "$p" -- bash scripts/conformance-target.sh; then
				passed=$((passed + 1))
			else
				problem "conformance: profile $p (exit $?)"
			fi
		done
	fi
fi

finish
