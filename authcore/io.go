package authcore

import (
	"net/http"

	"github.com/goauth-dev/goauth/authcore/cookie"
)

// discardIO reads a request's cookies and drops Set-Cookie lines.
type discardIO struct {
	cookies map[string]string
	header  string
}

func (d discardIO) Cookies() map[string]string { return d.cookies }
func (d discardIO) CookieHeader() string       { return d.header }
func (discardIO) SetCookie(cookie.Cookie)      {}

func parseCookies(r *http.Request) map[string]string { return cookie.Parse(r.Header.Get("Cookie")) }
