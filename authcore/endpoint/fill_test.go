package endpoint_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

type directIn struct {
	Email       string  `json:"email" validate:"required"`
	CallbackURL *string `json:"callbackURL"`
	RememberMe  *bool   `json:"rememberMe"`
	Flag        bool    `json:"flag"`
}

// Members whose names differ from a field's only in case are not the field's: zod strips
// them, and the origin check only looks at the exact name. encoding/json alone would let
// "callbackurl" overwrite a checked "callbackURL".
func TestBodyMembersMatchExactly(t *testing.T) {
	body := map[string]any{
		"email": "a@example.com", "Email": "evil@example.com", "EMAIL": "x",
		"callbackURL": "/ok", "callbackurl": "https://evil.example", "CALLBACKURL": "https://evil.example",
		"rememberme": false, "FLAG": true,
	}
	got, called, err := serve(t, newEP[directIn], body, true, nil)
	if err != nil || !called {
		t.Fatalf("Serve: %v", err)
	}
	want := directIn{Email: "a@example.com", CallbackURL: ptr("/ok")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("input (-want +got):\n%s", diff)
	}

	// Plans that go through encoding/json (numbers, slices, nested objects) too.
	body = map[string]any{
		"name": "n", "NAME": "evil", "email": "a@example.com", "password": "pw",
		"age": jsonNumber("7"), "AGE": jsonNumber("99"), "scopes": []any{"a"}, "Scopes": []any{"evil"},
	}
	got2, called, err := serve(t, newEP[signUpIn], body, true, nil)
	if err != nil || !called {
		t.Fatalf("Serve: %v", err)
	}
	if got2.Name != "n" || got2.Age == nil || *got2.Age != 7 || len(got2.Scopes) != 1 || got2.Scopes[0] != "a" {
		t.Errorf("input = %+v", got2)
	}
	got3, _, err := serve(t, newEP[nestedIn], map[string]any{"data": map[string]any{"x": "good", "X": "evil"}, "DATA": map[string]any{"x": "evil"}}, true, nil)
	if err != nil || got3.Data.X != "good" {
		t.Errorf("nested input = %+v, %v", got3, err)
	}
}

// A direct plan sets null members (nullable fields) and absent members to zero values.
func TestDirectBodyNulls(t *testing.T) {
	type in struct {
		Name  string  `json:"name"`
		Image *string `json:"image" validate:"nullable"`
		Note  string  `json:"note" validate:"nullable"`
	}
	got, _, err := serve(t, newEP[in], map[string]any{"name": "n", "image": nil, "note": nil}, true, nil)
	if err != nil || got != (in{Name: "n"}) {
		t.Errorf("input = %+v, %v", got, err)
	}
}

// BenchmarkServeDirectBody is a sign-in shaped body through validation and input filling.
func BenchmarkServeDirectBody(b *testing.B) {
	e := endpoint.New("test", http.MethodPost, "/test", endpoint.Meta{},
		func(_ context.Context, _ *endpoint.Request, in directIn) (bool, error) { return in.Email != "", nil })
	body := map[string]any{"email": "a@example.com", "callbackURL": "/dashboard", "rememberMe": true}
	c := &endpoint.Context{}
	b.ReportAllocs()
	for b.Loop() {
		r := endpoint.NewRequest(c, nil, nil, e.Path, nil, body, true)
		if _, err := e.Serve(context.Background(), r); err != nil {
			b.Fatal(err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func jsonNumber(s string) json.Number { return json.Number(s) }
