package authcore_test

import (
	"testing"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/kv/memkv"
)

// With secondary storage the session and verification tables are migrated only when
// those are also kept in the database, as Better Auth's getAuthTables decides; the models
// stay in the schema either way.
func TestSchemaWithSecondaryStorage(t *testing.T) {
	tests := []struct {
		name                      string
		configure                 func(*authcore.Options)
		wantSession, wantVerified bool // migrated
	}{
		{"database only", func(*authcore.Options) {}, true, true},
		{"secondary storage", func(o *authcore.Options) { o.SecondaryStorage = memkv.New() }, false, false},
		{"storeSessionInDatabase", func(o *authcore.Options) {
			o.SecondaryStorage = memkv.New()
			o.Session.StoreSessionInDatabase = true
		}, true, false},
		{"verification.storeInDatabase", func(o *authcore.Options) {
			o.SecondaryStorage = memkv.New()
			o.Verification.StoreInDatabase = true
		}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o authcore.Options
			tt.configure(&o)
			s, err := authcore.Schema(o)
			if err != nil {
				t.Fatal(err)
			}
			for model, want := range map[string]bool{"user": true, "account": true, "session": tt.wantSession, "verification": tt.wantVerified} {
				tbl, ok := s.Table(model)
				if !ok {
					t.Fatalf("model %q missing from the schema", model)
				}
				if got := !tbl.DisableMigration; got != want {
					t.Errorf("%s migrated = %v, want %v", model, got, want)
				}
			}
		})
	}
}
