package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/plugin"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
)

// DefaultMaxBodyBytes bounds request bodies (1 MiB).
const DefaultMaxBodyBytes = 1 << 20

// Config assembles a pipeline.
type Config struct {
	Ctx       *endpoint.Context
	Endpoints []*endpoint.Endpoint
	// Before and After are the hooks in order (application hooks first, then plugins').
	Before    []plugin.BeforeHook
	After     []plugin.AfterHook
	OnRequest []func(ctx context.Context, r *http.Request) (*http.Response, error)
	// OnResponse hooks see every response's status and headers before they are written.
	OnResponse []func(ctx context.Context, r *http.Request, status int, header http.Header)
	// Middlewares are the plugins' path middlewares, in order.
	Middlewares []plugin.Middleware
	// Limiter is nil when rate limiting is off.
	Limiter      *ratelimit.Limiter
	MaxBodyBytes int64
	// DisabledPaths answer 404 (Better Auth's disabledPaths).
	DisabledPaths map[string]bool
	// OnError observes every error before it is rendered (Better Auth's onAPIError.onError).
	OnError func(ctx context.Context, err error)
}

// Pipeline serves the auth routes. It is an http.Handler for requests whose path starts
// with the base path.
type Pipeline struct {
	cfg    Config
	router *router
	byKey  map[string]*endpoint.Endpoint
	log    *slog.Logger
}

// New builds the pipeline. Endpoints with a duplicate Key replace earlier ones.
func New(cfg Config) *Pipeline {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	byKey := map[string]*endpoint.Endpoint{}
	var order []string
	for _, ep := range cfg.Endpoints {
		if _, seen := byKey[ep.Key]; !seen {
			order = append(order, ep.Key)
		}
		byKey[ep.Key] = ep
	}
	eps := make([]*endpoint.Endpoint, 0, len(order))
	for _, k := range order {
		eps = append(eps, byKey[k])
	}
	cfg.Endpoints = eps
	return &Pipeline{cfg: cfg, router: newRouter(eps), byKey: byKey, log: cfg.Ctx.Logger}
}

// Endpoints returns the endpoints in registration order.
func (p *Pipeline) Endpoints() []*endpoint.Endpoint { return p.cfg.Endpoints }

// Endpoint returns the endpoint with a key.
func (p *Pipeline) Endpoint(key string) (*endpoint.Endpoint, bool) {
	ep, ok := p.byKey[key]
	return ep, ok
}

