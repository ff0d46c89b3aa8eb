package password_test

import (
	"context"
	"fmt"
	"log"

	"github.com/goauth-dev/goauth/authcore/password"
)

func ExampleNewHasher() {
	// At most 4 scrypt computations (about 32 MiB each) at once.
	h := password.NewHasher(4)
	ctx := context.Background()

	hash, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(hash), hash[32:33]) // "<32 hex salt>:<128 hex key>"

	ok, err := h.Verify(ctx, hash, "correct horse battery staple")
	fmt.Println(ok, err)

	// Better Auth throws on a malformed stored hash; here it is an error.
	_, err = h.Verify(ctx, "not-a-hash", "x")
	fmt.Println(err)

	// Output:
	// 161 :
	// true <nil>
	// password: malformed hash
}
