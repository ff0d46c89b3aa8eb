package endpoint

import (
	"encoding"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"

	"github.com/goauth-dev/goauth/authcore/apierror"
)

// kind is a zod-like value type.
type kind string

const (
	kString  kind = "string"
	kBool    kind = "boolean"
	kNumber  kind = "number"
	kArray   kind = "array"
	kObject  kind = "object"
	kRecord  kind = "record"
	kUnknown kind = "unknown"
)

type field struct {
	name     string
	kind     kind
	required bool
	nullable bool
	email    bool
	nonempty bool
	index    int // struct field index
	elem     kind
	sub      *plan
	desc     string
	// direct: a string or bool field (or a pointer to one) set from the validated value
	// without encoding/json.
	direct bool
}

// plan is the validation plan of one object (body or query), in declaration order.
type plan struct {
	fields   []field
	optional bool // the whole object may be absent
	direct   bool // every field is direct
}

// Param documents a query parameter for OpenAPI.
type Param struct {
	Name     string
	Type     string
	Required bool
}

var emailRE = regexp.MustCompile(`^(?:[A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`)

// ValidEmail reports whether s passes zod 4.3's z.email() check (Better Auth's email rule).
func ValidEmail(s string) bool {
	if strings.HasPrefix(s, ".") || strings.Contains(s, "..") {
		return false
	}
	return emailRE.MatchString(s)
}

