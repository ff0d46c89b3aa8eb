package cookie_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

// Fuzz targets for every parser of attacker-controlled input, seeded from
// testdata/better_auth.json (values made by Better Auth).

func knownErr(err error) bool {
	return err == nil || errors.Is(err, cookie.ErrMalformed) || errors.Is(err, cookie.ErrNotJSON) ||
		errors.Is(err, cookie.ErrSignature) || errors.Is(err, cookie.ErrExpired)
}

func cacheSeeds(f *testing.F, strategy string) fixtures {
	fx := loadFixtures(f)
	for _, c := range fx.Cache {
		if c.Strategy == strategy {
			f.Add(c.Value)
		}
	}
	return fx
}

func FuzzParse(f *testing.F) {
	fx := loadFixtures(f)
	for _, p := range fx.Parse {
		f.Add(p.Header, "")
	}
	for _, c := range fx.SetCookie {
		f.Add(c.Line, c.Value)
	}
	f.Fuzz(func(t *testing.T, header, value string) {
		m := cookie.Parse(header)
		if len(m) > cookie.MaxCookies {
			t.Fatalf("%d cookies", len(m))
		}
		// Whatever the header, a value written by Cookie.String reads back.
		if !utf8.ValidString(value) {
			return
		}
		line := cookie.Cookie{Name: "k", Value: value, Attributes: cookie.Attributes{Path: "/", HTTPOnly: true}}.String()
		req := line[:strings.IndexByte(line+";", ';')]
		if got := cookie.Parse(req + "; " + header)["k"]; got != value {
			t.Fatalf("round trip of %q: got %q (via %q)", value, got, req)
		}
	})
}

func FuzzReadChunked(f *testing.F) {
	fx := loadFixtures(f)
	for _, r := range fx.ReadChunked {
		f.Add(r.Header, r.Name)
	}
	f.Fuzz(func(t *testing.T, header, name string) {
		v1, ok1 := cookie.ReadChunkedHeader(header, name)
		v2, ok2 := cookie.ReadChunked(cookie.Parse(header), name)
		if ok1 != (v1 != "") || ok2 != (v2 != "") {
			t.Fatalf("ok disagrees with the value: %q %v, %q %v", v1, ok1, v2, ok2)
		}
		c := cookie.Cookie{Name: name, Value: v1}
		for _, limit := range []int{cookie.SessionDataLimit, 3} {
			out := cookie.SetChunked(header, c, limit)
			var joined strings.Builder
			for _, o := range out {
				if o.MaxAge == nil || *o.MaxAge != 0 {
					joined.WriteString(o.Value)
				}
			}
			if joined.String() != v1 {
				t.Fatalf("SetChunked loses data")
			}
		}
		for _, o := range cookie.CleanChunks(header, name, cookie.Attributes{}) {
			if !strings.HasPrefix(o.Name, name) || *o.MaxAge != 0 {
				t.Fatalf("CleanChunks: %+v", o)
			}
		}
	})
}

func FuzzDecodeCompact(f *testing.F) {
	fx := cacheSeeds(f, "compact")
	secret := []byte(fx.Secret)
	f.Add("e30")
	f.Add("bnVsbA")
	f.Fuzz(func(t *testing.T, value string) {
		p, _, err := cookie.DecodeCompact(value, secret, fx.now())
		if !knownErr(err) {
			t.Fatalf("unexpected error %v", err)
		}
		if err != nil && !errors.Is(err, cookie.ErrExpired) {
			return
		}
		if !json.Valid(p.Session) || !json.Valid(p.User) {
			t.Fatalf("invalid payload JSON")
		}
	})
}

func FuzzEncodeCompact(f *testing.F) {
	fx := loadFixtures(f)
	for _, c := range fx.Cache {
		f.Add(c.SessionJSON, c.UserJSON, c.Version)
	}
	f.Add(`{"a":"\ud800","b":1e400,"1":[-0]}`, `{"x":"\u003c"}`, "")
	f.Fuzz(func(t *testing.T, session, user, version string) {
		p := cookie.CachePayload{Session: json.RawMessage(session), User: json.RawMessage(user), UpdatedAt: 1, Version: version}
		v, err := cookie.EncodeCompact(p, []byte(fx.Secret), fx.now())
		if err != nil {
			return
		}
		got, _, err := cookie.DecodeCompact(v, []byte(fx.Secret), fx.now())
		if err != nil {
			t.Fatalf("Go cannot read its own value: %v", err)
		}
		// The emitted JSON is a fixed point: encoding the decoded payload again
		// gives the same value.
		again, err := cookie.EncodeCompact(got, []byte(fx.Secret), fx.now())
		if err != nil || again != v {
			t.Fatalf("not canonical: %v\n%s\n%s", err, got.Session, got.User)
		}
		var a, b any
		if json.Unmarshal(p.User, &a) == nil && json.Unmarshal(got.User, &b) == nil {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if string(ja) != string(jb) && !strings.ContainsAny(user, `\eE.`) {
				t.Fatalf("content changed: %s -> %s", p.User, got.User)
			}
		}
	})
}

func FuzzDecodeJWT(f *testing.F) {
	fx := cacheSeeds(f, "jwt")
	f.Add("eyJhbGciOiJIUzI1NiJ9.e30.")
	f.Fuzz(func(t *testing.T, value string) {
		_, _, err := cookie.DecodeJWT(value, []byte(fx.Secret), fx.now())
		if !knownErr(err) {
			t.Fatalf("unexpected error %v", err)
		}
	})
}

func FuzzDecodeJWE(f *testing.F) {
	fx := cacheSeeds(f, "jwe")
	f.Add(fx.JWENoKid.Value)
	f.Add(fx.JWERotated.Value)
	secrets := [][]byte{[]byte(fx.Secret), []byte(fx.OldSecret)}
	f.Fuzz(func(t *testing.T, value string) {
		_, _, err := cookie.DecodeJWE(value, secrets, fx.now().Add(-time.Second))
		if !knownErr(err) {
			t.Fatalf("unexpected error %v", err)
		}
	})
}
