package cookie_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

func ExampleConfig_New() {
	cfg := cookie.Config{Secure: true}
	maxAge := 604800
	c := cfg.New("session_token", "token.signature=", &maxAge)
	fmt.Println(c)
	fmt.Println(cfg.Expire("session_token"))
	// Output:
	// __Secure-better-auth.session_token=token.signature%3D; Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax
	// __Secure-better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax
}

func ExampleParse() {
	m := cookie.Parse(`better-auth.session_token=abc.def%3D; theme="dark"; theme=light`)
	fmt.Println(m["better-auth.session_token"], m["theme"])
	// Output: abc.def= dark
}

func ExampleEncodeCompact() {
	secret := []byte("a-secret-of-at-least-32-characters!!")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := cookie.CachePayload{
		Session:   json.RawMessage(`{"id":"s1","token":"t","userId":"u1"}`),
		User:      json.RawMessage(`{"id":"u1","name":"Ann \u003cadmin\u003e"}`),
		UpdatedAt: now.UnixMilli(),
	}
	v, err := cookie.EncodeCompact(p, secret, now.Add(5*time.Minute))
	if err != nil {
		panic(err)
	}
	got, expiresAt, err := cookie.DecodeCompact(v, secret, now)
	fmt.Println(string(got.User), got.Version, expiresAt, err)
	// Output: {"id":"u1","name":"Ann <admin>"} 1 2026-01-01 00:05:00 +0000 UTC <nil>
}
