package schema_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/schema"
)

// fieldSpec is the part of a field spec section 8.1 pins down.
type fieldSpec struct {
	Name                            string
	Type                            schema.FieldType
	Required, Unique, Index, Hidden bool
	Ref                             string // "model.field/onDelete" or ""
}

func specOf(t *schema.Table) []fieldSpec {
	out := make([]fieldSpec, len(t.Fields))
	for i, f := range t.Fields {
		out[i] = fieldSpec{Name: f.Name, Type: f.Type, Required: f.Required, Unique: f.Unique, Index: f.Index, Hidden: f.Hidden}
		if f.References != nil {
			out[i].Ref = f.References.Model + "." + f.References.Field + "/" + f.References.OnDelete
		}
	}
	return out
}

func TestCore(t *testing.T) {
	const S, D, B = schema.String, schema.Date, schema.Boolean
	const userFK = "user.id/cascade"
	want := map[string][]fieldSpec{
		"user": {
			{Name: "name", Type: S, Required: true},
			{Name: "email", Type: S, Required: true, Unique: true},
			{Name: "emailVerified", Type: B, Required: true},
			{Name: "image", Type: S},
			{Name: "createdAt", Type: D, Required: true},
			{Name: "updatedAt", Type: D, Required: true},
		},
		"session": {
			{Name: "expiresAt", Type: D, Required: true},
			{Name: "token", Type: S, Required: true, Unique: true},
			{Name: "createdAt", Type: D, Required: true},
			{Name: "updatedAt", Type: D, Required: true},
			{Name: "ipAddress", Type: S},
			{Name: "userAgent", Type: S},
			{Name: "userId", Type: S, Required: true, Index: true, Ref: userFK},
		},
		"account": {
			{Name: "accountId", Type: S, Required: true},
			{Name: "providerId", Type: S, Required: true},
			{Name: "userId", Type: S, Required: true, Index: true, Ref: userFK},
			{Name: "accessToken", Type: S, Hidden: true},
			{Name: "refreshToken", Type: S, Hidden: true},
			{Name: "idToken", Type: S, Hidden: true},
			{Name: "accessTokenExpiresAt", Type: D, Hidden: true},
			{Name: "refreshTokenExpiresAt", Type: D, Hidden: true},
			{Name: "scope", Type: S},
			{Name: "password", Type: S, Hidden: true},
			{Name: "createdAt", Type: D, Required: true},
			{Name: "updatedAt", Type: D, Required: true},
		},
		"verification": {
			{Name: "identifier", Type: S, Required: true, Index: true},
			{Name: "value", Type: S, Required: true},
			{Name: "expiresAt", Type: D, Required: true},
			{Name: "createdAt", Type: D, Required: true},
			{Name: "updatedAt", Type: D, Required: true},
		},
	}

	s := schema.Core()
	var models []string
	for _, tb := range s.Tables {
		models = append(models, tb.Model)
	}
	if diff := cmp.Diff([]string{"user", "session", "account", "verification"}, models); diff != "" {
		t.Fatalf("Core() tables (-want +got):\n%s", diff)
	}
	for i, tb := range s.Tables {
		if diff := cmp.Diff(want[tb.Model], specOf(tb)); diff != "" {
			t.Errorf("Core() %s fields (-want +got):\n%s", tb.Model, diff)
		}
		if tb.TableName() != tb.Model {
			t.Errorf("%s: TableName() = %q, want the model name", tb.Model, tb.TableName())
		}
		if i > 0 && tb.Order <= s.Tables[i-1].Order {
			t.Errorf("%s: Order %d is not after %s's %d (referenced tables must migrate first)",
				tb.Model, tb.Order, s.Tables[i-1].Model, s.Tables[i-1].Order)
		}
		for _, f := range tb.Fields {
			if f.Name == "id" {
				t.Errorf("%s lists an id field; adapters add it", tb.Model)
			}
		}
	}

	user, _ := s.Table("user")
	ev, _ := user.Field("emailVerified")
	if !ev.NoInput {
		t.Error("user.emailVerified is settable by clients, want input:false")
	}
	if ev.Default == nil || ev.Default() != false {
		t.Error("user.emailVerified has no default false")
	}
	for _, name := range []string{"name", "email"} {
		if f, _ := user.Field(name); !f.Sortable {
			t.Errorf("user.%s is not sortable", name)
		}
	}
}

func TestCoreIsFreshEachCall(t *testing.T) {
	a := schema.Core()
	a.Tables[0].Fields[0].Name = "changed"
	if b := schema.Core(); b.Tables[0].Fields[0].Name != "name" {
		t.Error("Core() shares state between calls")
	}
}

func TestTableAndFieldLookup(t *testing.T) {
	s := schema.Core()
	if _, ok := s.Table("nope"); ok {
		t.Error(`Table("nope") found a table`)
	}
	sess, ok := s.Table("session")
	if !ok {
		t.Fatal(`Table("session") not found`)
	}
	if _, ok := sess.Field("email"); ok {
		t.Error(`session.Field("email") found a field`)
	}
	f, ok := sess.Field("token")
	if !ok || f.Name != "token" {
		t.Fatalf(`session.Field("token") = %v, %v`, f, ok)
	}
	// Field returns a pointer into the table.
	f.Column = "session_token"
	if g, _ := sess.Field("token"); g.ColumnName() != "session_token" {
		t.Errorf("ColumnName() after edit = %q", g.ColumnName())
	}
}

