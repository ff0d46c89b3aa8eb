// Package authsso will hold enterprise SSO (OIDC and SAML, domain verification) and SCIM 2.0,
// wire-compatible with Better Auth's @better-auth/sso and @better-auth/scim.
//
// Nothing is implemented here yet; see docs/parity/authsso.md.
package authsso
