package social_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore/social"
)

// FuzzDecodeJWTClaims feeds the unverified-claims reader (used on ID tokens of token
// responses) arbitrary input: it must not panic.
func FuzzDecodeJWTClaims(f *testing.F) {
	f.Add(unsignedJWT(map[string]any{"sub": "1", "email_verified": "true"}))
	f.Add("a.b.c")
	f.Add("..")
	f.Add("eyJ9.eyJzdWIiOjF9.")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = social.DecodeJWTClaims(s)
	})
}

// FuzzStateData reads state JSON (rows and decrypted cookies; Better Auth may have
// written them): it must not panic, and what it accepts must survive a round trip.
func FuzzStateData(f *testing.F) {
	f.Add(`{"callbackURL":"/","codeVerifier":"c","expiresAt":1,"oauthState":"s","link":{"email":"e","userId":2}}`)
	f.Add(`{"callbackURL":"/","codeVerifier":"c","expiresAt":"1"}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, s string) {
		var d social.StateData
		if json.Unmarshal([]byte(s), &d) != nil {
			return
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal accepted state: %v", err)
		}
		var back social.StateData
		if err := json.Unmarshal(b, &back); err != nil || back.CallbackURL != d.CallbackURL || back.CodeVerifier != d.CodeVerifier {
			t.Fatalf("round trip of %s: %+v %v", b, back, err)
		}
	})
}

// FuzzVerifyIDToken feeds client-supplied ID tokens to a provider accepting both HS256
// (under a shared secret) and ES256 (against a JWKS): nothing may panic, and nothing
// the fuzzer makes up may verify.
func FuzzVerifyIDToken(f *testing.F) {
	const secret = "0123456789abcdef0123456789abcdef"
	key := newECKey(f, "k1")
	claims := validClaims("https://access.line.me")
	f.Add(signHS256(claims, secret+"x"))
	f.Add(newECKey(f, "k1").sign(claims))
	f.Add(unsignedJWT(claims))
	f.Add("eyJhbGciOiJIUzI1NiJ9.e30.")
	f.Add("..")
	net := newFakeNet()
	net.handle("api.line.me/oauth2/v2.1/certs", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(key.jwks()) })
	p, err := social.New("line", social.Options{ClientID: "cid", ClientSecret: secret, HTTPClient: net.client(), Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	v := p.(social.IDTokenVerifier)
	f.Fuzz(func(t *testing.T, tok string) {
		if ok, _ := v.VerifyIDToken(context.Background(), tok, ""); ok {
			t.Fatalf("made-up token verified: %q", tok)
		}
	})
}