func buildPlans(t reflect.Type) (body, query *plan) {
	if t.Kind() != reflect.Struct {
		return nil, nil
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		rules := strings.Split(sf.Tag.Get("validate"), ",")
		if name, ok := sf.Tag.Lookup("query"); ok {
			if query == nil {
				query = &plan{}
			}
			query.fields = append(query.fields, makeField(name, sf, i, rules))
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if body == nil {
			body = &plan{}
		}
		body.fields = append(body.fields, makeField(name, sf, i, rules))
	}
	if body != nil {
		body.optional = true
		body.direct = true
		for _, f := range body.fields {
			if f.required {
				body.optional = false
			}
			if !f.direct {
				body.direct = false
			}
		}
	}
	return body, query
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// isDirect reports a string or bool field (or pointer to one) that encoding/json would
// set from a JSON string or boolean as it is.
func isDirect(sf reflect.StructField, k kind) bool {
	if k != kString && k != kBool {
		return false
	}
	if _, opts, _ := strings.Cut(sf.Tag.Get("json"), ","); strings.Contains(opts, "string") {
		return false
	}
	t := sf.Type
	for _, u := range []reflect.Type{t, reflect.PointerTo(t)} {
		if u.Implements(unmarshalerType) || u.Implements(textUnmarshalerType) {
			return false
		}
	}
	if t.Kind() == reflect.Pointer {
		e := t.Elem()
		if e.Kind() == reflect.Pointer || e.Implements(unmarshalerType) || reflect.PointerTo(e).Implements(unmarshalerType) ||
			e.Implements(textUnmarshalerType) || reflect.PointerTo(e).Implements(textUnmarshalerType) {
			return false
		}
	}
	return true
}

func makeField(name string, sf reflect.StructField, idx int, rules []string) field {
	f := field{name: name, index: idx, desc: sf.Tag.Get("doc")}
	t := sf.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	f.kind = kindOf(t)
	f.direct = isDirect(sf, f.kind)
	if f.kind == kArray {
		f.elem = kindOf(t.Elem())
	}
	if f.kind == kObject {
		sub, _ := buildPlans(t)
		f.sub = sub
	}
	for _, r := range rules {
		switch strings.TrimSpace(r) {
		case "required":
			f.required = true
		case "nullable":
			f.nullable = true
		case "email":
			f.email = true
		case "nonempty":
			f.nonempty = true
		}
	}
	return f
}

func kindOf(t reflect.Type) kind {
	switch t.Kind() {
	case reflect.String:
		return kString
	case reflect.Bool:
		return kBool
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Float32:
		return kNumber
	case reflect.Slice:
		return kArray
	case reflect.Map:
		return kRecord
	case reflect.Struct:
		return kObject
	}
	return kUnknown
}

// received names a JSON value's type as zod does.
func received(v any, present bool) string {
	if !present {
		return "undefined"
	}
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64, int, int64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// validateBody validates the request body as an object (or a record when record is set).
func (p *plan) validateBody(r *Request, record bool, issues []string) []string {
	want := "object"
	if record {
		want = "record"
	}
	if r.bodyPresent && r.bodyKind != "" {
		return append(issues, "[body] Invalid input: expected "+want+", received "+r.bodyKind)
	}
	if record && (!r.bodyPresent || r.Body == nil) {
		got := "undefined"
		if r.bodyPresent {
			got = "null"
		}
		return append(issues, "[body] Invalid input: expected record, received "+got)
	}
	if p == nil {
		return issues
	}
	return p.validate("body", r.Body, r.bodyPresent, issues)
}

func (p *plan) validate(prefix string, obj map[string]any, present bool, issues []string) []string {
	if p == nil {
		return issues
	}
	if !present || obj == nil {
		if p.optional && !present {
			return issues
		}
		var v any
		if present {
			v = nil
		}
		return append(issues, "["+prefix+"] Invalid input: expected object, received "+received(v, present))
	}
	for _, f := range p.fields {
		v, ok := obj[f.name]
		issues = f.check(prefix+"."+f.name, v, ok, issues)
	}
	return issues
}

func (f *field) check(path string, v any, present bool, issues []string) []string {
	if !present {
		if f.required {
			return append(issues, "["+path+"] Invalid input: expected "+string(f.expect())+", received undefined")
		}
		return issues
	}
	if v == nil {
		if f.nullable {
			return issues
		}
		return append(issues, "["+path+"] Invalid input: expected "+string(f.expect())+", received null")
	}
	got := received(v, true)
	switch f.kind {
	case kUnknown:
		return issues
	case kRecord:
		if got != "object" {
			return append(issues, "["+path+"] Invalid input: expected record, received "+got)
		}
		return issues
	case kObject:
		m, ok := v.(map[string]any)
		if !ok {
			return append(issues, "["+path+"] Invalid input: expected object, received "+got)
		}
		if f.sub != nil {
			return f.sub.validate(strings.TrimPrefix(path, ""), m, true, issues)
		}
		return issues
	case kArray:
		arr, ok := v.([]any)
		if !ok {
			return append(issues, "["+path+"] Invalid input: expected array, received "+got)
		}
		for i, e := range arr {
			if f.elem != kUnknown && received(e, true) != string(f.elem) {
				issues = append(issues, "["+path+"."+itoa(i)+"] Invalid input: expected "+string(f.elem)+", received "+received(e, true))
			}
		}
		return issues
	}
	if got != string(f.kind) {
		return append(issues, "["+path+"] Invalid input: expected "+string(f.kind)+", received "+got)
	}
	if f.kind == kString {
		s := v.(string)
		if f.email && !ValidEmail(s) {
			return append(issues, "["+path+"] Invalid email address")
		}
		if f.nonempty && s == "" {
			return append(issues, "["+path+"] Too small: expected string to have >=1 characters")
		}
	}
	return issues
}

func (f *field) expect() kind {
	if f.kind == kRecord {
		return kRecord
	}
	return f.kind
}

func (p *plan) validateQuery(q url.Values, issues []string) []string {
	for _, f := range p.fields {
		vals, ok := q[f.name]
		path := "query." + f.name
		switch {
		case !ok:
			if f.required {
				issues = append(issues, "["+path+"] Invalid input: expected "+string(f.kind)+", received undefined")
			}
		case f.kind == kBool:
			// z.coerce.boolean(): any value is accepted.
		case len(vals) > 1 && f.kind != kArray:
			issues = append(issues, "["+path+"] Invalid input: expected "+string(f.kind)+", received array")
		case f.kind == kString && f.email && !ValidEmail(vals[0]):
			issues = append(issues, "["+path+"] Invalid email address")
		}
	}
	return issues
}

// fillBody sets the fields of v from a validated body. Direct fields are assigned; any
// other plan goes through encoding/json with the body reduced to the plan's exact member
// names (recursively for nested objects), so that encoding/json's case-insensitive
// matching never picks up a member the validation did not see.
func (p *plan) fillBody(v reflect.Value, obj map[string]any) error {
	if p.direct {
		for i := range p.fields {
			f := &p.fields[i]
			x, ok := obj[f.name]
			if !ok || x == nil {
				continue // absent, or null (a nullable field): left at its zero value
			}
			setValue(v.Field(f.index), reflect.ValueOf(x))
		}
		return nil
	}
	raw, err := json.Marshal(p.exact(obj))
	if err != nil {
		return fmt.Errorf("endpoint: re-encode body: %w", err)
	}
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		return validationError([]string{"[body] " + err.Error()})
	}
	return nil
}

// exact returns the members of obj that the plan names.
func (p *plan) exact(obj map[string]any) map[string]any {
	out := make(map[string]any, len(p.fields))
	for i := range p.fields {
		f := &p.fields[i]
		x, ok := obj[f.name]
		if !ok {
			continue
		}
		if m, isObj := x.(map[string]any); isObj && f.sub != nil {
			x = f.sub.exact(m)
		}
		out[f.name] = x
	}
	return out
}

func (p *plan) fillQuery(v reflect.Value, q url.Values) {
	for _, f := range p.fields {
		vals, ok := q[f.name]
		if !ok || len(vals) == 0 {
			continue
		}
		fv := v.Field(f.index)
		switch f.kind {
		case kBool:
			// JavaScript Boolean(string): every non-empty string is true.
			b := vals[0] != ""
			setValue(fv, reflect.ValueOf(b))
		case kString:
			setValue(fv, reflect.ValueOf(vals[0]))
		case kArray:
			setValue(fv, reflect.ValueOf(vals))
		}
	}
}

func setValue(dst, val reflect.Value) {
	if dst.Kind() == reflect.Pointer {
		p := reflect.New(dst.Type().Elem())
		p.Elem().Set(val.Convert(dst.Type().Elem()))
		dst.Set(p)
		return
	}
	dst.Set(val.Convert(dst.Type()))
}

func (p *plan) jsonSchema() map[string]any {
	if p == nil {
		return nil
	}
	props := map[string]any{}
	var req []string
	for _, f := range p.fields {
		s := map[string]any{"type": jsonType(f.kind)}
		if f.kind == kArray {
			s["items"] = map[string]any{"type": jsonType(f.elem)}
		}
		if f.sub != nil {
			s = f.sub.jsonSchema()
		}
		if f.email {
			s["format"] = "email"
		}
		if f.desc != "" {
			s["description"] = f.desc
		}
		if f.nullable {
			s["nullable"] = true
		}
		props[f.name] = s
		if f.required {
			req = append(req, f.name)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(req) > 0 {
		out["required"] = req
	}
	return out
}

func (p *plan) params() []Param {
	if p == nil {
		return nil
	}
	out := make([]Param, 0, len(p.fields))
	for _, f := range p.fields {
		out = append(out, Param{Name: f.name, Type: jsonType(f.kind), Required: f.required})
	}
	return out
}

func jsonType(k kind) string {
	switch k {
	case kRecord, kObject:
		return "object"
	case kUnknown:
		return "string"
	}
	return string(k)
}

func validationError(issues []string) error {
	return &apierror.Error{Status: http.StatusBadRequest, Code: apierror.ValidationError, Message: strings.Join(issues, "; ")}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
