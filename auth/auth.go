package auth

import "github.com/goauth-dev/goauth/authcore"

// Auth is a configured GoAuth instance (authcore.Auth).
type Auth = authcore.Auth

// Options configures an Auth (authcore.Options).
type Options = authcore.Options

// Session is a session with its user (authcore.Session).
type Session = authcore.Session

// New builds an Auth (authcore.New).
func New(opts Options) (*Auth, error) { return authcore.New(opts) }
