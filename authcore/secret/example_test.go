package secret_test

import (
	"fmt"
	"log"
	"time"

	"github.com/goauth-dev/goauth/authcore/secret"
)

func ExampleNew() {
	// BETTER_AUTH_SECRETS="2:<new>,1:<old>" plus the legacy BETTER_AUTH_SECRET.
	versions, err := secret.ParseVersions("2:4b1f0c2e9d8a7f6e5d4c3b2a19081726354a6b7c, 1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c")
	if err != nil {
		log.Fatal(err)
	}
	k, err := secret.New("legacy-secret-from-before-rotation-0123456789", versions)
	if err != nil {
		log.Fatal(err)
	}
	if err := secret.Check(string(k.Current())); err != nil {
		log.Print(err) // Better Auth warns, and refuses the default secret in production
	}

	// Signed cookie values use the current secret only.
	signed := k.SignValue("Xq7bT2mK9pL4vN8cR1sD6fG3hJ5kW0aZ")
	raw, ok := k.VerifyValue(signed)
	fmt.Println(raw, ok)

	// Encryption is tagged with the current version; older versions still decrypt.
	ct, _ := k.Encrypt("oauth-access-token")
	pt, _ := k.Decrypt(ct)
	fmt.Println(ct[:6], pt)

	// Email-verification style JWTs.
	now := time.Unix(1767225600, 0)
	tok, _ := k.SignJWT(map[string]any{"email": "ada@example.com"}, now, time.Hour)
	claims, err := k.VerifyJWT(tok, now.Add(30*time.Minute))
	fmt.Println(claims["email"], err)
	_, err = k.VerifyJWT(tok, now.Add(time.Hour))
	fmt.Println(err)

	// Output:
	// Xq7bT2mK9pL4vN8cR1sD6fG3hJ5kW0aZ true
	// $ba$2$ oauth-access-token
	// ada@example.com <nil>
	// secret: token expired
}
