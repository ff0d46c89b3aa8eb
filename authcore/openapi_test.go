package authcore_test

import (
	"encoding/json"
	"testing"

	"github.com/goauth-dev/goauth/authcore/authtest"
)

func TestOpenAPIDocument(t *testing.T) {
	s := authtest.New(t, nil)
	raw, err := s.Auth.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("document is not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	ids := map[string]bool{}
	routed := 0
	for _, ep := range s.Auth.Endpoints() {
		if ep.Meta.ServerOnly || ep.Path == "" {
			if _, ok := doc.Paths["/api/auth"+ep.Path]; ok && ep.Path != "" {
				t.Errorf("server-only endpoint %s documented", ep.Key)
			}
			continue
		}
		item, ok := doc.Paths["/api/auth"+ep.Path]
		if !ok {
			t.Errorf("route %s missing from the document", ep.Path)
			continue
		}
		for _, m := range ep.Methods {
			op, ok := item[map[string]string{"GET": "get", "POST": "post"}[m]]
			if !ok {
				t.Errorf("%s %s missing", m, ep.Path)
				continue
			}
			routed++
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q empty or duplicated", m, ep.Path, id)
			}
			ids[id] = true
		}
	}
	if routed != 32 {
		t.Errorf("%d method+path pairs documented, want 32 (30 core routes; get-session and callback on GET and POST)", routed)
	}
	signUp := doc.Paths["/api/auth/sign-up/email"]["post"]
	body, _ := signUp["requestBody"].(map[string]any)
	content, _ := body["content"].(map[string]any)
	if _, ok := content["application/x-www-form-urlencoded"]; !ok {
		t.Errorf("sign-up body does not list the form media type: %v", content)
	}
	reset := doc.Paths["/api/auth/reset-password/{token}"]["get"]
	if params, _ := reset["parameters"].([]any); len(params) != 2 {
		t.Errorf("reset-password/{token} parameters = %v, want callbackURL and token", params)
	}
}
