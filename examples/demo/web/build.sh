#!/usr/bin/env bash
# Usage: build.sh [OUT]   (default OUT: dist/app.js)
#
# Rebuilds dist/app.js, the demo's browser bundle, from src/ with the versions pinned in
# package-lock.json (better-auth 1.6.9, esbuild). The bundle is committed and embedded in
# the Go binary, so `go build` and `go test` need neither Node nor npm; run this after
# changing anything under web/ and commit the result. TestBundleUpToDate (../main_test.go)
# fails when the sources no longer match the bundle's stamp.
#
# The stamp is the bundle's first line: the SHA-256 of the sorted `sha256sum` listing of
# build.sh, package.json, package-lock.json and src/*. The build is deterministic: the same
# sources give the same bytes.
set -euo pipefail
out="$(realpath -m "${1:-$(dirname "${BASH_SOURCE[0]}")/dist/app.js}")"
cd "$(dirname "${BASH_SOURCE[0]}")"
export LC_ALL=C

# npm ci only when node_modules is missing or older than the lockfile.
if [[ ! -x node_modules/.bin/esbuild || package-lock.json -nt node_modules/.package-lock.json ]]; then
	npm ci --no-audit --no-fund
fi

stamp="$({ echo build.sh; echo package.json; echo package-lock.json; find src -type f; } |
	sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"

node_modules/.bin/esbuild src/main.js \
	--bundle --format=esm --platform=browser --target=es2020 --minify \
	--define:process.env.NODE_ENV='"production"' \
	--banner:js="/* goauth-demo sources-sha256:$stamp */" \
	--log-level=warning \
	--outfile="$out"
echo "built $out ($(wc -c <"$out") bytes, sources-sha256:$stamp)"
