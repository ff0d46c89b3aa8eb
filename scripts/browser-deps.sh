#!/usr/bin/env bash
# Installs what the tests of examples/demo need beyond Go; scripts/test.sh runs it before
# the Go tests:
#
#   1. the demo's npm packages (npm ci in examples/demo/web, only when node_modules is
#      missing or older than package-lock.json), so TestBundleUpToDate can rebuild the
#      committed bundle and compare;
#   2. a headless-capable Chromium for the real-browser test (examples/demo/browser_test.go):
#      $CHROMIUM_BIN, else the first of chromium, chromium-browser, google-chrome,
#      google-chrome-stable on PATH (the order the test uses). When there is none it
#      installs Debian's `chromium` package with apt-get (as root, or through sudo when
#      that needs no password).
#
# Exits non-zero with a message when either cannot be done. The tests then fail in CI
# (CI=true) and skip, saying why, elsewhere.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
web="$root/examples/demo/web"
if [[ -f "$web/package-lock.json" ]]; then
	if [[ ! -x "$web/node_modules/.bin/esbuild" || "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]]; then
		command -v npm >/dev/null || { echo "browser-deps: npm is not installed (needed for examples/demo/web)" >&2; exit 1; }
		echo "browser-deps: npm ci in examples/demo/web"
		(cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
	fi
fi

found() {
	local c
	if [[ -n "${CHROMIUM_BIN:-}" ]]; then
		[[ -x "$CHROMIUM_BIN" ]] && { echo "$CHROMIUM_BIN"; return 0; }
		echo "browser-deps: CHROMIUM_BIN=$CHROMIUM_BIN is not an executable file" >&2
		return 1
	fi
	for c in chromium chromium-browser google-chrome google-chrome-stable; do
		if command -v "$c" >/dev/null; then
			command -v "$c"
			return 0
		fi
	done
	return 1
}

if bin="$(found)"; then
	echo "browser-deps: using $bin ($("$bin" --version 2>/dev/null || echo 'version unknown'))"
	exit 0
fi
[[ -z "${CHROMIUM_BIN:-}" ]] || exit 1

if ! command -v apt-get >/dev/null; then
	echo "browser-deps: no Chromium found and apt-get is not available; install Chromium" \
		"and put it on PATH or set CHROMIUM_BIN" >&2
	exit 1
fi
sudo=()
if ((EUID != 0)); then
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo=(sudo -n)
	else
		echo "browser-deps: no Chromium found, and installing Debian's chromium package needs root" \
			"(run: apt-get install -y chromium)" >&2
		exit 1
	fi
fi

echo "browser-deps: Chromium not found; installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing (fresh container) or stale (a 404 for an old version).
if ! "${sudo[@]}" apt-get install -y -q chromium; then
	"${sudo[@]}" apt-get update -q
	"${sudo[@]}" apt-get install -y -q chromium
fi
if ! bin="$(found)"; then
	echo "browser-deps: apt-get installed chromium but no browser is on PATH" >&2
	exit 1
fi
echo "browser-deps: installed $bin ($("$bin" --version 2>/dev/null || echo 'version unknown'))"
