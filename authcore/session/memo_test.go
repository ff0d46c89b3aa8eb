package session_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/session"
)

// A compact cache value read again is answered from the Manager's memo: the same data as
// the first decode, in a copy the caller may change freely.
func TestCookieCacheMemoAnswersCopies(t *testing.T) {
	cc := config.CookieCache{Enabled: true, MaxAge: 5 * time.Minute, Strategy: "compact"}
	e := newEnv(t, config.Session{CookieCache: cc})
	s, u, io := e.login(t, false)
	e.get(t, io, session.GetOptions{})
	c, ok := io.last(dataCookie)
	if !ok {
		t.Fatal("no session_data cookie")
	}
	read := func() *session.Data {
		r := e.request(s.Token)
		r.cookies[dataCookie] = c.Value
		d := e.get(t, r, session.GetOptions{})
		if d == nil {
			t.Fatal("Get = nil")
		}
		return d
	}
	first := read()
	want := session.Data{Session: s, User: u}
	if diff := cmp.Diff(want, *first); diff != "" {
		t.Fatalf("first read (-want +got):\n%s", diff)
	}
	// Change everything the caller can reach.
	*first.Session.UserAgent = "changed"
	first.Session.Token = "changed"
	first.User.Name = "changed"
	first.User.Fields = map[string]any{"x": 1}
	second := read()
	if diff := cmp.Diff(want, *second); diff != "" {
		t.Errorf("memoised read after the caller changed the first answer (-want +got):\n%s", diff)
	}
	if second.Session.UserAgent == first.Session.UserAgent {
		t.Error("the answers share a pointer")
	}
}
