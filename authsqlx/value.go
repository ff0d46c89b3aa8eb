package authsqlx

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/goauth-dev/goauth/authcore/schema"
)

// isoMillis is how Better Auth's Kysely adapter stores dates on SQLite
// (Date.prototype.toISOString): UTC, milliseconds, "Z".
const isoMillis = "2006-01-02T15:04:05.000Z"

// encode converts a record value to the parameter stored in c's column on dialect d.
// Better Auth: kysely-adapter (supportsBooleans, supportsDates, supportsJSON flags).
func encode(d Dialect, c *column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if p := reflect.ValueOf(v); p.Kind() == reflect.Pointer {
		if p.IsNil() {
			return nil, nil
		}
		v = p.Elem().Interface()
	}
	switch c.field.Type {
	case idType:
		if s, ok := asString(v); ok {
			return s, nil
		}
		if n, ok := asNumber(v); ok {
			return fmt.Sprint(n), nil
		}
	case schema.String:
		if s, ok := asString(v); ok {
			return s, nil
		}
	case schema.Number:
		if n, ok := asNumber(v); ok {
			return n, nil
		}
	case schema.Boolean:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Bool {
			if d == Postgres {
				return rv.Bool(), nil
			}
			if rv.Bool() {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case schema.Date:
		if t, ok := v.(time.Time); ok {
			t = t.UTC().Truncate(time.Millisecond)
			if d == SQLite {
				return t.Format(isoMillis), nil
			}
			return t, nil
		}
	case schema.JSON, schema.StringArray, schema.NumberArray:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", c.name, err)
		}
		return string(b), nil
	}
	return nil, fmt.Errorf("field %s: cannot store %T in a %s field", c.name, v, c.field.Type)
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
		if u := rv.Uint(); u <= math.MaxInt64 {
			return int64(u), true
		}
		return float64(rv.Uint()), true
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

// decode converts what the driver scanned from c's column to the db/dbtest read
// contract: string, int64, bool, UTC time.Time at millisecond precision, decoded JSON.
func decode(c *column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch c.field.Type {
	case idType, schema.String:
		switch x := v.(type) {
		case string:
			return x, nil
		case int64:
			return strconv.FormatInt(x, 10), nil // serial ids
		case time.Time:
			return x.UTC().Format(isoMillis), nil
		}
		return fmt.Sprint(v), nil
	case schema.Number:
		return decodeNumber(v)
	case schema.Boolean:
		return decodeBool(v)
	case schema.Date:
		return decodeDate(v)
	case schema.JSON, schema.NumberArray:
		return decodeJSON(v)
	case schema.StringArray:
		j, err := decodeJSON(v)
		if err != nil {
			return nil, err
		}
		list, ok := j.([]any)
		if !ok {
			return nil, fmt.Errorf("string[] column holds %T", j)
		}
		out := make([]string, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("string[] element %d is %T", i, e)
			}
			out[i] = s
		}
		return out, nil
	}
	return v, nil
}

func decodeNumber(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return nil, fmt.Errorf("number column holds %q", x)
		}
		return floatNumber(f), nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	}
	if n, ok := asNumber(v); ok {
		return n, nil
	}
	return nil, fmt.Errorf("number column holds %T", v)
}

func decodeBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "1", "true", "t":
			return true, nil
		case "0", "false", "f", "":
			return false, nil
		}
		return nil, fmt.Errorf("boolean column holds %q", x)
	}
	if n, ok := asNumber(v); ok {
		return n != int64(0), nil
	}
	return nil, fmt.Errorf("boolean column holds %T", v)
}

// dateLayouts are the text forms a date column may hold: Better Auth's ISO strings
// first, then what SQLite's CURRENT_TIMESTAMP and other writers leave.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02",
}

func decodeDate(v any) (any, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Truncate(time.Millisecond), nil
	case string:
		if t, ok := parseISOMillis(x); ok {
			return t, nil
		}
		if t, ok := sqliteDriverTime(x); ok {
			return t.UTC().Truncate(time.Millisecond), nil
		}
		s := strings.TrimSpace(x)
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC().Truncate(time.Millisecond), nil
			}
		}
		return nil, fmt.Errorf("date column holds %q", x)
	case int64:
		// Epoch numbers (other ORMs on SQLite): seconds below 1e11, else milliseconds.
		if x > -1e11 && x < 1e11 {
			return time.Unix(x, 0).UTC(), nil
		}
		return time.UnixMilli(x).UTC(), nil
	case float64:
		return decodeDate(int64(x))
	}
	return nil, fmt.Errorf("date column holds %T", v)
}

// parseISOMillis reads Better Auth's stored form, isoMillis ("2006-01-02T15:04:05.000Z"),
// without time.Parse. ok is false for any other text, and for dates time.Parse refuses
// (a day past the end of its month, hour 24, ...).
func parseISOMillis(s string) (time.Time, bool) {
	if len(s) != len(isoMillis) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
		s[16] != ':' || s[19] != '.' || s[23] != 'Z' {
		return time.Time{}, false
	}
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	y, mo, d := num(s[0:4]), num(s[5:7]), num(s[8:10])
	h, mi, sec, ms := num(s[11:13]), num(s[14:16]), num(s[17:19]), num(s[20:23])
	if y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ms*int(time.Millisecond), time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// sqliteTimeLayouts are the layouts modernc.org/sqlite tries on the text of a column
// declared DATE, DATETIME or TIMESTAMP (its parseTimeFormats).
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// sqliteDriverTime parses s as modernc.org/sqlite parses the text of a DATE column (its
// conn.parseTime, without a _loc): Go's time.String form (a monotonic "m=" suffix
// dropped), then its layouts with a final "Z" removed. SQLite reads select date columns
// through unary + (see compileTable), which keeps the driver from doing this itself.
func sqliteDriverTime(s string) (time.Time, bool) {
	t := s
	if x := strings.Index(s, "m="); x > 0 {
		t = s[:x]
	}
	if v, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", strings.TrimSpace(t)); err == nil {
		return v, true
	}
	ts, _ := strings.CutSuffix(s, "Z")
	for _, layout := range sqliteTimeLayouts {
		if v, err := time.Parse(layout, ts); err == nil {
			return v, true
		}
	}
	return time.Time{}, false
}

func decodeJSON(v any) (any, error) {
	var raw []byte
	switch x := v.(type) {
	case string:
		raw = []byte(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		raw = b
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("json column: %w", err)
	}
	return out, nil
}