// ServeHTTP implements http.Handler.
func (p *Pipeline) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if len(p.cfg.OnResponse) > 0 {
		w = &hookWriter{ResponseWriter: w, r: hr, hooks: p.cfg.OnResponse}
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			p.log.ErrorContext(hr.Context(), "panic serving auth request", "path", hr.URL.Path, "panic", v, "stack", string(debug.Stack()))
			w.WriteHeader(http.StatusInternalServerError)
		}
	}()
	ctx := hr.Context()
	for _, on := range p.cfg.OnRequest {
		resp, err := on(ctx, hr)
		if err != nil {
			p.writeError(w, nil, err, ctx)
			return
		}
		if resp != nil {
			writeHTTPResponse(w, resp)
			return
		}
	}
	base := p.cfg.Ctx.BasePath
	rawPath := hr.URL.EscapedPath()
	if !strings.HasPrefix(rawPath, base) {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	path := strings.TrimPrefix(hr.URL.Path, base)
	if path == "" {
		path = "/"
	}
	if p.cfg.DisabledPaths[path] {
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "Not Found")
		return
	}
	if p.cfg.Limiter != nil {
		dec, err := p.cfg.Limiter.Check(ctx, p.cfg.Ctx.ClientIP(hr), path, p.cfg.Ctx.Now())
		if err != nil {
			p.log.ErrorContext(ctx, "rate limiter failed", "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		if !dec.Allowed {
			w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
			w.Header().Set("X-Retry-After", strconv.Itoa(int(math.Ceil(dec.RetryAfter.Seconds()))))
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"message":"Too many requests. Please try again later."}`)
			return
		}
	}
	if strings.Contains(rawPath, "//") {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if p.cfg.Ctx.Advanced.SkipTrailingSlashes && len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	ep, params := p.router.match(hr.Method, path)
	if ep == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	var query url.Values
	if hr.URL.RawQuery != "" {
		query = hr.URL.Query()
	}
	r := endpoint.NewRequest(p.cfg.Ctx, hr, hr.Header, path, query, nil, false)
	r.Params = params
	if err := p.readBody(w, hr, ep, r); err != nil {
		p.writeError(w, r, err, ctx)
		return
	}
	if err := p.checkOrigin(r); err != nil {
		p.writeError(w, r, err, ctx)
		return
	}
	for _, m := range p.cfg.Middlewares {
		if !m.Matches(path) {
			continue
		}
		if err := m.Handler(ctx, r); err != nil {
			p.writeError(w, r, err, ctx)
			return
		}
	}
	result, err := p.run(ctx, ep, r)
	if err != nil {
		p.writeError(w, r, err, ctx)
		return
	}
	p.writeResult(w, r, result)
}

// run executes before-hooks, the endpoint and after-hooks.
func (p *Pipeline) run(ctx context.Context, ep *endpoint.Endpoint, r *endpoint.Request) (result any, err error) {
	for _, h := range p.cfg.Before {
		if h.Matcher != nil && !h.Matcher(r) {
			continue
		}
		v, err := h.Handler(ctx, r)
		if err != nil {
			return nil, err
		}
		if v != nil {
			return v, nil
		}
	}
	result, err = ep.Serve(ctx, r)
	for _, h := range p.cfg.After {
		if h.Matcher != nil && !h.Matcher(r) {
			continue
		}
		v, herr := h.Handler(ctx, r, result, err)
		if herr != nil {
			result, err = nil, herr
			continue
		}
		if v != nil {
			result, err = v, nil
		}
	}
	return result, err
}

// Invoke runs an endpoint in-process: hooks, validation, guards and handler, without the
// transport (no origin check, no rate limit), as Better Auth's auth.api calls do.
func (p *Pipeline) Invoke(ctx context.Context, key string, header http.Header, body any, query url.Values) (any, *endpoint.Request, error) {
	ep, ok := p.byKey[key]
	if !ok {
		return nil, nil, fmt.Errorf("pipeline: no endpoint %q", key)
	}
	var m map[string]any
	present := false
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, nil, fmt.Errorf("pipeline: encode body: %w", err)
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return nil, nil, fmt.Errorf("pipeline: body must be a JSON object: %w", err)
		}
		// A typed input's nil pointer fields mean "absent" (an omitted optional field),
		// not JSON null, which validation refuses for optional fields.
		if rv := reflect.Indirect(reflect.ValueOf(body)); rv.Kind() == reflect.Struct {
			for k, v := range m {
				if v == nil {
					delete(m, k)
				}
			}
		}
		present = true
	}
	r := endpoint.NewRequest(p.cfg.Ctx, nil, header, ep.Path, query, m, present)
	res, err := p.run(ctx, ep, r)
	return res, r, err
}

func (p *Pipeline) readBody(w http.ResponseWriter, hr *http.Request, ep *endpoint.Endpoint, r *endpoint.Request) error {
	if hr.Method == http.MethodGet || hr.Method == http.MethodHead {
		return nil
	}
	if hr.Body == nil || hr.Body == http.NoBody {
		return nil
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, hr.Body, p.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apierror.New(http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "Request body is too large")
		}
		return apierror.New(http.StatusBadRequest, apierror.ValidationError, "Unable to read request body")
	}
	if len(raw) == 0 {
		return nil
	}
	allowed := ep.Meta.MediaTypes
	if len(allowed) == 0 {
		allowed = []string{"application/json"}
	}
	ct := hr.Header.Get("Content-Type")
	if ct == "" {
		return apierror.New(http.StatusUnsupportedMediaType, apierror.UnsupportedMediaType,
			"Content-Type is required. Allowed types: "+strings.Join(allowed, ", "))
	}
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	okType := ""
	for _, a := range allowed {
		if mt == a || strings.Contains(mt, a) {
			okType = a
			break
		}
	}
	if okType == "" {
		return apierror.New(http.StatusUnsupportedMediaType, apierror.UnsupportedMediaType,
			fmt.Sprintf("Content-Type %q is not allowed. Allowed types: %s", ct, strings.Join(allowed, ", ")))
	}
	if okType == "application/x-www-form-urlencoded" {
		vals, err := url.ParseQuery(string(raw))
		if err != nil {
			return apierror.New(http.StatusBadRequest, apierror.ValidationError, "Invalid form body")
		}
		m := make(map[string]any, len(vals))
		for k, v := range vals {
			m[k] = v[0]
		}
		r.Body = m
		endpoint.MarkBodyPresent(r, "")
		return nil
	}
	if _, _, err := mime.ParseMediaType(ct); err != nil && !strings.Contains(mt, "json") {
		return apierror.New(http.StatusUnsupportedMediaType, apierror.UnsupportedMediaType, "Invalid Content-Type")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		// Better Auth 1.6.9 answers 500 with an empty body here; a malformed body is the
		// client's fault, so GoAuth answers 400.
		return apierror.New(http.StatusBadRequest, apierror.ValidationError, "[body] Invalid JSON")
	}
	switch x := v.(type) {
	case map[string]any:
		r.Body = x
		endpoint.MarkBodyPresent(r, "")
	case nil:
		endpoint.MarkBodyPresent(r, "null")
	default:
		// Arrays and scalars: validation reports "expected object (or record), received …".
		endpoint.MarkBodyPresent(r, jsType(x))
	}
	return nil
}

func jsType(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	}
	return "unknown"
}

func writeHTTPResponse(w http.ResponseWriter, resp *http.Response) {
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	if resp.Body != nil {
		_, _ = io.Copy(w, resp.Body)
		_ = resp.Body.Close()
	}
}

func copyHeaders(w http.ResponseWriter, r *endpoint.Request) {
	if r == nil {
		return
	}
	for k, vs := range r.ResponseHeader {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
}

func (p *Pipeline) writeResult(w http.ResponseWriter, r *endpoint.Request, result any) {
	copyHeaders(w, r)
	switch x := result.(type) {
	case *endpoint.Redirect:
		// Better Auth 1.6.9 (better-call's ctx.redirect) merges the response headers into
		// the thrown redirect's headers, which are the same object, so every Set-Cookie
		// line set before a redirect is sent twice. Browsers apply the identical lines
		// once; GoAuth repeats them to stay wire-identical.
		for _, c := range r.ResponseHeader.Values("Set-Cookie") {
			w.Header().Add("Set-Cookie", c)
		}
		w.Header().Set("Location", x.URL)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusFound)
		return
	case *endpoint.Raw:
		if x.ContentType != "" {
			w.Header().Set("Content-Type", x.ContentType)
		}
		status := x.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		_, _ = w.Write(x.Body)
		return
	}
	bp := bufPool.Get().(*[]byte)
	body, err := appendJSON((*bp)[:0], result)
	if err != nil {
		bufPool.Put(bp)
		p.log.Error("encoding auth response", "path", r.Path, "err", err)
		w.Header().Del("Set-Cookie")
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	// A shared value saves every response an allocation; net/http only reads it, and
	// Header.Add on a capacity-1 slice copies.
	w.Header()["Content-Type"] = jsonContentType
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	if cap(body) <= maxPooledBody {
		*bp = body
		bufPool.Put(bp)
	}
}

// jsonContentType is the Content-Type header value of JSON responses.
var jsonContentType = []string{"application/json"}[:1:1]

// bufPool holds response body buffers; bodies above maxPooledBody are not kept.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

const maxPooledBody = 64 << 10

// Marshal encodes a response value as JSON.stringify would (no HTML escaping).
func Marshal(v any) ([]byte, error) {
	return appendJSON(nil, v)
}

func (p *Pipeline) writeError(w http.ResponseWriter, r *endpoint.Request, err error, ctx context.Context) {
	if p.cfg.OnError != nil {
		p.cfg.OnError(ctx, err)
	}
	copyHeaders(w, r)
	ae, ok := apierror.As(err)
	if !ok {
		path := ""
		if r != nil {
			path = r.Path
		}
		p.log.ErrorContext(ctx, "auth request failed", "path", path, "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	for k, vs := range ae.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if ae.Status >= 500 {
		p.log.ErrorContext(ctx, "auth request failed", "code", ae.Code, "err", err)
	}
	w.WriteHeader(ae.Status)
	if ae.EmptyBody {
		return
	}
	body, _ := Marshal(ErrorBody(ae))
	_, _ = w.Write(body)
}

// ErrorBody is the JSON body of an API error: {"message","code"} or {"message"}.
func ErrorBody(e *apierror.Error) any {
	if e.Code == "" {
		return struct {
			Message string `json:"message"`
		}{e.Message}
	}
	return struct {
		Message string `json:"message"`
		Code    string `json:"code"`
	}{e.Message, string(e.Code)}
}

// hookWriter runs the OnResponse hooks once, just before the status line is written.
type hookWriter struct {
	http.ResponseWriter
	r     *http.Request
	hooks []func(ctx context.Context, r *http.Request, status int, header http.Header)
	done  bool
}

func (h *hookWriter) WriteHeader(status int) {
	if !h.done {
		h.done = true
		for _, f := range h.hooks {
			f(h.r.Context(), h.r, status, h.Header())
		}
	}
	h.ResponseWriter.WriteHeader(status)
}

func (h *hookWriter) Write(b []byte) (int, error) {
	if !h.done {
		h.WriteHeader(http.StatusOK)
	}
	return h.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (h *hookWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }
