package schema

import "time"

// Core returns Better Auth 1.6.9's four core tables (spec section 8.1). The caller owns the
// result and may rename tables, columns and add fields.
func Core() *Schema {
	cascade := func() *Reference { return &Reference{Model: "user", Field: "id", OnDelete: "cascade"} }
	// now is Better Auth's defaultValue: () => new Date(); SQL migrators turn it into a
	// CURRENT_TIMESTAMP column default.
	now := func() any { return time.Now().UTC().Truncate(time.Millisecond) }
	return &Schema{Tables: []*Table{
		{Model: "user", Order: 1, Fields: []Field{
			{Name: "name", Type: String, Required: true, Sortable: true},
			{Name: "email", Type: String, Required: true, Unique: true, Sortable: true},
			{Name: "emailVerified", Type: Boolean, Required: true, NoInput: true, Default: func() any { return false }},
			{Name: "image", Type: String},
			{Name: "createdAt", Type: Date, Required: true, Default: now},
			{Name: "updatedAt", Type: Date, Required: true, Default: now},
		}},
		{Model: "session", Order: 2, Fields: []Field{
			{Name: "expiresAt", Type: Date, Required: true},
			{Name: "token", Type: String, Required: true, Unique: true},
			{Name: "createdAt", Type: Date, Required: true, Default: now},
			{Name: "updatedAt", Type: Date, Required: true},
			{Name: "ipAddress", Type: String},
			{Name: "userAgent", Type: String},
			{Name: "userId", Type: String, Required: true, Index: true, References: cascade()},
		}},
		{Model: "account", Order: 3, Fields: []Field{
			{Name: "accountId", Type: String, Required: true},
			{Name: "providerId", Type: String, Required: true},
			{Name: "userId", Type: String, Required: true, Index: true, References: cascade()},
			{Name: "accessToken", Type: String, Hidden: true},
			{Name: "refreshToken", Type: String, Hidden: true},
			{Name: "idToken", Type: String, Hidden: true},
			{Name: "accessTokenExpiresAt", Type: Date, Hidden: true},
			{Name: "refreshTokenExpiresAt", Type: Date, Hidden: true},
			{Name: "scope", Type: String},
			{Name: "password", Type: String, Hidden: true},
			{Name: "createdAt", Type: Date, Required: true, Default: now},
			{Name: "updatedAt", Type: Date, Required: true},
		}},
		{Model: "verification", Order: 4, Fields: []Field{
			{Name: "identifier", Type: String, Required: true, Index: true},
			{Name: "value", Type: String, Required: true},
			{Name: "expiresAt", Type: Date, Required: true},
			{Name: "createdAt", Type: Date, Required: true, Default: now},
			{Name: "updatedAt", Type: Date, Required: true, Default: now},
		}},
	}}
}
