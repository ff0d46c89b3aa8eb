package endpoint_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
)

type signUpIn struct {
	Name       string   `json:"name" validate:"required"`
	Email      string   `json:"email" validate:"required,email"`
	Password   string   `json:"password" validate:"required,nonempty"`
	Image      *string  `json:"image" validate:"nullable"`
	RememberMe *bool    `json:"rememberMe"`
	Age        *int     `json:"age"`
	Scopes     []string `json:"scopes"`
	Meta       map[string]any
	Internal   string `json:"-"`
}

type nestedIn struct {
	Data struct {
		X string `json:"x" validate:"required"`
	} `json:"data" validate:"required"`
}

type optionalIn struct {
	CallbackURL *string `json:"callbackURL"`
}

type queryIn struct {
	Token          string `query:"token" validate:"required"`
	CallbackURL    string `query:"callbackURL"`
	DisableRefresh bool   `query:"disableRefresh"`
	Email          string `query:"email" validate:"email"`
}

type mixedIn struct {
	Name  string `json:"name" validate:"required"`
	Token string `query:"token" validate:"required"`
}

// serve runs ep against a hand-built request and returns what the handler received.
func serve[In any](t *testing.T, ep func(*In) *endpoint.Endpoint, body map[string]any, present bool, query url.Values) (In, bool, error) {
	t.Helper()
	var got In
	called := false
	e := ep(&got)
	r := endpoint.NewRequest(&endpoint.Context{}, nil, nil, e.Path, query, body, present)
	_, err := e.Serve(context.Background(), r)
	if err == nil {
		called = true
	}
	return got, called, err
}

func newEP[In any](dst *In) *endpoint.Endpoint {
	return endpoint.New("test", http.MethodPost, "/test", endpoint.Meta{},
		func(_ context.Context, _ *endpoint.Request, in In) (any, error) {
			*dst = in
			return map[string]any{"ok": true}, nil
		})
}

// validationMessage asserts err is a 400 VALIDATION_ERROR and returns its message.
func validationMessage(t *testing.T, err error) string {
	t.Helper()
	ae, ok := apierror.As(err)
	if !ok {
		t.Fatalf("error %v is not an *apierror.Error", err)
	}
	if ae.Status != http.StatusBadRequest || ae.Code != apierror.ValidationError {
		t.Fatalf("error status %d code %q, want 400 VALIDATION_ERROR", ae.Status, ae.Code)
	}
	return ae.Message
}

