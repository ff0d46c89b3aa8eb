// Package cookie implements Better Auth 1.6.9's cookies on the wire: cookie names
// and default attributes, Set-Cookie rendering, Cookie header parsing, chunking of
// large values, and the three session cookie-cache codecs (compact, jwt, jwe).
//
// Everything here is pure: no I/O, no clock (callers pass now), no global state.
// Signing of cookie values ("<value>.<base64 HMAC>") lives in package secret; this
// package renders and parses what secret produces.
//
// # Wire compatibility
//
// [Cookie.String] renders exactly what better-call 1.3.5 (serializeCookie) emits and
// [Parse] reads a Cookie header exactly as better-call's parseCookies does, including
// its quirks (first occurrence of a name wins, quoted values lose their first and
// last characters, values containing '%' are URI-decoded when valid). [Config]
// follows createCookieGetter in src/cookies/index.ts.
//
// The cookie-cache codecs produce byte-identical output to Better Auth for the same
// inputs and time (compact and jwt; jwe is randomised), and accept every value
// Better Auth produces. testdata/ holds values produced by the real better-auth@1.6.9
// npm package (see testdata/README.md); the tests check both directions.
//
// The cache payload is Better Auth's sessionData object
// {session, user, updatedAt, version}. The session and user JSON given to the
// encoders is re-emitted the way JavaScript's JSON.stringify would print it after
// JSON.parse (no HTML escaping, no insignificant space, JavaScript number
// formatting, integer-like keys first), so a value made here verifies in Better Auth
// even when the input came from encoding/json.
//
// Better Auth: packages/better-auth/src/cookies/{index,cookie-utils,session-store}.ts,
// packages/better-auth/src/crypto/jwt.ts, packages/better-auth/src/api/routes/session.ts
// (getSession, which decodes the cache); better-call 1.3.5 src/cookies.ts and
// src/context.ts; jose 6 (jwtVerify, jwtDecrypt).
package cookie
