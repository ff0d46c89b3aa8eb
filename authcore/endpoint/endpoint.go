// Package endpoint is the handler kit of GoAuth: Endpoint (method, path, typed handler,
// validation plan, guards, metadata), Request (what a handler sees of one call, HTTP or
// in-process) and Context (the runtime shared by every request, Better Auth's AuthContext).
//
// Core routes are written with this package exactly as plugins are:
// internal/routes/sign_in_email.go is the worked example.
package endpoint

import (
	"context"
	"net/http"
	"reflect"
)

// Handler is the untyped form of an endpoint's handler. It returns the response value (a
// JSON-encodable value, a *Redirect or a *Raw) or an error.
type Handler func(ctx context.Context, r *Request) (any, error)

// Guard runs after validation and before the handler (Better Auth's endpoint `use`
// middlewares, e.g. the session guards).
type Guard func(ctx context.Context, r *Request) error

// Meta describes an endpoint for the router and the OpenAPI document.
type Meta struct {
	OperationID string
	Summary     string
	Description string
	// ServerOnly endpoints are callable in-process only, never routed.
	ServerOnly bool
	// MediaTypes are the accepted request content types (default application/json).
	MediaTypes []string
	// Tags group the operation in the OpenAPI document.
	Tags []string
	// Response documents the success body for OpenAPI (a JSON Schema object).
	Response map[string]any
	// RecordBody makes the body a required record (Better Auth's z.record bodies, e.g.
	// update-user): a missing or non-object body is "[body] Invalid input: expected record".
	RecordBody bool
}

// Endpoint is one route.
type Endpoint struct {
	// Key identifies the endpoint; a plugin endpoint with the same key replaces it.
	Key string
	// Methods are "GET" and/or "POST".
	Methods []string
	// Path is relative to the base path, with {name} parameters ("/reset-password/{token}").
	Path string
	Meta Meta
	// Use are the guards, in order.
	Use []Guard

	body  *plan
	query *plan
	// serve decodes the input into a value of the handler's type, runs the guards and
	// the handler.
	serve func(ctx context.Context, r *Request) (any, error)
}

// New builds an endpoint from a typed handler. In is a struct whose `json` fields form the
// body schema and whose `query` fields form the query schema; `validate` tags add rules
// ("required", "email", "nullable", "nonempty"). A struct{} In accepts any body.
func New[In, Out any](key, method, path string, meta Meta, fn func(ctx context.Context, r *Request, in In) (Out, error), use ...Guard) *Endpoint {
	body, query := buildPlans(reflect.TypeFor[In]())
	e := &Endpoint{
		Key: key, Methods: []string{method}, Path: path, Meta: meta, Use: use,
		body: body, query: query,
	}
	e.serve = func(ctx context.Context, r *Request) (any, error) {
		var in In
		if e.needsFill(r) {
			// Only a filled input is reached through reflection (and so escapes).
			p := new(In)
			if err := e.fill(reflect.ValueOf(p).Elem(), r); err != nil {
				return nil, err
			}
			in = *p
		}
		for _, g := range e.Use {
			if err := g(ctx, r); err != nil {
				return nil, err
			}
		}
		out, err := fn(ctx, r, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	return e
}

// WithMethods returns e answering several methods (e.g. GET and POST).
func (e *Endpoint) WithMethods(methods ...string) *Endpoint {
	e.Methods = methods
	return e
}

// Serve validates the request against the endpoint's schemas, runs the guards and the
// handler. The pipeline calls it after origin checks and before-hooks.
func (e *Endpoint) Serve(ctx context.Context, r *Request) (any, error) {
	if err := e.validate(r); err != nil {
		return nil, err
	}
	return e.serve(ctx, r)
}

// BodySchema returns the JSON Schema of the body for OpenAPI (nil when none).
func (e *Endpoint) BodySchema() map[string]any { return e.body.jsonSchema() }

// QueryParams returns the query parameters for OpenAPI.
func (e *Endpoint) QueryParams() []Param { return e.query.params() }

// HasBody reports whether the endpoint validates a body.
func (e *Endpoint) HasBody() bool { return e.body != nil }

// validate checks the body and the query against the endpoint's schemas.
func (e *Endpoint) validate(r *Request) error {
	var issues []string
	if e.body != nil || e.Meta.RecordBody {
		issues = e.body.validateBody(r, e.Meta.RecordBody, issues)
	}
	if e.query != nil {
		issues = e.query.validateQuery(r.Query, issues)
	}
	if len(issues) > 0 {
		return validationError(issues)
	}
	return nil
}

// needsFill reports whether a validated request carries input for the handler.
func (e *Endpoint) needsFill(r *Request) bool {
	return (e.body != nil && r.Body != nil) || (e.query != nil && len(r.Query) > 0)
}

// fill sets the handler's input v from a validated request. Body members are matched by
// their exact names, as zod does: members whose names differ only in case are ignored
// (encoding/json would match them case-insensitively).
func (e *Endpoint) fill(v reflect.Value, r *Request) error {
	if e.body != nil && r.Body != nil {
		if err := e.body.fillBody(v, r.Body); err != nil {
			return err
		}
	}
	if e.query != nil {
		e.query.fillQuery(v, r.Query)
	}
	return nil
}

// Redirect is a 302 response (Better Auth's ctx.redirect): Location set, empty body,
// Content-Type application/json still sent.
type Redirect struct{ URL string }

// Raw is a response with a fixed content type and body (e.g. the /error HTML page).
type Raw struct {
	Status      int
	ContentType string
	Body        []byte
}

// StatusFound is the redirect status.
const StatusFound = http.StatusFound
