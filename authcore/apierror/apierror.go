// Package apierror defines GoAuth's one wire error, apierror.Error, and Better Auth 1.6.9's
// base error codes with their fixed messages.
//
// Better Auth: packages/core/src/error/codes.ts and better-call's APIError.
package apierror

import (
	"errors"
	"net/http"
)

// Code is a Better Auth error code such as "INVALID_EMAIL_OR_PASSWORD".
type Code string

// Error is an error that reaches the client. Status is the HTTP status. The JSON body is
// {"message": Message, "code": Code}; an empty Code omits "code" and EmptyBody sends no
// body at all (Better Auth answers some errors with an empty body).
type Error struct {
	Status    int
	Code      Code
	Message   string
	EmptyBody bool
	// Header holds extra response headers (for example X-Retry-After).
	Header http.Header
}

// Error implements error.
func (e *Error) Error() string {
	if e.Code == "" {
		return e.Message
	}
	return string(e.Code) + ": " + e.Message
}

// Is reports whether target is an *Error with the same code (and status when target's
// status is set), so callers can write errors.Is(err, apierror.ErrUserNotFound).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	if t.Code != e.Code {
		return false
	}
	return t.Status == 0 || t.Status == e.Status
}

// New returns an error with status, code and message.
func New(status int, code Code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// WithStatus returns a copy of the base code's error carrying status.
func (c Code) WithStatus(status int) *Error {
	return &Error{Status: status, Code: c, Message: c.Message()}
}

// Message returns the fixed message of a base code, or the code itself when unknown.
func (c Code) Message() string {
	if m, ok := baseMessages[c]; ok {
		return m
	}
	return string(c)
}

// Empty returns an error with no body (Better Auth's ctx.error("UNAUTHORIZED") and friends).
func Empty(status int) *Error {
	return &Error{Status: status, EmptyBody: true}
}

// MessageOnly returns an error whose body is {"message": message} with no code.
func MessageOnly(status int, message string) *Error {
	return &Error{Status: status, Message: message}
}

// As unwraps err to an *Error.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// Unauthorized is Better Auth's 401 {"message":"Unauthorized","code":"UNAUTHORIZED"}.
func Unauthorized() *Error {
	return &Error{Status: http.StatusUnauthorized, Code: "UNAUTHORIZED", Message: "Unauthorized"}
}
