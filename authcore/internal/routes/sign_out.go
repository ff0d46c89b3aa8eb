package routes

import (
	"context"
	"net/http"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// SignOutInput is the (empty) body of POST /sign-out.
type SignOutInput struct{}

// SuccessOutput is Better Auth's {success: true}.
type SuccessOutput struct {
	Success bool `json:"success"`
}

// Better Auth: api/routes/sign-out.ts.
func signOut() *endpoint.Endpoint {
	return endpoint.New("signOut", http.MethodPost, "/sign-out", endpoint.Meta{
		OperationID: "signOut", Description: "Sign out the current user",
	}, func(ctx context.Context, r *endpoint.Request, _ SignOutInput) (SuccessOutput, error) {
		if token, ok := r.Ctx.Sessions.Token(r); ok {
			if err := r.Ctx.Store.DeleteSession(ctx, token); err != nil {
				r.Ctx.Logger.ErrorContext(ctx, "sign-out: deleting session failed", "err", err)
			}
		}
		r.DeleteSessionCookie()
		return SuccessOutput{Success: true}, nil
	})
}
