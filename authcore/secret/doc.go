// Package secret holds the server secrets and every primitive Better Auth
// builds on them: signed cookie values, symmetric encryption, HS256 JWTs,
// HKDF key derivation, secret strength checks and CSPRNG random strings.
//
// A [Keyring] is built from the legacy single secret (Better Auth's
// options.secret / BETTER_AUTH_SECRET) and optional versioned secrets
// (options.secrets / BETTER_AUTH_SECRETS, see [ParseVersions]). The first
// versioned secret is the current one; without versioned secrets the legacy
// secret is current. Reading the environment and choosing the Better Auth
// default secret is the runtime's job: a Keyring only holds what it is given.
//
// Which secret each primitive uses follows Better Auth 1.6.9:
//
//   - HMAC users (signed cookies, HS256 JWTs, [Keyring.HKDF]) use only the
//     current secret, so rotating the current secret invalidates every
//     signed session cookie and outstanding email-verification token.
//   - Rotation-aware users ([Keyring.Encrypt]/[Keyring.Decrypt] and JWE
//     decoding through [Keyring.Secrets]) can read values made with any
//     configured version and, for bare-hex ciphertexts, the legacy secret.
//
// All values are wire-compatible with Better Auth 1.6.9 (better-call 1.3.5,
// @better-auth/utils 0.4.0, jose 6, @noble/ciphers 2); testdata/ holds
// values produced by the real npm packages and the tests check both
// directions.
//
// Better Auth: packages/better-auth/src/crypto/{index,jwt,random,buffer}.ts,
// packages/better-auth/src/context/{create-context,secret-utils}.ts,
// better-call src/crypto.ts and src/context.ts (getSignedCookie).
package secret
