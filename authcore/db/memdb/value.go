package memdb

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/schema"
)

// normalize converts v to the form stored for a field of type typ (see the package
// comment). An empty typ is the "id" column: any scalar, integers as int64.
func normalize(typ schema.FieldType, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case schema.String:
		if s, ok := asString(v); ok {
			return s, nil
		}
	case schema.Number:
		if n, ok := asNumber(v); ok {
			return n, nil
		}
	case schema.Boolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Bool {
			return rv.Bool(), nil
		}
	case schema.Date:
		if t, ok := v.(time.Time); ok {
			return t.UTC().Truncate(time.Millisecond), nil
		}
	case schema.StringArray:
		switch s := v.(type) {
		case []string:
			return append([]string{}, s...), nil
		case []any:
			out := make([]string, len(s))
			for i, e := range s {
				str, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("element %d is %T, not a string", i, e)
				}
				out[i] = str
			}
			return out, nil
		}
	case schema.JSON, schema.NumberArray:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		var out any
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, err
		}
		return out, nil
	case "":
		if s, ok := asString(v); ok {
			return s, nil
		}
		if n, ok := asNumber(v); ok {
			return n, nil
		}
		return nil, fmt.Errorf("%T is not a valid id", v)
	default:
		return deepCopy(v), nil
	}
	return nil, fmt.Errorf("cannot store %T in a %s field", v, typ)
}

// asString reports v as a string when its kind is string.
func asString(v any) (string, bool) {
	if s, ok := v.(string); ok {
		return s, true
	}
	if rv := reflect.ValueOf(v); rv.IsValid() && rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}

// asNumber reports v as an int64, or as a float64 when it is not integral.
func asNumber(v any) (any, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case float64:
		return floatNumber(n), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return float64(u), true
		}
		return int64(u), true
	case reflect.Float32, reflect.Float64:
		return floatNumber(rv.Float()), true
	}
	return nil, false
}

// floatNumber returns f as an int64 when it is integral and in range.
func floatNumber(f float64) any {
	if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
		return int64(f)
	}
	return f
}

// compare orders two non-nil values of the same kind: numbers (any mix of integer and
// float types), strings, times and booleans. ok is false for other kinds or a mix.
func compare(a, b any) (c int, ok bool) {
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
		return 0, false
	case bool:
		if y, ok := b.(bool); ok {
			return boolInt(x) - boolInt(y), true
		}
		return 0, false
	}
	if x, ok := asNumber(a); ok {
		if y, ok := asNumber(b); ok {
			return compareNumbers(x, y), true
		}
		return 0, false
	}
	if x, ok := asString(a); ok {
		if y, ok := asString(b); ok {
			return strings.Compare(x, y), true
		}
	}
	return 0, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// compareNumbers orders int64 and float64 values (as returned by asNumber).
func compareNumbers(a, b any) int {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		switch {
		case ai < bi:
			return -1
		case ai > bi:
			return 1
		}
		return 0
	}
	af, bf := toFloat(a), toFloat(b)
	switch {
	case af < bf:
		return -1
	case af > bf:
		return 1
	}
	return 0
}

func toFloat(n any) float64 {
	if i, ok := n.(int64); ok {
		return float64(i)
	}
	return n.(float64)
}

// equal reports whether two non-nil values are equal.
func equal(a, b any) bool {
	if c, ok := compare(a, b); ok {
		return c == 0
	}
	return reflect.DeepEqual(a, b)
}

// indexKey is the key of a non-nil value in a unique index: values that compare equal
// have equal keys.
func indexKey(v any) any {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return x
	case time.Time:
		return timeKey(x.UnixNano())
	case bool:
		return x
	}
	if n, ok := asNumber(v); ok {
		return n
	}
	if s, ok := asString(v); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%T:%v", v, v)
	}
	return jsonKey(b)
}

type (
	timeKey int64
	jsonKey string
)

// copyRecord returns a deep copy of a stored row.
func copyRecord(r db.Record) db.Record {
	out := make(db.Record, len(r))
	for k, v := range r {
		out[k] = deepCopy(v)
	}
	return out
}

// deepCopy copies the mutable shapes a stored value can take.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	case []string:
		return append([]string(nil), x...)
	}
	return v
}
