// Package authplugins will hold one package per Better Auth plugin (two-factor, username,
// organization, admin, passkey, API keys, JWT, magic link, email OTP, ...), each built on
// authcore's public plugin contract.
//
// Nothing is implemented here yet; see docs/parity/authplugins.md.
package authplugins
