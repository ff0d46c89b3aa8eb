package cookie

import "time"

// DefaultPrefix is Better Auth's default cookiePrefix.
const DefaultPrefix = "better-auth"

// PartialAttributes is a partial set of attributes laid over others, like a
// JavaScript object spread of Partial<CookieOptions>: nil fields leave the
// attribute alone. Setting a field to its "off" value removes it, because
// better-call renders only truthy values: Domain, Path or SameSite "", MaxAge -1,
// a zero Expires, false booleans.
type PartialAttributes struct {
	// Each field, when not nil, replaces the [Attributes] field of the same name.
	MaxAge      *int
	Expires     *time.Time
	Domain      *string
	Path        *string
	HTTPOnly    *bool
	Secure      *bool
	SameSite    *string
	Partitioned *bool
}

// apply lays p over a.
func (p PartialAttributes) apply(a *Attributes) {
	if p.MaxAge != nil {
		a.MaxAge = intPtr(*p.MaxAge)
	}
	if p.Expires != nil {
		a.Expires = *p.Expires
	}
	if p.Domain != nil {
		a.Domain = *p.Domain
	}
	if p.Path != nil {
		a.Path = *p.Path
	}
	if p.HTTPOnly != nil {
		a.HTTPOnly = *p.HTTPOnly
	}
	if p.Secure != nil {
		a.Secure = *p.Secure
	}
	if p.SameSite != nil {
		a.SameSite = *p.SameSite
	}
	if p.Partitioned != nil {
		a.Partitioned = *p.Partitioned
	}
}

func intPtr(n int) *int { return &n }

// Override customises one cookie: Better Auth's advanced.cookies[key].
type Override struct {
	// Name replaces "<prefix>.<key>" when not empty. The secure prefix is still
	// prepended when secure cookies are on.
	Name string
	// Attributes are laid over everything else.
	Attributes PartialAttributes
}

// Config decides cookie names and default attributes, as Better Auth's
// createCookieGetter does. The zero value is Better Auth's default for an http
// base URL outside production.
//
// SECURITY: DefaultAttributes and Overrides apply to the session cookies too, so
// they can drop HttpOnly or Secure, widen Path or Domain, or set SameSite=None,
// exactly as in Better Auth; nothing here second-guesses them.
//
// Better Auth: src/cookies/index.ts (createCookieGetter, getCookies).
type Config struct {
	// Prefix is advanced.cookiePrefix; "" means [DefaultPrefix].
	Prefix string
	// Secure prepends "__Secure-" to every name and sets the Secure attribute.
	// Better Auth turns it on from advanced.useSecureCookies, else an https base
	// URL, else NODE_ENV=production; resolving that is the caller's job.
	Secure bool
	// CrossSubDomain is advanced.crossSubDomainCookies.enabled: every cookie gets
	// Domain (when Domain is not empty).
	CrossSubDomain bool
	// Domain is crossSubDomainCookies.domain, or the base URL's host name when that
	// is unset (the caller resolves it). Ignored unless CrossSubDomain is set.
	Domain string
	// DefaultAttributes is advanced.defaultCookieAttributes, laid over the built-in
	// defaults of every cookie.
	DefaultAttributes PartialAttributes
	// Overrides is advanced.cookies, by cookie key ("session_token", ...).
	Overrides map[string]Override
}

// Name returns the cookie name for key: the override name if any, else
// "<prefix>.<key>"; with "__Secure-" in front when c.Secure is set. For example
// "session_token" gives "better-auth.session_token" or
// "__Secure-better-auth.session_token".
func (c Config) Name(key string) string {
	name := c.Overrides[key].Name
	if name == "" {
		prefix := c.Prefix
		if prefix == "" {
			prefix = DefaultPrefix
		}
		name = prefix + "." + key
	}
	if c.Secure {
		return SecurePrefix + name
	}
	return name
}

// Attributes returns the attributes of the cookie for key, merged in Better Auth's
// order: Secure (per c.Secure), SameSite=Lax, Path=/, HttpOnly, Domain (with
// CrossSubDomain) → c.DefaultAttributes → maxAge (when not nil) → the key's
// override attributes.
//
// maxAge is the per-cookie value Better Auth passes to createCookie
// (session_token: session.expiresIn; session_data and account_data:
// cookieCache.maxAge or 300; none for dont_remember). Some writers set Max-Age
// again after this merge (setSessionCookie uses session.expiresIn, or no Max-Age
// with dontRememberMe, even over an override); they must assign the MaxAge field
// of the result themselves.
func (c Config) Attributes(key string, maxAge *int) Attributes {
	a := Attributes{
		Secure:   c.Secure,
		SameSite: "Lax",
		Path:     "/",
		HTTPOnly: true,
	}
	if c.CrossSubDomain {
		a.Domain = c.Domain
	}
	c.DefaultAttributes.apply(&a)
	if maxAge != nil {
		a.MaxAge = intPtr(*maxAge)
	}
	c.Overrides[key].Attributes.apply(&a)
	return a
}

// New returns the cookie for key with the given raw value (see [Config.Attributes]
// for maxAge).
func (c Config) New(key, value string, maxAge *int) Cookie {
	return Cookie{Name: c.Name(key), Value: value, Attributes: c.Attributes(key, maxAge)}
}

// Expire returns the cookie that deletes key's cookie: its attributes, an empty
// value and Max-Age=0 (Better Auth's expireCookie).
func (c Config) Expire(key string) Cookie {
	ck := c.New(key, "", nil)
	ck.MaxAge = intPtr(0)
	return ck
}
