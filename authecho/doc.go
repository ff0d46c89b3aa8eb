// Package authecho will hold the Echo v4 integration: mounting GoAuth at its base path, a session
// middleware with typed accessors, and route guards.
//
// Nothing is implemented here yet; see docs/parity/authecho.md.
package authecho