func TestBodyValidationMessages(t *testing.T) {
	valid := func(over map[string]any) map[string]any {
		m := map[string]any{"name": "Ada", "email": "ada@example.com", "password": "secret123"}
		for k, v := range over {
			if v == deleteKey {
				delete(m, k)
				continue
			}
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		body    map[string]any
		present bool
		want    string
	}{
		{"body missing", nil, false, "[body] Invalid input: expected object, received undefined"},
		{"body null", nil, true, "[body] Invalid input: expected object, received null"},
		{"missing field", valid(map[string]any{"name": deleteKey}), true,
			"[body.name] Invalid input: expected string, received undefined"},
		{"boolean as string", valid(map[string]any{"rememberMe": "true"}), true,
			"[body.rememberMe] Invalid input: expected boolean, received string"},
		{"null for non-nullable", valid(map[string]any{"name": nil}), true,
			"[body.name] Invalid input: expected string, received null"},
		{"null for optional non-nullable", valid(map[string]any{"rememberMe": nil}), true,
			"[body.rememberMe] Invalid input: expected boolean, received null"},
		{"number for string", valid(map[string]any{"name": json.Number("42")}), true,
			"[body.name] Invalid input: expected string, received number"},
		{"float64 for string", valid(map[string]any{"name": 4.2}), true,
			"[body.name] Invalid input: expected string, received number"},
		{"string for number", valid(map[string]any{"age": "42"}), true,
			"[body.age] Invalid input: expected number, received string"},
		{"object for string", valid(map[string]any{"name": map[string]any{}}), true,
			"[body.name] Invalid input: expected string, received object"},
		{"array for string", valid(map[string]any{"name": []any{"a"}}), true,
			"[body.name] Invalid input: expected string, received array"},
		{"bad email", valid(map[string]any{"email": "not-an-email"}), true,
			"[body.email] Invalid email address"},
		{"empty password", valid(map[string]any{"password": ""}), true,
			"[body.password] Too small: expected string to have >=1 characters"},
		{"string for array", valid(map[string]any{"scopes": "openid"}), true,
			"[body.scopes] Invalid input: expected array, received string"},
		{"bad array element", valid(map[string]any{"scopes": []any{"a", json.Number("1"), "c", true}}), true,
			"[body.scopes.1] Invalid input: expected string, received number; [body.scopes.3] Invalid input: expected string, received boolean"},
		{"string for record", valid(map[string]any{"Meta": "x"}), true,
			"[body.Meta] Invalid input: expected record, received string"},
		{"empty object: every required field, in declaration order", map[string]any{}, true,
			"[body.name] Invalid input: expected string, received undefined; " +
				"[body.email] Invalid input: expected string, received undefined; " +
				"[body.password] Invalid input: expected string, received undefined"},
		{"several kinds of issue, in declaration order",
			map[string]any{"password": "x", "email": "bad", "rememberMe": json.Number("1"), "name": true}, true,
			"[body.name] Invalid input: expected string, received boolean; " +
				"[body.email] Invalid email address; " +
				"[body.rememberMe] Invalid input: expected boolean, received number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, called, err := serve(t, newEP[signUpIn], tt.body, tt.present, nil)
			if called {
				t.Fatal("handler ran despite invalid input")
			}
			if got := validationMessage(t, err); got != tt.want {
				t.Errorf("message:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// deleteKey marks a key to remove from the valid body.
var deleteKey = &struct{}{}

func TestBodyDecodes(t *testing.T) {
	body := map[string]any{
		"name": "Ada", "email": "ada@example.com", "password": "pw", "image": nil,
		"rememberMe": false, "age": json.Number("36"), "scopes": []any{"a", "b"},
		"Meta": map[string]any{"k": "v"}, "unknown": "ignored", "-": "skipped",
	}
	got, called, err := serve(t, newEP[signUpIn], body, true, nil)
	if err != nil || !called {
		t.Fatalf("Serve: %v", err)
	}
	f, age := false, 36
	want := signUpIn{
		Name: "Ada", Email: "ada@example.com", Password: "pw",
		RememberMe: &f, Age: &age, Scopes: []string{"a", "b"}, Meta: map[string]any{"k": "v"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded input mismatch (-want +got):\n%s", diff)
	}
}

func TestNestedObject(t *testing.T) {
	_, _, err := serve(t, newEP[nestedIn], map[string]any{"data": map[string]any{}}, true, nil)
	if got, want := validationMessage(t, err), "[body.data.x] Invalid input: expected string, received undefined"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	_, _, err = serve(t, newEP[nestedIn], map[string]any{"data": "x"}, true, nil)
	if got, want := validationMessage(t, err), "[body.data] Invalid input: expected object, received string"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	got, _, err := serve(t, newEP[nestedIn], map[string]any{"data": map[string]any{"x": "y"}}, true, nil)
	if err != nil || got.Data.X != "y" {
		t.Errorf("valid nested body: %+v, %v", got, err)
	}
}

func TestOptionalBody(t *testing.T) {
	// A schema without required fields accepts a missing body...
	if _, called, err := serve(t, newEP[optionalIn], nil, false, nil); err != nil || !called {
		t.Errorf("missing body for an all-optional schema: %v", err)
	}
	// ...but not a JSON null one.
	_, _, err := serve(t, newEP[optionalIn], nil, true, nil)
	if got, want := validationMessage(t, err), "[body] Invalid input: expected object, received null"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestQueryValidation(t *testing.T) {
	tests := []struct {
		name  string
		query url.Values
		want  string
	}{
		{"required missing", url.Values{}, "[query.token] Invalid input: expected string, received undefined"},
		{"repeated key", url.Values{"token": {"a", "b"}}, "[query.token] Invalid input: expected string, received array"},
		{"bad email", url.Values{"token": {"t"}, "email": {"x@y"}}, "[query.email] Invalid email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, called, err := serve(t, newEP[queryIn], nil, false, tt.query)
			if called {
				t.Fatal("handler ran despite invalid query")
			}
			if got := validationMessage(t, err); got != tt.want {
				t.Errorf("message %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQueryBooleanCoercion(t *testing.T) {
	// z.coerce.boolean() is JavaScript's Boolean(x): every non-empty string is true.
	tests := []struct {
		value string
		want  bool
	}{
		{"true", true},
		{"false", true},
		{"0", true},
		{"", false},
	}
	for _, tt := range tests {
		got, _, err := serve(t, newEP[queryIn], nil, false, url.Values{"token": {"t"}, "disableRefresh": {tt.value}})
		if err != nil {
			t.Fatalf("disableRefresh=%q: %v", tt.value, err)
		}
		if got.DisableRefresh != tt.want {
			t.Errorf("disableRefresh=%q decoded as %v, want %v", tt.value, got.DisableRefresh, tt.want)
		}
	}
	got, _, err := serve(t, newEP[queryIn], nil, false, url.Values{"token": {"tok"}, "callbackURL": {"/home"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(queryIn{Token: "tok", CallbackURL: "/home"}, got); diff != "" {
		t.Errorf("decoded query mismatch (-want +got):\n%s", diff)
	}
}

func TestBodyIssuesBeforeQueryIssues(t *testing.T) {
	_, _, err := serve(t, newEP[mixedIn], map[string]any{}, true, url.Values{})
	want := "[body.name] Invalid input: expected string, received undefined; " +
		"[query.token] Invalid input: expected string, received undefined"
	if got := validationMessage(t, err); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestValidationRunsBeforeGuards(t *testing.T) {
	var order []string
	guardErr := errors.New("guard refused")
	guard := func(context.Context, *endpoint.Request) error {
		order = append(order, "guard")
		return guardErr
	}
	ep := endpoint.New("g", http.MethodPost, "/g", endpoint.Meta{},
		func(context.Context, *endpoint.Request, mixedIn) (any, error) {
			order = append(order, "handler")
			return nil, nil
		}, guard)

	r := endpoint.NewRequest(&endpoint.Context{}, nil, nil, "/g", nil, map[string]any{}, true)
	if _, err := ep.Serve(context.Background(), r); validationMessage(t, err) == "" || len(order) != 0 {
		t.Fatalf("invalid input: err %v, ran %v; want a validation error before any guard", err, order)
	}

	r = endpoint.NewRequest(&endpoint.Context{}, nil, nil, "/g", url.Values{"token": {"t"}}, map[string]any{"name": "n"}, true)
	if _, err := ep.Serve(context.Background(), r); !errors.Is(err, guardErr) {
		t.Fatalf("valid input: err %v, want the guard's error", err)
	}
	if diff := cmp.Diff([]string{"guard"}, order); diff != "" {
		t.Errorf("call order (-want +got):\n%s", diff)
	}
}

func TestHandlerResultAndError(t *testing.T) {
	handlerErr := apierror.UserNotFound.WithStatus(http.StatusNotFound)
	ep := endpoint.New("h", http.MethodGet, "/h", endpoint.Meta{},
		func(_ context.Context, _ *endpoint.Request, in struct{}) (map[string]bool, error) {
			return map[string]bool{"ok": true}, nil
		})
	res, err := ep.Serve(context.Background(), endpoint.NewRequest(&endpoint.Context{}, nil, nil, "/h", nil, nil, false))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]bool{"ok": true}, res); diff != "" {
		t.Errorf("result mismatch (-want +got):\n%s", diff)
	}

	failing := endpoint.New("f", http.MethodGet, "/f", endpoint.Meta{},
		func(context.Context, *endpoint.Request, struct{}) (*int, error) { return nil, handlerErr })
	res, err = failing.Serve(context.Background(), endpoint.NewRequest(&endpoint.Context{}, nil, nil, "/f", nil, nil, false))
	if !errors.Is(err, handlerErr) || res != nil {
		t.Errorf("failing handler: res %v, err %v", res, err)
	}
}

func TestEndpointShape(t *testing.T) {
	ep := newEP(new(signUpIn)).WithMethods(http.MethodGet, http.MethodPost)
	if diff := cmp.Diff([]string{"GET", "POST"}, ep.Methods); diff != "" {
		t.Errorf("Methods (-want +got):\n%s", diff)
	}
	if !ep.HasBody() {
		t.Error("HasBody() = false for a struct with json fields")
	}
	s := ep.BodySchema()
	if diff := cmp.Diff([]string{"name", "email", "password"}, s["required"]); diff != "" {
		t.Errorf("BodySchema required (-want +got):\n%s", diff)
	}
	if q := newEP(new(signUpIn)).QueryParams(); len(q) != 0 {
		t.Errorf("QueryParams() = %v for a body-only input", q)
	}
	qp := newEP(new(queryIn)).QueryParams()
	want := []endpoint.Param{
		{Name: "token", Type: "string", Required: true},
		{Name: "callbackURL", Type: "string"},
		{Name: "disableRefresh", Type: "boolean"},
		{Name: "email", Type: "string"},
	}
	if diff := cmp.Diff(want, qp); diff != "" {
		t.Errorf("QueryParams (-want +got):\n%s", diff)
	}
	if newEP(new(queryIn)).HasBody() {
		t.Error("HasBody() = true for a query-only input")
	}
}

func TestRequestCookies(t *testing.T) {
	h := http.Header{"Cookie": {"a=1; b=2; a=3"}}
	r := endpoint.NewRequest(&endpoint.Context{}, nil, h, "/", nil, nil, false)
	if got := r.Cookies()["a"]; got != "1" {
		t.Errorf(`Cookies()["a"] = %q, want the first occurrence "1"`, got)
	}
	r.AddRequestCookie("a", "bearer")
	r.AddRequestCookie("c", "bearer")
	if diff := cmp.Diff(map[string]string{"a": "1", "b": "2", "c": "bearer"}, r.Cookies()); diff != "" {
		t.Errorf("cookies after AddRequestCookie (-want +got):\n%s", diff)
	}
	if r.ClientIP() != "" || r.SessionIP() != "" {
		t.Error("an in-process request reported a client IP")
	}
	if r.Header == nil || r.Query == nil || r.ResponseHeader == nil {
		t.Error("NewRequest left a nil header, query or response header")
	}
	if r.BodyPresent() {
		t.Error("BodyPresent() = true for a request built without a body")
	}
	endpoint.MarkBodyPresent(r, "")
	if !r.BodyPresent() {
		t.Error("BodyPresent() = false after MarkBodyPresent")
	}
}

func TestValidEmail(t *testing.T) {
	tests := []struct {
		email string
		want  bool
	}{
		{"a@b.co", true},
		{"a.b+c@ex-ample.co.uk", true},
		{"o'brien_x-y@mail.example.com", true},
		{"A1@B2.IO", true},
		{"a@b-.co", true}, // zod 4.3 allows a label ending in '-'
		{".a@b.co", false},
		{"a.@b.co", false},
		{"a..b@c.co", false},
		{"a@b..co", false},
		{"a@b", false},
		{"a@-b.co", false},
		{"a@b.c", false},
		{"a@b.c0", false},
		{"@b.co", false},
		{"a b@c.co", false},
		{"a@b.co\n", false},
		{"a@@b.co", false},
		{"ä@b.co", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := endpoint.ValidEmail(tt.email); got != tt.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.email, got, tt.want)
		}
	}
}
