// Package social holds GoAuth's OAuth 2.0 / OpenID Connect client side: the Provider
// contract, Better Auth 1.6.9's built-in social providers (one file each), a generic
// OpenID Connect provider configured from a discovery document, the OAuth state
// machinery (database row plus signed cookie, or an encrypted cookie), PKCE,
// ID-token verification with coreos/go-oidc, encrypted tokens at rest, the
// account_data cookie, the account-linking rules and an SSRF-hardened HTTP client.
//
// Code exchange and refresh use golang.org/x/oauth2. The routes that drive the flow
// (/sign-in/social, /callback/{id}, /link-social, /get-access-token, /refresh-token,
// /account-info) live in authcore/internal/routes.
//
// Better Auth: packages/core/src/oauth2, packages/core/src/social-providers,
// packages/better-auth/src/oauth2 and src/state.ts.
package social
