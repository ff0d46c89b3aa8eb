// Package pipeline is GoAuth's request pipeline (spec 1.2): plugin onRequest, rate limit,
// route match, body parsing, origin/CSRF checks, before-hooks, validation, guards,
// handler, after-hooks, error rendering, with panic recovery and a body-size limit.
package pipeline

import (
	"strings"

	"github.com/goauth-dev/goauth/authcore/endpoint"
)

// router matches a method and a path relative to the base path. Static paths are one map
// lookup; paths with {param} segments are matched segment by segment. Unlike
// net/http.ServeMux it never redirects, never answers 405 and does not route HEAD to GET:
// Better Auth answers 404 in all those cases.
type router struct {
	static map[string]map[string]*endpoint.Endpoint // method -> path -> endpoint
	params []paramRoute
}

type paramRoute struct {
	method   string
	segments []string
	ep       *endpoint.Endpoint
}

func newRouter(eps []*endpoint.Endpoint) *router {
	r := &router{static: map[string]map[string]*endpoint.Endpoint{}}
	for _, ep := range eps {
		if ep.Meta.ServerOnly || ep.Path == "" {
			continue
		}
		for _, m := range ep.Methods {
			if strings.Contains(ep.Path, "{") {
				r.params = append(r.params, paramRoute{method: m, segments: strings.Split(strings.Trim(ep.Path, "/"), "/"), ep: ep})
				continue
			}
			if r.static[m] == nil {
				r.static[m] = map[string]*endpoint.Endpoint{}
			}
			r.static[m][ep.Path] = ep
		}
	}
	return r
}

func (r *router) match(method, path string) (*endpoint.Endpoint, map[string]string) {
	if ep, ok := r.static[method][path]; ok {
		return ep, nil
	}
	if len(r.params) == 0 || !strings.HasPrefix(path, "/") {
		return nil, nil
	}
	segs := strings.Split(path[1:], "/")
outer:
	for _, pr := range r.params {
		if pr.method != method || len(pr.segments) != len(segs) {
			continue
		}
		var params map[string]string
		for i, s := range pr.segments {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				if segs[i] == "" {
					continue outer
				}
				if params == nil {
					params = map[string]string{}
				}
				params[s[1:len(s)-1]] = segs[i]
				continue
			}
			if s != segs[i] {
				continue outer
			}
		}
		return pr.ep, params
	}
	return nil, nil
}
