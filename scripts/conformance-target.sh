#!/usr/bin/env bash
# Starts GoAuth configured exactly like the Better Auth 1.6.9 reference server of
# ../shared/conformance for the profile in $PROFILE, reading the harness's environment
# contract: PORT, BASE_URL, OUTBOX, DATABASE / DATABASE_URL, SECRET, RATE_LIMIT, PROFILE.
#
#   ../shared/conformance/run.sh --profile core -- bash scripts/conformance-target.sh
#
# GOAUTH_BIN names a prebuilt goauth binary; otherwise one is built into a temp dir.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
profile=${PROFILE:-core}
social=false
IFS=+ read -ra sets <<<"$profile"
for set in "${sets[@]}"; do
  case "$set" in
    core) ;;
    social) social=true ;;
    *) echo "conformance-target: feature set '$set' of profile '$profile' is not implemented by GoAuth yet (only 'core' and 'social')" >&2; exit 2 ;;
  esac
done

bin=${GOAUTH_BIN:-}
if [ -z "$bin" ]; then
  tmp=$(mktemp -d)
  (cd "$repo" && go build -o "$tmp/goauth" ./auth/cmd/goauth)
  bin="$tmp/goauth"
fi

base=${BASE_URL:?BASE_URL is required}
cfg=$(mktemp --suffix=.yaml)
# The reference (betterauth-node/auth.mjs), core feature set.
cat >"$cfg" <<YAML
appName: BetterAuthRef
basePath: /api/auth
trustedOrigins: ["$base"]
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
if $social; then
  # The "social" feature set: the dummy GitHub app of auth.mjs (SOCIAL_GITHUB).
  cat >>"$cfg" <<YAML
socialProviders:
  github:
    clientId: conformance-github-client-id
    clientSecret: conformance-github-client-secret
YAML
fi

export BETTER_AUTH_SECRET=${SECRET:-${BETTER_AUTH_SECRET:-}}
export GOAUTH_OUTBOX=${OUTBOX:-${GOAUTH_OUTBOX:-}}
exec "$bin" serve --config "$cfg" --host 127.0.0.1
