package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// OKOutput is {ok: true}.
type OKOutput struct {
	OK bool `json:"ok"`
}

// Better Auth: api/routes/ok.ts.
func ok() *endpoint.Endpoint {
	return endpoint.New("ok", http.MethodGet, "/ok", endpoint.Meta{
		OperationID: "ok", Description: "Check if the API is working",
	}, func(context.Context, *endpoint.Request, struct{}) (OKOutput, error) {
		return OKOutput{OK: true}, nil
	})
}
