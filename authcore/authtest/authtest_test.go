package authtest_test

import (
	"net/http"
	"testing"

	"github.com/goauth-dev/goauth/authcore/authtest"
)

func TestHarnessSignUpKeepsSession(t *testing.T) {
	s := authtest.New(t, nil)
	c := s.Client(t)
	c.SignUp("Ada", "ada@example.com", "correct horse battery")
	r := c.Get("/get-session", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("get-session: %d %s", r.Status, r.Body)
	}
	m := r.Map(t)
	user, _ := m["user"].(map[string]any)
	if user["email"] != "ada@example.com" {
		t.Fatalf("session user = %v", m["user"])
	}
	if mail, ok := s.Mail.Last("verification-email"); !ok || mail.To != "ada@example.com" {
		t.Fatalf("verification mail = %+v, %v", mail, ok)
	}
}
