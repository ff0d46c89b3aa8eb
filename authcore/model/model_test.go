package model_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/model"
)

// A time in a non-UTC zone with sub-millisecond digits: rendering must convert to UTC
// and cut (not round) to milliseconds, as Date#toISOString does.
var (
	berlin  = time.FixedZone("CET", 3600)
	created = time.Date(2024, 1, 2, 4, 4, 5, 678_900_000, berlin) // 03:04:05.6789Z
	updated = time.Date(2024, 12, 31, 23, 59, 59, 1_000_000, time.UTC)
)

func ptr[T any](v T) *T { return &v }

// encode renders v the way GoAuth's pipeline writes response bodies: an Encoder with
// HTML escaping off (json.Marshal would escape <, > and & in MarshalJSON output).
func encode(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatalf("Encode(%T): %v", v, err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func TestUserMarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		u    model.User
		want string
	}{
		{
			name: "image null, dates in UTC with milliseconds",
			u: model.User{
				ID: "u1", Name: "Ada", Email: "ada@example.com",
				CreatedAt: created, UpdatedAt: updated,
			},
			want: `{"id":"u1","name":"Ada","email":"ada@example.com","emailVerified":false,"image":null,` +
				`"createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-12-31T23:59:59.001Z"}`,
		},
		{
			name: "image set, fields sorted after core fields, core names in Fields ignored",
			u: model.User{
				ID: "u2", Name: "Bob", Email: "bob@example.com", EmailVerified: true,
				Image:     ptr("https://img.example/b.png?a=1&b=2"),
				CreatedAt: created, UpdatedAt: updated,
				Fields: map[string]any{
					"zeta": 1, "alpha": "x", "role": nil, "tags": []string{"a", "b"},
					"id": "shadow", "email": "shadow",
				},
			},
			want: `{"id":"u2","name":"Bob","email":"bob@example.com","emailVerified":true,` +
				`"image":"https://img.example/b.png?a=1&b=2",` +
				`"createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-12-31T23:59:59.001Z",` +
				`"alpha":"x","role":null,"tags":["a","b"],"zeta":1}`,
		},
		{
			name: "strings escaped like JSON.stringify",
			u: model.User{
				ID: "u3", Name: "<b>Tom & \"Jerry\"</b>\\", Email: "a\u0001b\x1f\n\t\r\b\f\u2028\u2029\x7f",
				CreatedAt: created, UpdatedAt: updated,
				Fields: map[string]any{"bio": "<script>\u2028</script>\u0002"},
			},
			want: `{"id":"u3","name":"<b>Tom & \"Jerry\"</b>\\","email":"a\u0001b\u001f\n\t\r\b\f` +
				"\u2028\u2029\x7f" + `","emailVerified":false,"image":null,` +
				`"createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-12-31T23:59:59.001Z",` +
				`"bio":"<script>` + "\u2028" + `</script>\u0002"}`,
		},
		{
			name: "nested field values follow JSON.stringify too",
			u: model.User{
				ID: "u4", Name: "n", Email: "e",
				CreatedAt: created, UpdatedAt: updated,
				Fields: map[string]any{
					"meta": map[string]any{"html": "<a&b>", "sep": "x\u2028y\u2029z", "ctl": "\u0003", "esc": `\u2028`},
					"when": updated,
				},
			},
			want: `{"id":"u4","name":"n","email":"e","emailVerified":false,"image":null,` +
				`"createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-12-31T23:59:59.001Z",` +
				`"meta":{"ctl":"\u0003","esc":"\\u2028","html":"<a&b>","sep":"x` + "\u2028" + `y` + "\u2029" + `z"},` +
				`"when":"2024-12-31T23:59:59.001Z"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.u.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("MarshalJSON mismatch (-want +got):\n%s", diff)
			}
			// The pipeline encodes responses with SetEscapeHTML(false); the bytes must
			// survive that encoder unchanged.
			if diff := cmp.Diff(tt.want, encode(t, tt.u)); diff != "" {
				t.Errorf("Encoder without HTML escaping changed the bytes (-want +got):\n%s", diff)
			}
			if !json.Valid(got) {
				t.Errorf("output is not valid JSON: %s", got)
			}
		})
	}
}

func TestSessionMarshalJSON(t *testing.T) {
	s := model.Session{
		ID: "s1", Token: "tok", UserID: "u1",
		ExpiresAt: updated, CreatedAt: created, UpdatedAt: created,
		IPAddress: ptr("127.0.0.1"),
		Fields:    map[string]any{"impersonatedBy": nil, "activeOrganizationId": "org<1>", "token": "shadow"},
	}
	want := `{"id":"s1","expiresAt":"2024-12-31T23:59:59.001Z","token":"tok",` +
		`"createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-01-02T03:04:05.678Z",` +
		`"ipAddress":"127.0.0.1","userAgent":null,"userId":"u1",` +
		`"activeOrganizationId":"org<1>","impersonatedBy":null}`
	if diff := cmp.Diff(want, encode(t, s)); diff != "" {
		t.Errorf("encoded session mismatch (-want +got):\n%s", diff)
	}
}

func TestVerificationMarshalJSON(t *testing.T) {
	v := model.Verification{
		ID: "v1", Identifier: "reset-password:abc", Value: `{"a":"<&>"}`,
		ExpiresAt: updated, CreatedAt: created, UpdatedAt: created,
	}
	want := `{"id":"v1","identifier":"reset-password:abc","value":"{\"a\":\"<&>\"}",` +
		`"expiresAt":"2024-12-31T23:59:59.001Z","createdAt":"2024-01-02T03:04:05.678Z",` +
		`"updatedAt":"2024-01-02T03:04:05.678Z"}`
	if diff := cmp.Diff(want, encode(t, v)); diff != "" {
		t.Errorf("encoded verification mismatch (-want +got):\n%s", diff)
	}
}

func TestMarshalJSONUnencodableField(t *testing.T) {
	u := model.User{ID: "u", Fields: map[string]any{"bad": make(chan int)}}
	if _, err := json.Marshal(u); err == nil {
		t.Error("json.Marshal(user with a channel field) succeeded, want an error")
	}
}

func TestFormatTimeAndNow(t *testing.T) {
	if got, want := model.FormatTime(created), "2024-01-02T03:04:05.678Z"; got != want {
		t.Errorf("FormatTime = %q, want %q", got, want)
	}
	n := model.Now(created)
	if n.Location() != time.UTC || n.Nanosecond() != 678_000_000 || !n.Equal(created.Truncate(time.Millisecond)) {
		t.Errorf("Now(%v) = %v, want UTC truncated to ms", created, n)
	}
}

func TestWriteJSON(t *testing.T) {
	tm := time.Date(2025, 5, 6, 7, 8, 9, 10_000_000, time.UTC)
	tests := []struct {
		v    any
		want string
	}{
		{nil, `null`},
		{"a<b>\u2028", "\"a<b>\u2028\""},
		{tm, `"2025-05-06T07:08:09.010Z"`},
		{&tm, `"2025-05-06T07:08:09.010Z"`},
		{(*time.Time)(nil), `null`},
		{42, `42`},
		{1.5, `1.5`},
		{true, `true`},
		{[]any{"<", 1, nil}, `["<",1,null]`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		buf.WriteString("x")
		if err := model.WriteJSON(&buf, tt.v); err != nil {
			t.Errorf("WriteJSON(%#v): %v", tt.v, err)
			continue
		}
		if got := buf.String(); got != "x"+tt.want {
			t.Errorf("WriteJSON(%#v) wrote %q, want %q", tt.v, got, "x"+tt.want)
		}
	}
}

func TestUserMapRoundTrip(t *testing.T) {
	u := model.User{
		ID: "u1", Name: "Ada", Email: "ada@example.com", EmailVerified: true,
		Image:     ptr("img"),
		CreatedAt: created, UpdatedAt: updated,
		Fields: map[string]any{"role": "admin", "banned": false},
	}
	got := model.UserFromMap(u.Map())
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("UserFromMap(u.Map()) mismatch (-want +got):\n%s", diff)
	}

	bare := model.User{ID: "u2", CreatedAt: created, UpdatedAt: updated}
	m := bare.Map()
	if v, ok := m["image"]; !ok || v != nil {
		t.Errorf(`Map()["image"] = %v, %v; want nil, true`, v, ok)
	}
	if diff := cmp.Diff(bare, model.UserFromMap(m)); diff != "" {
		t.Errorf("round trip without image/fields mismatch (-want +got):\n%s", diff)
	}
}

func TestUserFromMapCoercions(t *testing.T) {
	img := "p"
	tests := []struct {
		name string
		in   map[string]any
		want model.User
	}{
		{
			name: "string dates and int64 boolean",
			in: map[string]any{
				"id": "u", "emailVerified": int64(1),
				"createdAt": "2024-01-02T03:04:05.678Z", "updatedAt": "2024-01-02T04:04:05.678+01:00",
			},
			want: model.User{
				ID: "u", EmailVerified: true,
				CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC),
				UpdatedAt: time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC),
			},
		},
		{
			name: "int zero is false, *string image, *time.Time date",
			in:   map[string]any{"emailVerified": 0, "image": &img, "createdAt": &created},
			want: model.User{Image: &img, CreatedAt: created},
		},
		{
			name: "int and float64 one are true",
			in:   map[string]any{"emailVerified": 1.0},
			want: model.User{EmailVerified: true},
		},
		{
			name: "garbage becomes zero values",
			in:   map[string]any{"id": 7, "emailVerified": "true", "createdAt": "yesterday", "image": 3},
			want: model.User{},
		},
		{
			name: "unknown keys go to Fields",
			in:   map[string]any{"id": "u", "nickname": "n"},
			want: model.User{ID: "u", Fields: map[string]any{"nickname": "n"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, model.UserFromMap(tt.in)); diff != "" {
				t.Errorf("UserFromMap mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if got := model.UserFromMap(map[string]any{"emailVerified": int(2)}); !got.EmailVerified {
		t.Error("emailVerified int(2) gave false, want true")
	}
}

func TestUserJSONRoundTrip(t *testing.T) {
	u := model.User{
		ID: "u1", Name: "Ada", Email: "ada@example.com", EmailVerified: true,
		CreatedAt: created.UTC().Truncate(time.Millisecond), UpdatedAt: updated,
		Fields: map[string]any{"score": 1.5, "nick": "a"},
	}
	raw, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(u, model.UserFromMap(m)); diff != "" {
		t.Errorf("UserFromMap(JSON) mismatch (-want +got):\n%s", diff)
	}
}

func TestSessionMapRoundTrip(t *testing.T) {
	s := model.Session{
		ID: "s", Token: "t", UserID: "u",
		ExpiresAt: updated, CreatedAt: created, UpdatedAt: created,
		IPAddress: ptr("::1"), UserAgent: ptr("ua"),
		Fields: map[string]any{"activeOrganizationId": "o"},
	}
	if diff := cmp.Diff(s, model.SessionFromMap(s.Map())); diff != "" {
		t.Errorf("SessionFromMap(s.Map()) mismatch (-want +got):\n%s", diff)
	}
	// Through JSON: dates come back as strings.
	s.CreatedAt = s.CreatedAt.UTC().Truncate(time.Millisecond)
	s.UpdatedAt = s.CreatedAt
	raw, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, model.SessionFromMap(m)); diff != "" {
		t.Errorf("SessionFromMap(JSON) mismatch (-want +got):\n%s", diff)
	}
	if m := (model.Session{}).Map(); m["ipAddress"] != nil || m["userAgent"] != nil {
		t.Errorf("Map of a session without IP/UA = %v, want nil values", m)
	}
}

func TestAccountMapRoundTrip(t *testing.T) {
	exp := updated
	a := model.Account{
		ID: "a", AccountID: "acc", ProviderID: "credential", UserID: "u",
		AccessToken: ptr("at"), AccessTokenExpiresAt: &exp, Password: ptr("salt:hash"),
		CreatedAt: created, UpdatedAt: created,
		Fields: map[string]any{"extra": int64(3)},
	}
	if diff := cmp.Diff(a, model.AccountFromMap(a.Map())); diff != "" {
		t.Errorf("AccountFromMap(a.Map()) mismatch (-want +got):\n%s", diff)
	}
	got := model.AccountFromMap(map[string]any{
		"refreshTokenExpiresAt": "2024-12-31T23:59:59.001Z",
		"accessTokenExpiresAt":  "not a date",
		"idToken":               nil,
	})
	want := model.Account{RefreshTokenExpiresAt: &exp}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AccountFromMap coercions mismatch (-want +got):\n%s", diff)
	}
}

func TestVerificationMapRoundTrip(t *testing.T) {
	v := model.Verification{ID: "v", Identifier: "i", Value: "x", ExpiresAt: updated, CreatedAt: created, UpdatedAt: created}
	if diff := cmp.Diff(v, model.VerificationFromMap(v.Map())); diff != "" {
		t.Errorf("VerificationFromMap(v.Map()) mismatch (-want +got):\n%s", diff)
	}
	got := model.VerificationFromMap(map[string]any{"expiresAt": "2024-12-31T23:59:59.001Z"})
	if !got.ExpiresAt.Equal(updated) {
		t.Errorf("string expiresAt parsed as %v, want %v", got.ExpiresAt, updated)
	}
}
