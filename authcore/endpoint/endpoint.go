// Package endpoint is the handler kit of GoAuth: Endpoint (method, path, typed handler,
// validation plan, guards, metadata), Request (what a handler sees of one call, HTTP or
// in-process) and Context (the runtime shared by every request, Better Auth's AuthContext).
//
// Core routes are written with this package exactly as plugins are:
// internal/routes/sign_in_email.go is the worked example.
package endpoint

import (
	"context"
	"encoding/json"
	"fmt"
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

	body    *plan
	query   *plan
	handler func(ctx context.Context, r *Request, in reflect.Value) (any, error)
	inType  reflect.Type
}

// New builds an endpoint from a typed handler. In is a struct whose `json` fields form the
// body schema and whose `query` fields form the query schema; `validate` tags add rules
// ("required", "email", "nullable", "nonempty"). A struct{} In accepts any body.
func New[In, Out any](key, method, path string, meta Meta, fn func(ctx context.Context, r *Request, in In) (Out, error), use ...Guard) *Endpoint {
	t := reflect.TypeFor[In]()
	body, query := buildPlans(t)
	e := &Endpoint{
		Key: key, Methods: []string{method}, Path: path, Meta: meta, Use: use,
		body: body, query: query, inType: t,
	}
	e.handler = func(ctx context.Context, r *Request, in reflect.Value) (any, error) {
		out, err := fn(ctx, r, in.Interface().(In))
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
	in, err := e.decode(r)
	if err != nil {
		return nil, err
	}
	for _, g := range e.Use {
		if err := g(ctx, r); err != nil {
			return nil, err
		}
	}
	return e.handler(ctx, r, in)
}

// BodySchema returns the JSON Schema of the body for OpenAPI (nil when none).
func (e *Endpoint) BodySchema() map[string]any { return e.body.jsonSchema() }

// QueryParams returns the query parameters for OpenAPI.
func (e *Endpoint) QueryParams() []Param { return e.query.params() }

// HasBody reports whether the endpoint validates a body.
func (e *Endpoint) HasBody() bool { return e.body != nil }

func (e *Endpoint) decode(r *Request) (reflect.Value, error) {
	v := reflect.New(e.inType).Elem()
	var issues []string
	if e.body != nil || e.Meta.RecordBody {
		issues = e.body.validateBody(r, e.Meta.RecordBody, issues)
	}
	if e.query != nil {
		issues = e.query.validateQuery(r.Query, issues)
	}
	if len(issues) > 0 {
		return v, validationError(issues)
	}
	if e.body != nil && r.Body != nil {
		raw, err := json.Marshal(r.Body)
		if err != nil {
			return v, fmt.Errorf("endpoint: re-encode body: %w", err)
		}
		if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
			return v, validationError([]string{"[body] " + err.Error()})
		}
	}
	if e.query != nil {
		e.query.fillQuery(v, r.Query)
	}
	return v, nil
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
