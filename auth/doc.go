// Package auth is GoAuth's thin facade: aliases and one-line constructors re-exporting the
// workspace's modules, so an application imports one package. The goauth command lives in
// auth/cmd/goauth.
package auth
