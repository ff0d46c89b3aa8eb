package authcore

import (
	"sort"
	"strings"

	"github.com/goauth-dev/goauth/authcore/internal/pipeline"
)

// OpenAPI returns an OpenAPI 3.1 document describing every routed endpoint (core and
// plugins) from its metadata and validation schema. Better Auth serves a similar document
// through its open-api plugin; GoAuth builds it from the same endpoint definitions that
// serve requests, so it cannot drift from them.
func (a *Auth) OpenAPI() ([]byte, error) {
	paths := map[string]any{}
	for _, ep := range a.pipeline.Endpoints() {
		if ep.Meta.ServerOnly || ep.Path == "" {
			continue
		}
		item, _ := paths[a.Context.BasePath+ep.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[a.Context.BasePath+ep.Path] = item
		}
		for _, m := range ep.Methods {
			op := map[string]any{
				"operationId": ep.Meta.OperationID,
				"description": ep.Meta.Description,
				"tags":        tagsOf(ep.Meta.Tags),
				"responses": map[string]any{
					"200": map[string]any{"description": "Success"},
					"400": ref("BadRequest"), "401": ref("Unauthorized"), "403": ref("Forbidden"),
					"429": map[string]any{"description": "Too many requests"},
					"500": map[string]any{"description": "Internal server error"},
				},
			}
			if len(ep.Methods) > 1 {
				op["operationId"] = ep.Meta.OperationID + strings.ToUpper(m[:1]) + strings.ToLower(m[1:])
			}
			var params []any
			for _, p := range ep.QueryParams() {
				params = append(params, map[string]any{
					"name": p.Name, "in": "query", "required": p.Required, "schema": map[string]any{"type": p.Type},
				})
			}
			for _, seg := range strings.Split(ep.Path, "/") {
				if strings.HasPrefix(seg, "{") {
					params = append(params, map[string]any{
						"name": strings.Trim(seg, "{}"), "in": "path", "required": true, "schema": map[string]any{"type": "string"},
					})
				}
			}
			if params != nil {
				op["parameters"] = params
			}
			if s := ep.BodySchema(); s != nil && m != "GET" {
				content := map[string]any{}
				types := ep.Meta.MediaTypes
				if len(types) == 0 {
					types = []string{"application/json"}
				}
				sort.Strings(types)
				for _, t := range types {
					content[t] = map[string]any{"schema": s}
				}
				op["requestBody"] = map[string]any{"content": content}
			}
			item[strings.ToLower(m)] = op
		}
	}
	errSchema := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"message": map[string]any{"type": "string"},
			"code":    map[string]any{"type": "string"},
		},
		"required": []string{"message"},
	}
	resp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{
			"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}},
		}}
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       a.Context.AppName,
			"description": "API reference of the GoAuth server (Better Auth 1.6.9 protocol)",
			"version":     "1.6.9",
		},
		"servers": []any{map[string]any{"url": a.Context.Origin}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": map[string]any{"Error": errSchema},
			"responses": map[string]any{
				"BadRequest":   resp("Bad request: validation error or a rejected operation"),
				"Unauthorized": resp("No valid session"),
				"Forbidden":    resp("Origin, CSRF or freshness check failed"),
			},
			"securitySchemes": map[string]any{
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": a.Context.Cookies.Name("session_token")},
			},
		},
		"security": []any{map[string]any{"cookie": []string{}}},
	}
	return pipeline.Marshal(doc)
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/responses/" + name} }

func tagsOf(t []string) []string {
	if len(t) == 0 {
		return []string{"Default"}
	}
	return t
}