func TestAddNewTable(t *testing.T) {
	s := schema.Core()
	fields := []schema.Field{{Name: "secret", Type: schema.String, Required: true}}
	if err := s.Add(schema.Table{Model: "twoFactor", Fields: fields, Order: 5}); err != nil {
		t.Fatal(err)
	}
	tb, ok := s.Table("twoFactor")
	if !ok {
		t.Fatal("added table not found")
	}
	if s.Tables[len(s.Tables)-1] != tb {
		t.Error("new table not appended last")
	}
	// The schema holds its own copy of the field slice.
	fields[0].Name = "mutated"
	if tb.Fields[0].Name != "secret" {
		t.Errorf("Add kept the caller's slice: field renamed to %q", tb.Fields[0].Name)
	}
}

func TestAddFieldsToExistingTable(t *testing.T) {
	s := schema.Core()
	err := s.Add(schema.Table{Model: "user", Name: "users", Fields: []schema.Field{
		{Name: "role", Type: schema.String},
		{Name: "banned", Type: schema.Boolean},
	}})
	if err != nil {
		t.Fatal(err)
	}
	user, _ := s.Table("user")
	var names []string
	for _, f := range user.Fields {
		names = append(names, f.Name)
	}
	want := []string{"name", "email", "emailVerified", "image", "createdAt", "updatedAt", "role", "banned"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("user fields after Add (-want +got):\n%s", diff)
	}
	if user.TableName() != "users" {
		t.Errorf("TableName() = %q, want users", user.TableName())
	}
	if len(s.Tables) != 4 {
		t.Errorf("Add to an existing model created a table: %d tables", len(s.Tables))
	}
}

func TestAddDuplicateField(t *testing.T) {
	s := schema.Core()
	err := s.Add(schema.Table{Model: "user", Fields: []schema.Field{
		{Name: "role", Type: schema.String},
		{Name: "email", Type: schema.String},
	}})
	if err == nil {
		t.Fatal("Add with an existing field name succeeded")
	}
	user, _ := s.Table("user")
	if _, ok := user.Field("role"); ok {
		t.Error("a failed Add left part of its fields in the table")
	}
	if err := s.Add(schema.Table{Model: "user", Fields: []schema.Field{
		{Name: "nick", Type: schema.String},
		{Name: "nick", Type: schema.String},
	}}); err == nil {
		t.Error("Add with the same new field twice succeeded")
	}
	if err := s.Add(schema.Table{Model: "passkey", Fields: []schema.Field{
		{Name: "publicKey", Type: schema.String},
		{Name: "publicKey", Type: schema.String},
	}}); err == nil {
		t.Error("Add of a new table with a field defined twice succeeded")
	}
	if _, ok := s.Table("passkey"); ok {
		t.Error("a failed Add of a new table added the table")
	}
}

func TestRename(t *testing.T) {
	s := schema.Core()
	if err := s.Rename("user", "users", map[string]string{"emailVerified": "email_verified", "createdAt": "created_at"}); err != nil {
		t.Fatal(err)
	}
	user, _ := s.Table("user")
	if user.TableName() != "users" {
		t.Errorf("TableName() = %q, want users", user.TableName())
	}
	for field, col := range map[string]string{"emailVerified": "email_verified", "createdAt": "created_at", "email": "email"} {
		f, _ := user.Field(field)
		if f.ColumnName() != col {
			t.Errorf("user.%s column = %q, want %q", field, f.ColumnName(), col)
		}
	}
	// An empty table name keeps the current one.
	if err := s.Rename("user", "", nil); err != nil {
		t.Fatal(err)
	}
	if user.TableName() != "users" {
		t.Errorf(`Rename with "" reset the table name to %q`, user.TableName())
	}
	if err := s.Rename("nope", "x", nil); err == nil {
		t.Error("Rename of an unknown model succeeded")
	}
	if err := s.Rename("user", "", map[string]string{"nope": "x"}); err == nil {
		t.Error("Rename of an unknown field succeeded")
	}
}

func TestCloneIndependence(t *testing.T) {
	orig := schema.Core()
	c := orig.Clone()
	if err := c.Rename("session", "sessions", map[string]string{"userId": "user_id"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Add(schema.Table{Model: "session", Fields: []schema.Field{{Name: "impersonatedBy", Type: schema.String}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Add(schema.Table{Model: "jwks"}); err != nil {
		t.Fatal(err)
	}

	sess, _ := orig.Table("session")
	if sess.TableName() != "session" {
		t.Errorf("clone rename leaked: original table name %q", sess.TableName())
	}
	if f, _ := sess.Field("userId"); f.ColumnName() != "userId" {
		t.Errorf("clone rename leaked: original column %q", f.ColumnName())
	}
	if _, ok := sess.Field("impersonatedBy"); ok {
		t.Error("field added to the clone appeared in the original")
	}
	if _, ok := orig.Table("jwks"); ok {
		t.Error("table added to the clone appeared in the original")
	}
	if len(orig.Tables) != 4 || len(c.Tables) != 5 {
		t.Errorf("tables: original %d, clone %d; want 4 and 5", len(orig.Tables), len(c.Tables))
	}
	if diff := cmp.Diff(specOf(orig.Tables[0]), specOf(c.Tables[0])); diff != "" {
		t.Errorf("clone differs from original for untouched table (-orig +clone):\n%s", diff)
	}
}
