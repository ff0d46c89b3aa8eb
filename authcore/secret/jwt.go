package secret

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors returned by [Keyring.VerifyJWT].
var (
	// ErrInvalidToken means the token is malformed, not HS256, badly signed
	// or has invalid claims (Better Auth's INVALID_TOKEN).
	ErrInvalidToken = errors.New("secret: invalid token")
	// ErrTokenExpired means the token is correctly signed but its exp claim
	// is not after now (Better Auth's TOKEN_EXPIRED, jose's JWTExpired).
	ErrTokenExpired = errors.New("secret: token expired")
)

// jwtHeader is base64url({"alg":"HS256"}), the exact protected header
// Better Auth's signJWT writes.
const jwtHeader = "eyJhbGciOiJIUzI1NiJ9"

var b64url = base64.RawURLEncoding

// SignJWT returns a compact HS256 JWS keyed with the current secret. The
// protected header is exactly {"alg":"HS256"}; the claims are a copy of
// claims plus iat = now and exp = now + ttl, both in whole seconds
// (overriding any iat or exp in claims). Claims are JSON-encoded without
// HTML escaping, keys sorted; Better Auth keeps insertion order, which only
// changes the bytes, not the meaning.
//
// Better Auth: crypto/jwt.ts (signJWT), used by createEmailVerificationToken
// in api/routes/email-verification.ts and the jwt cookie-cache strategy.
func (k *Keyring) SignJWT(claims map[string]any, now time.Time, ttl time.Duration) (string, error) {
	iat := now.Unix()
	c := make(map[string]any, len(claims)+2)
	maps.Copy(c, claims)
	c["iat"] = iat
	c["exp"] = iat + int64(ttl/time.Second)

	var payload bytes.Buffer
	enc := json.NewEncoder(&payload)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return "", fmt.Errorf("secret: encoding JWT claims: %w", err)
	}
	body := bytes.TrimSuffix(payload.Bytes(), []byte("\n"))

	out := make([]byte, 0, len(jwtHeader)+2+b64url.EncodedLen(len(body))+43)
	out = append(out, jwtHeader...)
	out = append(out, '.')
	out = b64url.AppendEncode(out, body)
	var sum [32]byte
	k.mac(&sum, string(out))
	out = append(out, '.')
	out = b64url.AppendEncode(out, sum[:])
	return string(out), nil
}

// VerifyJWT verifies a compact HS256 JWS keyed with the current secret and
// returns its claims (JSON numbers as float64). It follows jose's jwtVerify
// with algorithms ["HS256"] and no clock tolerance: the signature is checked
// before the claims; the payload must be a JSON object; iat, nbf and exp, when
// present, must be numbers; nbf after now is [ErrInvalidToken]; exp at or
// before now is [ErrTokenExpired]. Every other failure is [ErrInvalidToken].
//
// Differences from jose, all on input no signer emits: padded base64url
// segments and any "crit" header are rejected.
//
// Better Auth: api/routes/email-verification.ts (verifyEmail) and
// crypto/jwt.ts (verifyJWT); jose src/jwt/verify.ts, src/lib/jwt_claims_set.ts.
func (k *Keyring) VerifyJWT(token string, now time.Time) (map[string]any, error) {
	h, rest, ok := strings.Cut(token, ".")
	if !ok {
		return nil, fmt.Errorf("%w: not a compact JWS", ErrInvalidToken)
	}
	p, sig, ok := strings.Cut(rest, ".")
	if !ok || strings.IndexByte(sig, '.') >= 0 {
		return nil, fmt.Errorf("%w: not a compact JWS", ErrInvalidToken)
	}

	header, err := decodeJSONObject(h)
	if err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrInvalidToken, err)
	}
	if alg, _ := header["alg"].(string); alg != "HS256" {
		return nil, fmt.Errorf("%w: algorithm not allowed", ErrInvalidToken)
	}
	if _, has := header["crit"]; has {
		return nil, fmt.Errorf("%w: unsupported crit header", ErrInvalidToken)
	}

	gotSig, err := b64url.DecodeString(sig)
	if err != nil || len(gotSig) != 32 {
		return nil, fmt.Errorf("%w: bad signature encoding", ErrInvalidToken)
	}
	var want [32]byte
	k.mac(&want, token[:len(h)+1+len(p)])
	if !hmac.Equal(want[:], gotSig) {
		return nil, fmt.Errorf("%w: signature mismatch", ErrInvalidToken)
	}

	claims, err := decodeJSONObject(p)
	if err != nil {
		return nil, fmt.Errorf("%w: claims: %w", ErrInvalidToken, err)
	}
	nowSec := float64(now.Unix())
	for _, name := range [...]string{"iat", "nbf", "exp"} {
		if v, has := claims[name]; has {
			if _, isNum := v.(float64); !isNum {
				return nil, fmt.Errorf("%w: %q claim must be a number", ErrInvalidToken, name)
			}
		}
	}
	if nbf, has := claims["nbf"].(float64); has && nbf > nowSec {
		return nil, fmt.Errorf("%w: not yet valid", ErrInvalidToken)
	}
	if exp, has := claims["exp"].(float64); has && exp <= nowSec {
		return nil, ErrTokenExpired
	}
	return claims, nil
}

// decodeJSONObject decodes a base64url segment holding a UTF-8 JSON object.
func decodeJSONObject(seg string) (map[string]any, error) {
	raw, err := b64url.DecodeString(seg)
	if err != nil {
		return nil, errors.New("bad base64url")
	}
	if !utf8.Valid(raw) {
		return nil, errors.New("invalid UTF-8")
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, errors.New("not a JSON object")
	}
	return m, nil
}
