package routes

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/schema"
)

var coreFields = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, t := range schema.Core().Tables {
		m := map[string]bool{"id": true}
		for _, f := range t.Fields {
			m[f.Name] = true
		}
		out[t.Model] = m
	}
	return out
}()

// parseInput extracts the additional and plugin fields of model from a client body
// (Better Auth's parseInputData): core fields and unknown keys are dropped, input:false
// fields are refused, required fields are enforced on create, types are checked.
func parseInput(r *endpoint.Request, model string, body map[string]any, create bool, reserved map[string]bool) (map[string]any, error) {
	t, ok := r.Ctx.Schema.Table(model)
	if !ok {
		return nil, nil
	}
	out := map[string]any{}
	for _, f := range t.Fields {
		if coreFields[model][f.Name] || reserved[f.Name] {
			continue
		}
		v, present := body[f.Name]
		if f.NoInput {
			if present && truthy(v) {
				if create && f.Default != nil {
					continue
				}
				return nil, apierror.New(http.StatusBadRequest, apierror.FieldNotAllowed, fmt.Sprintf("%s is not allowed to be set", f.Name))
			}
			continue
		}
		if !present {
			if create && f.Required && f.Default == nil {
				return nil, apierror.New(http.StatusBadRequest, apierror.MissingField, fmt.Sprintf("%s is required", f.Name))
			}
			continue
		}
		cv, err := coerceField(f, v)
		if err != nil {
			return nil, apierror.New(http.StatusBadRequest, apierror.ValidationError, err.Error())
		}
		out[f.Name] = cv
	}
	return out, nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case json.Number:
		f, _ := x.Float64()
		return f != 0
	}
	return true
}

func coerceField(f schema.Field, v any) (any, error) {
	if v == nil {
		if f.Required {
			return nil, fmt.Errorf("%s must not be null", f.Name)
		}
		return nil, nil
	}
	switch f.Type {
	case schema.String:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("Invalid input: expected string, received %s", typeName(v))
		}
		if len(f.Enum) > 0 {
			for _, e := range f.Enum {
				if e == s {
					return s, nil
				}
			}
			return nil, fmt.Errorf("Invalid option for %s", f.Name)
		}
		return s, nil
	case schema.Boolean:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("Invalid input: expected boolean, received %s", typeName(v))
		}
		return b, nil
	case schema.Number:
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("Invalid input: expected number, received %s", typeName(v))
		}
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		fl, _ := n.Float64()
		return fl, nil
	case schema.Date:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("Invalid input: expected date, received %s", typeName(v))
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("Invalid input: expected date, received string")
		}
		return t.UTC(), nil
	}
	return v, nil
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}
