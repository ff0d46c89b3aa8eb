package model

import "time"

// MarshalJSON renders the user as Better Auth does (core fields, then additional fields).
func (u User) MarshalJSON() ([]byte, error) { return u.AppendJSON(make([]byte, 0, 256)) }

// AppendJSON appends the user's JSON, as MarshalJSON renders it, to dst.
func (u *User) AppendJSON(dst []byte) ([]byte, error) {
	var o object
	o.open(dst)
	o.str("id", u.ID)
	o.str("name", u.Name)
	o.str("email", u.Email)
	o.boolean("emailVerified", u.EmailVerified)
	o.strPtr("image", u.Image)
	o.time("createdAt", u.CreatedAt)
	o.time("updatedAt", u.UpdatedAt)
	o.fields(u.Fields, isUserCore)
	return o.done()
}

// MarshalJSON renders the session as Better Auth does.
func (s Session) MarshalJSON() ([]byte, error) { return s.AppendJSON(make([]byte, 0, 384)) }

// AppendJSON appends the session's JSON, as MarshalJSON renders it, to dst.
func (s *Session) AppendJSON(dst []byte) ([]byte, error) {
	var o object
	o.open(dst)
	o.str("id", s.ID)
	o.time("expiresAt", s.ExpiresAt)
	o.str("token", s.Token)
	o.time("createdAt", s.CreatedAt)
	o.time("updatedAt", s.UpdatedAt)
	o.strPtr("ipAddress", s.IPAddress)
	o.strPtr("userAgent", s.UserAgent)
	o.str("userId", s.UserID)
	o.fields(s.Fields, isSessionCore)
	return o.done()
}

// MarshalJSON renders the verification row.
func (v Verification) MarshalJSON() ([]byte, error) {
	var o object
	o.open(make([]byte, 0, 256))
	o.str("id", v.ID)
	o.str("identifier", v.Identifier)
	o.str("value", v.Value)
	o.time("expiresAt", v.ExpiresAt)
	o.time("createdAt", v.CreatedAt)
	o.time("updatedAt", v.UpdatedAt)
	return o.done()
}

func isUserCore(k string) bool {
	switch k {
	case "id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt":
		return true
	}
	return false
}

func isSessionCore(k string) bool {
	switch k {
	case "id", "expiresAt", "token", "createdAt", "updatedAt", "ipAddress", "userAgent", "userId":
		return true
	}
	return false
}

func isAccountCore(k string) bool {
	switch k {
	case "id", "accountId", "providerId", "userId", "accessToken", "refreshToken", "idToken",
		"accessTokenExpiresAt", "refreshTokenExpiresAt", "scope", "password", "createdAt", "updatedAt":
		return true
	}
	return false
}

// UserFromMap builds a User from a record keyed by logical field names. Unknown keys go
// to Fields.
func UserFromMap(m map[string]any) User {
	u := User{
		ID:            str(m["id"]),
		Name:          str(m["name"]),
		Email:         str(m["email"]),
		EmailVerified: boolean(m["emailVerified"]),
		Image:         strPtr(m["image"]),
		CreatedAt:     date(m["createdAt"]),
		UpdatedAt:     date(m["updatedAt"]),
	}
	u.Fields = extra(m, isUserCore)
	return u
}

// Map returns the user as a record keyed by logical field names.
func (u User) Map() map[string]any {
	m := make(map[string]any, 7+len(u.Fields))
	for k, v := range u.Fields {
		m[k] = v
	}
	m["id"] = u.ID
	m["name"] = u.Name
	m["email"] = u.Email
	m["emailVerified"] = u.EmailVerified
	m["image"] = ptrValue(u.Image)
	m["createdAt"] = u.CreatedAt
	m["updatedAt"] = u.UpdatedAt
	return m
}

// SessionFromMap builds a Session from a record keyed by logical field names.
func SessionFromMap(m map[string]any) Session {
	s := Session{
		ID:        str(m["id"]),
		Token:     str(m["token"]),
		UserID:    str(m["userId"]),
		ExpiresAt: date(m["expiresAt"]),
		CreatedAt: date(m["createdAt"]),
		UpdatedAt: date(m["updatedAt"]),
		IPAddress: strPtr(m["ipAddress"]),
		UserAgent: strPtr(m["userAgent"]),
	}
	s.Fields = extra(m, isSessionCore)
	return s
}

