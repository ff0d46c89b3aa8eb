package social_test

import (
	"context"
	"fmt"

	"github.com/goauth-dev/goauth/authcore/social"
)

// A built-in provider by id, as authcore.Options.SocialProviders builds it.
func ExampleNew() {
	p, err := social.New("github", social.Options{ClientID: "my-client-id", ClientSecret: "my-secret"})
	if err != nil {
		panic(err)
	}
	u, _ := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{
		State: "STATE", RedirectURI: "https://app.example/api/auth/callback/github",
	})
	fmt.Println(u)
	// Output: https://github.com/login/oauth/authorize?response_type=code&client_id=my-client-id&state=STATE&scope=read%3Auser+user%3Aemail&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fgithub
}

// Ids Better Auth does not have are refused: build those with NewOIDC.
func ExampleNew_unknown() {
	_, err := social.New("my-idp", social.Options{ClientID: "x"})
	fmt.Println(err)
	// Output: social: unknown provider "my-idp" (use NewOIDC or implement Provider)
}

// A provider with options of its own: Amazon Cognito needs its hosted UI domain, region
// and user pool (for ID-token verification).
func ExampleNew_cognito() {
	p, err := social.New("cognito", social.Options{
		ClientID: "my-client-id", ClientSecret: "my-secret",
		Domain: "my-app.auth.eu-west-1.amazoncognito.com", Region: "eu-west-1", UserPoolID: "eu-west-1_AbCdEf",
	})
	if err != nil {
		panic(err)
	}
	u, _ := p.AuthorizationURL(context.Background(), social.AuthorizationRequest{
		State: "STATE", RedirectURI: "https://app.example/api/auth/callback/cognito",
	})
	fmt.Println(u)
	// Output: https://my-app.auth.eu-west-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=my-client-id&state=STATE&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Fcognito&scope=openid%20profile%20email
}
