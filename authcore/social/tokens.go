package social

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/secret"
)

// TokenCipher stores OAuth tokens encrypted at rest when Encrypt is set
// (account.encryptOAuthTokens): XChaCha20-Poly1305 envelopes of the keyring.
//
// Better Auth: src/oauth2/utils.ts (setTokenUtil, decryptOAuthToken).
type TokenCipher struct {
	Keys    *secret.Keyring
	Encrypt bool
}

// Seal returns the value to store for token ("" stays "").
func (c TokenCipher) Seal(token string) (string, error) {
	if !c.Encrypt || token == "" {
		return token, nil
	}
	return c.Keys.Encrypt(token)
}

// Open returns the plain token of a stored value. Values that do not look encrypted
// ("$ba$…" envelopes or even-length hex) are returned as they are, so tokens stored
// before encryption was turned on keep working (spec 4.4).
func (c TokenCipher) Open(stored string) (string, error) {
	if !c.Encrypt || stored == "" || !likelyEncrypted(stored) {
		return stored, nil
	}
	return c.Keys.Decrypt(stored)
}

func likelyEncrypted(s string) bool {
	if strings.HasPrefix(s, "$ba$") {
		return true
	}
	if len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// accountCookieKey is the account_data cookie (account.storeAccountCookie).
const accountCookieKey = "account_data"

// accountCookieTTL is the account_data lifetime: 5 minutes, as Better Auth.
const accountCookieTTL = 5 * time.Minute

// SetAccountCookie writes acc into the account_data cookie: a JWE (dir,
// A256CBC-HS512) of the account row under a key derived with "better-auth-account",
// chunked above 4096 characters.
//
// Better Auth: src/cookies/session-store.ts (setAccountCookie).
func SetAccountCookie(io CookieIO, cfg cookie.Config, keys *secret.Keyring, acc model.Account, now time.Time) error {
	var b bytes.Buffer
	if err := model.WriteJSON(&b, acc.Map()); err != nil {
		return err
	}
	v, err := cookie.EncryptJWT(b.Bytes(), keys.Current(), cookie.AccountSalt, now, accountCookieTTL)
	if err != nil {
		return err
	}
	c := cfg.New(accountCookieKey, v, cookie.MaxAge(accountCookieTTL))
	for _, line := range cookie.SetChunked(io.CookieHeader(), c, cookie.AccountDataLimit) {
		io.SetCookie(line)
	}
	return nil
}

// ReadAccountCookie returns the account of a valid account_data cookie.
//
// Better Auth: src/cookies/session-store.ts (getAccountCookie).
func ReadAccountCookie(io CookieIO, cfg cookie.Config, keys *secret.Keyring, now time.Time) (*model.Account, bool) {
	v, ok := cookie.ReadChunked(io.Cookies(), cfg.Name(accountCookieKey))
	if !ok {
		return nil, false
	}
	var secrets [][]byte
	for _, s := range keys.Secrets() {
		secrets = append(secrets, []byte(s.Value))
	}
	if len(secrets) == 0 {
		secrets = [][]byte{keys.Current()}
	}
	claims, _, err := cookie.DecryptJWT(v, secrets, cookie.AccountSalt, now)
	if err != nil {
		return nil, false
	}
	var m map[string]any
	if json.Unmarshal(claims, &m) != nil {
		return nil, false
	}
	delete(m, "iat")
	delete(m, "exp")
	delete(m, "jti")
	a := model.AccountFromMap(m)
	if a.ID == "" && a.AccountID == "" {
		return nil, false
	}
	return &a, true
}

// CanLinkImplicitly is GoAuth's secure rule for attaching a provider account to an
// existing user found by email during sign-in: linking must be enabled and not
// implicit-disabled, the provider must be trusted or assert a verified email, and the
// local user's email must be verified (unless AllowUnverifiedLocalLinking).
//
// Better Auth: src/oauth2/link-account.ts (handleOAuthUserInfo); the local-verification
// gate is the fix Better Auth shipped after 1.6.9 (requireLocalEmailVerified).
func CanLinkImplicitly(l config.AccountLinking, providerID string, providerVerified, localVerified bool) bool {
	if l.Disabled || l.DisableImplicitLinking {
		return false
	}
	if !Trusted(l, providerID) && !providerVerified {
		return false
	}
	return localVerified || l.AllowUnverifiedLocalLinking
}

// CanLinkExplicitly is the rule for a signed-in user's link-social: linking enabled and
// the provider trusted or asserting a verified email.
//
// Better Auth: api/routes/account.ts (linkSocialAccount) and callback.ts (link flow).
func CanLinkExplicitly(l config.AccountLinking, providerID string, providerVerified bool) bool {
	if l.Disabled {
		return false
	}
	return Trusted(l, providerID) || providerVerified
}

// Trusted reports whether providerID is one of accountLinking.trustedProviders.
func Trusted(l config.AccountLinking, providerID string) bool {
	for _, p := range l.TrustedProviders {
		if p == providerID {
			return true
		}
	}
	return false
}
