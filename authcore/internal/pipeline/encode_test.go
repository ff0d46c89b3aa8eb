package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/model"
)

// stdJSON is what the pipeline wrote before the encoding plans: encoding/json with HTML
// escaping off.
func stdJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

type (
	flat struct {
		B     bool    `json:"b"`
		S     string  `json:"s"`
		I     int     `json:"i"`
		I8    int8    `json:"i8"`
		U     uint64  `json:"u"`
		PB    *bool   `json:"pb"`
		PS    *string `json:"ps,omitempty"`
		OB    bool    `json:"ob,omitempty"`
		OS    string  `json:"os,omitempty"`
		OI    int     `json:"oi,omitempty"`
		NoTag string
		Skip  string        `json:"-"`
		dash  string        // unexported: never encoded
		Named apierror.Code `json:"code"`
	}
	withRecords struct {
		Session  model.Session   `json:"session"`
		User     model.User      `json:"user"`
		PUser    *model.User     `json:"pUser"`
		NilUser  *model.User     `json:"nilUser"`
		OmitUser *model.User     `json:"omitUser,omitempty"`
		List     []model.Session `json:"list"`
		NilList  []model.Session `json:"nilList"`
		OmitList []string        `json:"omitList,omitempty"`
		Strs     []string        `json:"strs"`
		Any      any             `json:"any"`
		NilAny   any             `json:"nilAny"`
		OmitAny  any             `json:"omitAny,omitempty"`
		Needs    *bool           `json:"needsRefresh,omitempty"`
		Inner    inner           `json:"inner"`
		PInner   *inner          `json:"pInner"`
	}
	inner struct {
		X string `json:"x"`
		Y []int  `json:"y"`
	}
	// Types the plans leave to encoding/json.
	withFloat struct {
		F float64 `json:"f"`
	}
	withMap struct {
		M map[string]any `json:"m"`
	}
	embedded struct {
		inner
		Z string `json:"z"`
	}
	stringOpt struct {
		N int `json:"n,string"`
	}
	oddName struct {
		A string `json:"a-b"`
		B string `json:"$x"`
	}
	withBytes struct {
		B []byte `json:"b"`
	}
	withTime struct {
		T time.Time `json:"t"`
	}
	marshaler     struct{ V string }
	withMarshaler struct {
		M  marshaler  `json:"m"`
		PM *marshaler `json:"pm"`
	}
	recursive struct {
		Name string     `json:"name"`
		Next *recursive `json:"next"`
	}
	arr struct {
		A [2]string `json:"a"`
	}
	ifaceMethods struct {
		E error `json:"e"`
	}
)

// dupTags is a struct with two fields named "a" (encoding/json drops both), built at run
// time so that vet does not reject the test.
func dupTags() any {
	t := reflect.StructOf([]reflect.StructField{
		{Name: "A", Type: reflect.TypeFor[string](), Tag: `json:"a"`},
		{Name: "B", Type: reflect.TypeFor[string](), Tag: `json:"a"`},
		{Name: "C", Type: reflect.TypeFor[string](), Tag: `json:"c"`},
	})
	v := reflect.New(t).Elem()
	v.Field(0).SetString("a")
	v.Field(2).SetString("c")
	return v.Interface()
}

func (m marshaler) MarshalJSON() ([]byte, error) { return []byte(` { "v" : "` + m.V + `" } `), nil }

var weird = "q\"b\\s/c\x01\x1f\b\f\n\r\t<>&\u2028\u2029é\xff\xfe😀\x7f"

