package pipeline

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Response bodies are written as encoding/json writes them with SetEscapeHTML(false),
// without its reflection walk and its validation and compaction of every MarshalJSON
// result. Records that render themselves (model.User, model.Session: AppendJSON) are
// appended directly; the layout of every other response type is computed once per type
// (an encoding plan, like the endpoint package's validation plans). A type the plans do
// not cover exactly (maps, floats, embedded fields, other Marshalers, ...) is encoded by
// encoding/json, so the output never differs.

// appender is a record that appends its own compact JSON (model.User, model.Session).
type appender interface {
	AppendJSON(dst []byte) ([]byte, error)
}

var (
	appenderType      = reflect.TypeFor[appender]()
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// appendJSON appends v's JSON to dst.
func appendJSON(dst []byte, v any) ([]byte, error) {
	if v == nil {
		return append(dst, "null"...), nil
	}
	if a, ok := v.(appender); ok {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			return append(dst, "null"...), nil
		}
		return a.AppendJSON(dst)
	}
	rv := reflect.ValueOf(v)
	if p := planFor(rv.Type()); p != nil {
		if rv.Kind() != reflect.Pointer && p.needsAddr {
			c := reflect.New(rv.Type()).Elem()
			c.Set(rv)
			rv = c
		}
		return p.append(dst, rv)
	}
	return appendStd(dst, v)
}

// appendStd appends v as encoding/json encodes it with HTML escaping off.
func appendStd(dst []byte, v any) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	b := buf.Bytes()
	return b[:len(b)-1], nil // Encode appends a newline
}

// encoder appends one value of a planned type.
type encoder struct {
	kind      encKind
	needsAddr bool       // the value must be addressable (pointer-receiver AppendJSON)
	fields    []encField // kStruct
	elem      *encoder   // kPtr, kSlice
}

type encKind uint8

const (
	kBool encKind = iota
	kString
	kInt
	kUint
	kAppender // a struct whose pointer is an appender
	kStruct
	kPtr
	kSlice
	kIface
)

type encField struct {
	index     int
	key       []byte // `"name":`
	omitEmpty bool
	enc       *encoder
}

var plans sync.Map // reflect.Type -> *encoder (nil: encoding/json)

// planFor returns the encoding plan of t, or nil when encoding/json must encode it.
func planFor(t reflect.Type) *encoder {
	if p, ok := plans.Load(t); ok {
		return p.(*encoder)
	}
	p := build(t, map[reflect.Type]bool{})
	plans.Store(t, p)
	return p
}

func build(t reflect.Type, visiting map[reflect.Type]bool) *encoder {
	if visiting[t] {
		return nil // recursive types: leave them to encoding/json
	}
	if t.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(appenderType) {
		return &encoder{kind: kAppender, needsAddr: true}
	}
	if t.Kind() == reflect.Pointer && t.Implements(appenderType) && t.Elem().Kind() == reflect.Struct {
		return &encoder{kind: kPtr, elem: &encoder{kind: kAppender, needsAddr: true}}
	}
	if t.Kind() != reflect.Interface && t.Kind() != reflect.Pointer &&
		(t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) ||
			t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)) {
		return nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return &encoder{kind: kBool}
	case reflect.String:
		return &encoder{kind: kString}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &encoder{kind: kInt}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &encoder{kind: kUint}
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return nil
		}
		return &encoder{kind: kIface}
	case reflect.Pointer:
		if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
			return nil
		}
		visiting[t] = true
		defer delete(visiting, t)
		e := build(t.Elem(), visiting)
		if e == nil {
			return nil
		}
		return &encoder{kind: kPtr, elem: e}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil // []byte is base64
		}
		visiting[t] = true
		defer delete(visiting, t)
		e := build(t.Elem(), visiting)
		if e == nil {
			return nil
		}
		return &encoder{kind: kSlice, elem: e}
	case reflect.Struct:
		visiting[t] = true
		defer delete(visiting, t)
		return buildStruct(t, visiting)
	}
	return nil
}

func buildStruct(t reflect.Type, visiting map[reflect.Type]bool) *encoder {
	s := &encoder{kind: kStruct}
	seen := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			return nil // embedding rules: encoding/json
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts := tag, ""
		if j := indexByte(tag, ','); j >= 0 {
			name, opts = tag[:j], tag[j+1:]
		}
		omit := false
		for opts != "" {
			o := opts
			if j := indexByte(opts, ','); j >= 0 {
				o, opts = opts[:j], opts[j+1:]
			} else {
				opts = ""
			}
			switch o {
			case "omitempty":
				omit = true
			case "":
			default:
				return nil // string, omitzero, ...: encoding/json
			}
		}
		if name == "" {
			name = sf.Name
		}
		if !plainName(name) || seen[name] {
			return nil
		}
		seen[name] = true
		e := build(sf.Type, visiting)
		if e == nil {
			return nil
		}
		if omit && (e.kind == kAppender || e.kind == kStruct) {
			omit = false // a struct is never empty
		}
		if e.needsAddr {
			s.needsAddr = true
		}
		key := appendString(nil, name)
		s.fields = append(s.fields, encField{index: i, key: append(key, ':'), omitEmpty: omit, enc: e})
	}
	return s
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// plainName reports a field name encoding/json uses as is and needs no escaping.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

func (e *encoder) append(dst []byte, v reflect.Value) ([]byte, error) {
	switch e.kind {
	case kBool:
		return strconv.AppendBool(dst, v.Bool()), nil
	case kString:
		return appendString(dst, v.String()), nil
	case kInt:
		return strconv.AppendInt(dst, v.Int(), 10), nil
	case kUint:
		return strconv.AppendUint(dst, v.Uint(), 10), nil
	case kAppender:
		return v.Addr().Interface().(appender).AppendJSON(dst)
	case kPtr:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		return e.elem.append(dst, v.Elem())
	case kIface:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		return appendJSON(dst, v.Elem().Interface())
	case kSlice:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i := range v.Len() {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = e.elem.append(dst, v.Index(i)); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	}
	// kStruct
	dst = append(dst, '{')
	first := true
	for i := range e.fields {
		f := &e.fields[i]
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(f.enc.kind, fv) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, f.key...)
		var err error
		if dst, err = f.enc.append(dst, fv); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// isEmpty is encoding/json's omitempty test for the planned kinds.
func isEmpty(k encKind, v reflect.Value) bool {
	switch k {
	case kBool:
		return !v.Bool()
	case kString:
		return v.Len() == 0
	case kInt:
		return v.Int() == 0
	case kUint:
		return v.Uint() == 0
	case kPtr, kIface:
		return v.IsNil()
	case kSlice:
		return v.Len() == 0
	}
	return false
}

// appendString appends s as encoding/json does without HTML escaping: '"', '\\' and
// control characters escaped (\b \f \n \r \t or \u00XX), U+2028 and U+2029 escaped,
// invalid UTF-8 replaced by \ufffd.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
