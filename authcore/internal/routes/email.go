package routes

import (
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/model"
)

func emailFor(r *endpoint.Request, u model.User, link, token string) config.Email {
	return config.Email{User: u, URL: link, Token: token, Request: r.HTTP}
}
