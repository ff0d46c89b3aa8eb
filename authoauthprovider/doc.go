// Package authoauthprovider will hold the OAuth 2.1 / OpenID Connect authorization server,
// wire-compatible with Better Auth's @better-auth/oauth-provider.
//
// Nothing is implemented here yet; see docs/parity/authoauthprovider.md.
package authoauthprovider
