package model

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/goauth-dev/goauth/authcore/internal/jsontext"
)

// errSyntax reports text that is not one JSON object.
var errSyntax = errors.New("model: invalid JSON object")

// DecodeUser decodes a user from its JSON object (as MarshalJSON renders it, or as Better
// Auth stores it in the session_data cookie). The result is the one UserFromMap gives for
// the object decoded by encoding/json into a map[string]any, without building the map:
// core members are read as they appear and other members go to Fields. JSON null gives
// the zero User; text that is not a JSON object is an error.
func DecodeUser(raw []byte) (User, error) {
	var u User
	d := decoder{raw: raw}
	err := eachMember(raw, func(k []byte, vs, ve int) error {
		var err error
		switch string(k) {
		case "id":
			u.ID, err = d.str(vs, ve)
		case "name":
			u.Name, err = d.str(vs, ve)
		case "email":
			u.Email, err = d.str(vs, ve)
		case "emailVerified":
			u.EmailVerified, err = boolValue(raw[vs:ve])
		case "image":
			u.Image, err = d.strPtr(vs, ve)
		case "createdAt":
			u.CreatedAt, err = dateValue(raw[vs:ve])
		case "updatedAt":
			u.UpdatedAt, err = dateValue(raw[vs:ve])
		default:
			u.Fields, err = setExtra(u.Fields, k, raw[vs:ve])
		}
		return err
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// DecodeSession decodes a session from its JSON object, as DecodeUser does for users:
// the result is SessionFromMap's for the same object.
func DecodeSession(raw []byte) (Session, error) {
	var s Session
	d := decoder{raw: raw}
	err := eachMember(raw, func(k []byte, vs, ve int) error {
		var err error
		switch string(k) {
		case "id":
			s.ID, err = d.str(vs, ve)
		case "token":
			s.Token, err = d.str(vs, ve)
		case "userId":
			s.UserID, err = d.str(vs, ve)
		case "expiresAt":
			s.ExpiresAt, err = dateValue(raw[vs:ve])
		case "createdAt":
			s.CreatedAt, err = dateValue(raw[vs:ve])
		case "updatedAt":
			s.UpdatedAt, err = dateValue(raw[vs:ve])
		case "ipAddress":
			s.IPAddress, err = d.strPtr(vs, ve)
		case "userAgent":
			s.UserAgent, err = d.strPtr(vs, ve)
		default:
			s.Fields, err = setExtra(s.Fields, k, raw[vs:ve])
		}
		return err
	})
	if err != nil {
		return Session{}, err
	}
	return s, nil
}

// decoder shares allocations between the members of one object: the plain string values
// are slices of one copy of the text, and string pointers point into one small array.
type decoder struct {
	raw  []byte
	text string // string(raw), made on first use
	box  *[2]string
	used int
}

// str is str() of the value raw[vs:ve].
func (d *decoder) str(vs, ve int) (string, error) {
	v := d.raw[vs:ve]
	if v[0] != '"' {
		x, err := anyValue(v)
		return str(x), err
	}
	if !plainString(v[1 : len(v)-1]) {
		return stringValue(v)
	}
	if d.text == "" {
		d.text = string(d.raw)
	}
	return d.text[vs+1 : ve-1], nil
}

// strPtr is strPtr() of the value raw[vs:ve].
func (d *decoder) strPtr(vs, ve int) (*string, error) {
	if d.raw[vs] != '"' {
		x, err := anyValue(d.raw[vs:ve])
		return strPtr(x), err
	}
	s, err := d.str(vs, ve)
	if err != nil {
		return nil, err
	}
	if d.box == nil || d.used == len(d.box) {
		d.box, d.used = new([2]string), 0
	}
	p := &d.box[d.used]
	d.used++
	*p = s
	return p, nil
}

// anyValue decodes one validated JSON value as encoding/json does into an any.
func anyValue(v []byte) (any, error) {
	switch v[0] {
	case 'n':
		return nil, nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case '"':
		return stringValue(v)
	}
	var x any
	err := json.Unmarshal(v, &x)
	return x, err
}

func boolValue(v []byte) (bool, error) {
	x, err := anyValue(v)
	return boolean(x), err
}

func dateValue(v []byte) (time.Time, error) {
	if t, ok := isoDate(v); ok {
		return t, nil
	}
	x, err := anyValue(v)
	return date(x), err
}

var daysIn = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// isoDate parses the JSON string "YYYY-MM-DDTHH:MM:SS.mmmZ" (Date#toISOString) without
// allocating. ok is false for any other text, which the caller parses as date does.
func isoDate(v []byte) (time.Time, bool) {
	if len(v) != 26 || v[0] != '"' || v[25] != '"' || v[5] != '-' || v[8] != '-' || v[11] != 'T' ||
		v[14] != ':' || v[17] != ':' || v[20] != '.' || v[24] != 'Z' {
		return time.Time{}, false
	}
	num := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, mo, d := num(v[1:5]), num(v[6:8]), num(v[9:11])
	h, mi, s, ms := num(v[12:14]), num(v[15:17]), num(v[18:20]), num(v[21:24])
	if y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0 {
		return time.Time{}, false
	}
	days := daysIn[mo]
	if mo == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if d > days { // time.Parse refuses a day out of range for the month
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, ms*1e6, time.UTC), true
}

func setExtra(m map[string]any, k, v []byte) (map[string]any, error) {
	x, err := anyValue(v)
	if err != nil {
		return m, err
	}
	if m == nil {
		m = make(map[string]any, 4)
	}
	m[string(k)] = x
	return m, nil
}

// stringValue decodes a validated JSON string token (quotes included) as encoding/json
// does: escapes resolved, invalid UTF-8 replaced by U+FFFD.
func stringValue(v []byte) (string, error) {
	body := v[1 : len(v)-1]
	if !plainString(body) {
		var s string
		err := json.Unmarshal(v, &s)
		return s, err
	}
	return string(body), nil
}

// plainString reports whether a scanned string body decodes to itself (ASCII, no
// escapes).
func plainString(body []byte) bool {
	for _, c := range body {
		if c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}

// eachMember calls fn with the decoded key and the bounds of the raw value of each member
// of the JSON object raw, in order. raw must be one JSON object (or null, which has no members),
// with nothing but white space around it.
func eachMember(raw []byte, fn func(key []byte, vs, ve int) error) error {
	s := jsontext.Scanner{D: raw}
	s.Space()
	if s.Lit("null") {
		if !s.End() {
			return errSyntax
		}
		return nil
	}
	if !s.Byte('{') {
		return errSyntax
	}
	s.Space()
	if s.Byte('}') {
		if !s.End() {
			return errSyntax
		}
		return nil
	}
	for {
		s.Space()
		start := s.I
		if !s.String() {
			return errSyntax
		}
		key := s.D[start+1 : s.I-1]
		if !plainString(key) {
			k, err := stringValue(s.D[start:s.I])
			if err != nil {
				return err
			}
			key = []byte(k)
		}
		s.Space()
		if !s.Byte(':') {
			return errSyntax
		}
		s.Space()
		start = s.I
		if !s.Value(1) {
			return errSyntax
		}
		if err := fn(key, start, s.I); err != nil {
			return err
		}
		s.Space()
		if s.Byte(',') {
			continue
		}
		if !s.Byte('}') || !s.End() {
			return errSyntax
		}
		return nil
	}
}
