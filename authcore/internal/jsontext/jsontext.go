// Package jsontext scans JSON text without decoding it: a validator that agrees with
// encoding/json.Valid, several times faster, and the token scanner the hot-path decoders
// (model.DecodeUser, the cookie-cache decoders) are built on.
package jsontext

import "encoding/binary"

// MaxDepth is encoding/json's nesting limit: 10000 open arrays and objects.
const MaxDepth = 10000

// Valid reports whether d is one JSON value with optional white space around it,
// exactly as encoding/json.Valid does (strings may hold invalid UTF-8).
func Valid(d []byte) bool {
	s := Scanner{D: d}
	s.Space()
	if !s.Value(0) {
		return false
	}
	return s.End()
}

// Scanner walks JSON text. D is the text and I the offset of the next byte.
type Scanner struct {
	D []byte
	I int
}

// End skips white space and reports whether the text is exhausted.
func (s *Scanner) End() bool {
	s.Space()
	return s.I == len(s.D)
}

// Space skips JSON white space.
func (s *Scanner) Space() {
	for s.I < len(s.D) {
		switch s.D[s.I] {
		case ' ', '\t', '\n', '\r':
			s.I++
		default:
			return
		}
	}
}

// Byte consumes c if it is next.
func (s *Scanner) Byte(c byte) bool {
	if s.I < len(s.D) && s.D[s.I] == c {
		s.I++
		return true
	}
	return false
}

// Lit consumes the literal l if it is next.
func (s *Scanner) Lit(l string) bool {
	if len(s.D)-s.I >= len(l) && string(s.D[s.I:s.I+len(l)]) == l {
		s.I += len(l)
		return true
	}
	return false
}

// String consumes one string token and reports whether it is valid.
func (s *Scanner) String() bool {
	if !s.Byte('"') {
		return false
	}
	d := s.D
	i := s.I
	for {
		// Eight bytes at a time while none is '"', '\\' or a control character.
		for ; i+8 <= len(d); i += 8 {
			x := binary.LittleEndian.Uint64(d[i:])
			if (x-lows*0x20)&^x&highs|zeroByte(x^lows*'"')|zeroByte(x^lows*'\\') != 0 {
				break
			}
		}
		for i < len(d) && plain[d[i]] {
			i++
		}
		if i >= len(d) {
			return false
		}
		switch d[i] {
		case '"':
			s.I = i + 1
			return true
		case '\\':
			if i+1 >= len(d) {
				return false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) {
					return false
				}
				for _, h := range d[i+2 : i+6] {
					if !isHex(h) {
						return false
					}
				}
				i += 6
			default:
				return false
			}
		default: // a control character
			return false
		}
	}
}

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// zeroByte is non-zero when one of the bytes of x is zero.
func zeroByte(x uint64) uint64 { return (x - lows) &^ x & highs }

// plain marks the bytes a string holds as they are: all but '"', '\\' and controls.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (s *Scanner) digits() bool {
	n := s.I
	for s.I < len(s.D) && '0' <= s.D[s.I] && s.D[s.I] <= '9' {
		s.I++
	}
	return s.I > n
}

// number consumes -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *Scanner) number() bool {
	s.Byte('-')
	if !s.Byte('0') {
		if s.I >= len(s.D) || s.D[s.I] < '1' || s.D[s.I] > '9' {
			return false
		}
		s.digits()
	}
	if s.Byte('.') && !s.digits() {
		return false
	}
	if s.Byte('e') || s.Byte('E') {
		if !s.Byte('+') {
			s.Byte('-')
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

// Value consumes one value, with depth arrays and objects already open around it, and
// reports whether it is valid.
func (s *Scanner) Value(depth int) bool {
	if s.I >= len(s.D) {
		return false
	}
	switch s.D[s.I] {
	case '"':
		return s.String()
	case 't':
		return s.Lit("true")
	case 'f':
		return s.Lit("false")
	case 'n':
		return s.Lit("null")
	case '{', '[':
		depth++
		if depth > MaxDepth {
			return false
		}
		closing := byte('}')
		if s.D[s.I] == '[' {
			closing = ']'
		}
		s.I++
		s.Space()
		if s.Byte(closing) {
			return true
		}
		for {
			s.Space()
			if closing == '}' {
				if !s.String() {
					return false
				}
				s.Space()
				if !s.Byte(':') {
					return false
				}
				s.Space()
			}
			if !s.Value(depth) {
				return false
			}
			s.Space()
			if s.Byte(',') {
				continue
			}
			return s.Byte(closing)
		}
	}
	return s.number()
}