func encodeCases() []any {
	tr, s := true, weird
	sess := model.Session{ID: "s1", Token: "t", UserID: "u", ExpiresAt: time.Date(2024, 1, 2, 3, 4, 5, 6e6, time.UTC),
		IPAddress: &s, Fields: map[string]any{"x": weird, "n": 1.5}}
	user := model.User{ID: "u", Name: weird, Email: "a@b.co", Image: &s, Fields: map[string]any{"role": "admin"}}
	return []any{
		nil, true, "str", weird, 42, -7, uint(3), 1.5, []string{"a", weird}, []string(nil), map[string]int{"b": 1, "a": 2},
		flat{}, flat{B: true, S: weird, I: -1, I8: 5, U: 9, PB: &tr, PS: &s, OB: true, OS: "x", OI: 3, NoTag: "n", Skip: "k", dash: "d", Named: "CODE"},
		&flat{S: "p"}, (*flat)(nil),
		withRecords{}, &withRecords{},
		withRecords{Session: sess, User: user, PUser: &user, OmitUser: &user, List: []model.Session{sess, {}}, NilList: nil,
			OmitList: []string{"x"}, Strs: []string{}, Any: map[string]any{"k": []any{1.5, "x", nil}}, OmitAny: 1,
			Needs: &tr, Inner: inner{X: "x", Y: []int{1, 2}}, PInner: &inner{}},
		&withRecords{Any: &user, NilAny: nil, Needs: new(bool), List: []model.Session{}},
		withRecords{Any: user, OmitAny: (*model.User)(nil)},
		sess, &sess, user, &user, (*model.User)(nil), []model.User{user}, []*model.User{&user, nil},
		withFloat{F: 1e21}, withMap{M: map[string]any{"z": 1, "a": weird}}, embedded{inner: inner{X: "e"}, Z: "z"},
		stringOpt{N: 5}, dupTags(), oddName{A: "a", B: "b"}, withBytes{B: []byte("hi")},
		withTime{T: time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)}, withMarshaler{M: marshaler{"m"}, PM: &marshaler{"p"}},
		&recursive{Name: "a", Next: &recursive{Name: "b"}}, arr{A: [2]string{"x", weird}}, ifaceMethods{},
		ErrorBody(&apierror.Error{Message: weird, Code: "X"}), ErrorBody(&apierror.Error{Message: "m"}),
		struct {
			OK bool `json:"ok"`
		}{true},
		[]any{1, "x", nil, true, []any{}}, map[string]any{},
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	for _, v := range encodeCases() {
		want, wantErr := stdJSON(v)
		got, err := appendJSON(nil, v)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%T: error %v, encoding/json: %v", v, err, wantErr)
			continue
		}
		if string(got) != want {
			t.Errorf("%T:\n got %s\nwant %s", v, got, want)
		}
		// Appending keeps what is in front.
		if got2, _ := appendJSON([]byte("x"), v); err == nil && string(got2) != "x"+want {
			t.Errorf("%T: appending to a prefix gave %s", v, got2)
		}
	}
}

func TestAppendJSONErrors(t *testing.T) {
	bad := model.User{Fields: map[string]any{"c": make(chan int)}}
	for _, v := range []any{bad, &bad, struct {
		U model.User `json:"u"`
	}{bad}, []model.User{bad}, withRecords{Any: bad}} {
		if _, err := appendJSON(nil, v); err == nil {
			t.Errorf("%T: no error for an unencodable field", v)
		}
		if _, err := stdJSON(v); err == nil {
			t.Errorf("%T: encoding/json encodes it", v)
		}
	}
	var ue *json.UnsupportedTypeError
	if _, err := appendJSON(nil, withMap{M: map[string]any{"c": make(chan int)}}); !errors.As(err, &ue) {
		t.Errorf("fallback error = %v", err)
	}
}

func TestStringEncodingMatches(t *testing.T) {
	for i := range 256 {
		for _, s := range []string{string(rune(i)), string([]byte{byte(i)}), "a" + string([]byte{byte(i)}) + "b"} {
			want, _ := stdJSON(s)
			if got := string(appendString(nil, s)); got != want {
				t.Errorf("appendString(%q) = %s, want %s", s, got, want)
			}
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add(weird)
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := stdJSON(s)
		if got := string(appendString(nil, s)); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func BenchmarkAppendJSONSessionBody(b *testing.B) {
	s := "203.0.113.7"
	body := &struct {
		Session      model.Session `json:"session"`
		User         model.User    `json:"user"`
		NeedsRefresh *bool         `json:"needsRefresh,omitempty"`
	}{
		Session: model.Session{ID: "Qm3cJ0k2XyZAbCdEfGhIjKlMnOpQrStU", Token: "pPFqTestToken0123456789abcdefABCD", UserID: "UaqFxYz0123456789abcdefghijKi3",
			ExpiresAt: time.Now(), CreatedAt: time.Now(), UpdatedAt: time.Now(), IPAddress: &s, UserAgent: &s},
		User: model.User{ID: "UaqFxYz0123456789abcdefghijKi3", Name: "Ann Example", Email: "ann@example.com", CreatedAt: time.Now(), UpdatedAt: time.Now()},
	}
	b.Run("plan", func(b *testing.B) {
		buf := make([]byte, 0, 2048)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := appendJSON(buf[:0], body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := stdJSON(body); err != nil {
				b.Fatal(err)
			}
		}
	})
}
