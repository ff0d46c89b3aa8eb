#!/usr/bin/env bash
# Prints the module directories listed in go.work (its `use` directives), one per
# line, relative to the repository root and without a leading "./". The other
# scripts take the module list from here, so go.work stays the only list.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
json="$(cd "$root" && go work edit -json go.work)"
mods="$(sed -n 's/^[[:space:]]*"DiskPath": "\(.*\)",\{0,1\}$/\1/p' <<<"$json" | sed 's#^\./##; s#/$##')"
if [[ -z "$mods" ]]; then
	echo "modules.sh: no \`use\` directive found in $root/go.work" >&2
	exit 1
fi
printf '%s\n' "$mods"