// Map returns the session as a record keyed by logical field names.
func (s Session) Map() map[string]any {
	m := make(map[string]any, 8+len(s.Fields))
	for k, v := range s.Fields {
		m[k] = v
	}
	m["id"] = s.ID
	m["token"] = s.Token
	m["userId"] = s.UserID
	m["expiresAt"] = s.ExpiresAt
	m["createdAt"] = s.CreatedAt
	m["updatedAt"] = s.UpdatedAt
	m["ipAddress"] = ptrValue(s.IPAddress)
	m["userAgent"] = ptrValue(s.UserAgent)
	return m
}

// AccountFromMap builds an Account from a record keyed by logical field names.
func AccountFromMap(m map[string]any) Account {
	a := Account{
		ID:                    str(m["id"]),
		AccountID:             str(m["accountId"]),
		ProviderID:            str(m["providerId"]),
		UserID:                str(m["userId"]),
		AccessToken:           strPtr(m["accessToken"]),
		RefreshToken:          strPtr(m["refreshToken"]),
		IDToken:               strPtr(m["idToken"]),
		AccessTokenExpiresAt:  datePtr(m["accessTokenExpiresAt"]),
		RefreshTokenExpiresAt: datePtr(m["refreshTokenExpiresAt"]),
		Scope:                 strPtr(m["scope"]),
		Password:              strPtr(m["password"]),
		CreatedAt:             date(m["createdAt"]),
		UpdatedAt:             date(m["updatedAt"]),
	}
	a.Fields = extra(m, isAccountCore)
	return a
}

// Map returns the account as a record keyed by logical field names.
func (a Account) Map() map[string]any {
	m := make(map[string]any, 13+len(a.Fields))
	for k, v := range a.Fields {
		m[k] = v
	}
	m["id"] = a.ID
	m["accountId"] = a.AccountID
	m["providerId"] = a.ProviderID
	m["userId"] = a.UserID
	m["accessToken"] = ptrValue(a.AccessToken)
	m["refreshToken"] = ptrValue(a.RefreshToken)
	m["idToken"] = ptrValue(a.IDToken)
	m["accessTokenExpiresAt"] = timePtrValue(a.AccessTokenExpiresAt)
	m["refreshTokenExpiresAt"] = timePtrValue(a.RefreshTokenExpiresAt)
	m["scope"] = ptrValue(a.Scope)
	m["password"] = ptrValue(a.Password)
	m["createdAt"] = a.CreatedAt
	m["updatedAt"] = a.UpdatedAt
	return m
}

// VerificationFromMap builds a Verification from a record keyed by logical field names.
func VerificationFromMap(m map[string]any) Verification {
	return Verification{
		ID:         str(m["id"]),
		Identifier: str(m["identifier"]),
		Value:      str(m["value"]),
		ExpiresAt:  date(m["expiresAt"]),
		CreatedAt:  date(m["createdAt"]),
		UpdatedAt:  date(m["updatedAt"]),
	}
}

// Map returns the verification as a record keyed by logical field names.
func (v Verification) Map() map[string]any {
	return map[string]any{
		"id": v.ID, "identifier": v.Identifier, "value": v.Value,
		"expiresAt": v.ExpiresAt, "createdAt": v.CreatedAt, "updatedAt": v.UpdatedAt,
	}
}

func extra(m map[string]any, core func(string) bool) map[string]any {
	var out map[string]any
	for k, v := range m {
		if core(k) {
			continue
		}
		if out == nil {
			out = make(map[string]any)
		}
		out[k] = v
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strPtr(v any) *string {
	switch x := v.(type) {
	case string:
		return &x
	case *string:
		return x
	}
	return nil
}

func boolean(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	case int:
		return x != 0
	case float64:
		return x != 0
	}
	return false
}

func date(v any) time.Time {
	switch x := v.(type) {
	case time.Time:
		return x
	case *time.Time:
		if x != nil {
			return *x
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t
		}
	}
	return time.Time{}
}

func datePtr(v any) *time.Time {
	if v == nil {
		return nil
	}
	if p, ok := v.(*time.Time); ok {
		return p
	}
	t := date(v)
	if t.IsZero() {
		return nil
	}
	return &t
}

func ptrValue(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func timePtrValue(p *time.Time) any {
	if p == nil {
		return nil
	}
	return *p
}
