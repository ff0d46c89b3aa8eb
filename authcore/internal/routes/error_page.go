package routes

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// ErrorPageInput is the query of GET /error.
type ErrorPageInput struct {
	Error            *string `query:"error"`
	ErrorDescription *string `query:"error_description"`
}

var errorCodeRE = regexp.MustCompile(`^['A-Za-z0-9_-]+$`)

// Better Auth: api/routes/error.ts. The code is restricted to a safe alphabet and the
// description is HTML-escaped.
func errorPage() *endpoint.Endpoint {
	return endpoint.New("error", http.MethodGet, "/error", endpoint.Meta{
		OperationID: "error", Description: "Displays an error page",
	}, func(_ context.Context, r *endpoint.Request, in ErrorPageInput) (any, error) {
		code := str(in.Error)
		if !errorCodeRE.MatchString(code) {
			code = "UNKNOWN"
		}
		desc := str(in.ErrorDescription)
		if r.Ctx.Production {
			q := url.Values{"error": {code}}
			if desc != "" {
				q.Set("error_description", desc)
			}
			// A bare Response upstream: 302 with Location and no Content-Type.
			r.ResponseHeader.Set("Location", "/?"+q.Encode())
			return &endpoint.Raw{Status: http.StatusFound}, nil
		}
		page := "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Error</title></head><body>" +
			"<h1>Something went wrong</h1><p>Error code: <code>" + html.EscapeString(code) + "</code></p>"
		if desc != "" {
			page += "<p>" + html.EscapeString(desc) + "</p>"
		}
		page += "</body></html>"
		return &endpoint.Raw{Status: http.StatusOK, ContentType: "text/html", Body: []byte(page)}, nil
	})
}
