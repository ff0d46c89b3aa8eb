package cookie_test

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

var writeGoValues = flag.Bool("write-go-values", false,
	"rewrite testdata/go_values.json, then check it with scripts/fixtures/cookie-fixtures.mjs verify")

type goValue struct {
	Name       string `json:"name"`
	Strategy   string `json:"strategy"`
	Salt       string `json:"salt,omitempty"`
	Secret     string `json:"secret"`
	Value      string `json:"value"`
	ExpectUser string `json:"expectUser,omitempty"`
}

type goValues struct {
	Note   string    `json:"note"`
	Now    int64     `json:"now"`
	Values []goValue `json:"values"`
}

// TestWriteGoValues keeps testdata/go_values.json: Go-made cookie-cache values that
// Better Auth was checked to accept (see testdata/README.md). With
// -write-go-values it makes new ones; otherwise it checks that the stored ones
// still decode in Go.
func TestWriteGoValues(t *testing.T) {
	f := loadFixtures(t)
	now := f.now()
	secret := []byte(f.Secret)
	if *writeGoValues {
		tc := f.Cache[0]
		p := tc.payload()
		var vs []goValue
		add := func(name, strategy, salt, value string, err error) {
			if err != nil {
				t.Fatal(err)
			}
			vs = append(vs, goValue{Name: name, Strategy: strategy, Salt: salt, Secret: f.Secret, Value: value, ExpectUser: tc.UserJSON})
		}
		v, err := cookie.EncodeCompact(p, secret, now.Add(300*time.Second))
		add("go compact", "compact", "", v, err)
		v, err = cookie.EncodeJWT(p, secret, now, 300*time.Second)
		add("go jwt", "jwt", "", v, err)
		v, err = cookie.EncodeJWE(p, secret, now, 300*time.Second)
		add("go jwe", "jwe", "", v, err)
		big := p
		big.User = json.RawMessage(`{"id":"u","name":"big","bio":"` + repeat("y", 6000) + `"}`)
		v, err = cookie.EncodeJWE(big, secret, now, 300*time.Second)
		add("go jwe big", "jwe", "", v, err)
		vs[len(vs)-1].ExpectUser = string(big.User)
		v, err = cookie.EncryptJWT([]byte(`{"id":"acc","providerId":"github","accountId":"1"}`), secret, cookie.AccountSalt, now, 300*time.Second)
		add("go account jwe", "jwe", cookie.AccountSalt, v, err)
		vs[len(vs)-1].ExpectUser = ""
		out, err := json.MarshalIndent(goValues{
			Note:   "made by TestWriteGoValues -write-go-values; verified by scripts/fixtures/cookie-fixtures.mjs verify",
			Now:    f.Now,
			Values: vs,
		}, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/go_values.json", append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile("testdata/go_values.json")
	if err != nil {
		t.Fatal(err)
	}
	var gv goValues
	if err := json.Unmarshal(b, &gv); err != nil {
		t.Fatal(err)
	}
	if len(gv.Values) == 0 {
		t.Fatal("no values")
	}
	for _, v := range gv.Values {
		var err error
		var user json.RawMessage
		switch {
		case v.Salt == cookie.AccountSalt:
			_, _, err = cookie.DecryptJWT(v.Value, [][]byte{[]byte(v.Secret)}, v.Salt, now)
		case v.Strategy == "compact":
			var p cookie.CachePayload
			p, _, err = cookie.DecodeCompact(v.Value, []byte(v.Secret), now)
			user = p.User
		case v.Strategy == "jwt":
			var p cookie.CachePayload
			p, _, err = cookie.DecodeJWT(v.Value, []byte(v.Secret), now)
			user = p.User
		default:
			var p cookie.CachePayload
			p, _, err = cookie.DecodeJWE(v.Value, [][]byte{[]byte(v.Secret)}, now)
			user = p.User
		}
		if err != nil {
			t.Errorf("%s: %v", v.Name, err)
		}
		if v.ExpectUser != "" && string(user) != v.ExpectUser {
			t.Errorf("%s: user = %s, want %s", v.Name, user, v.ExpectUser)
		}
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}
