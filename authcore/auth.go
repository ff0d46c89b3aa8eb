package authcore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/goauth-dev/goauth/authcore/apierror"
	"github.com/goauth-dev/goauth/authcore/cookie"
	"github.com/goauth-dev/goauth/authcore/db/memdb"
	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/internal/pipeline"
	"github.com/goauth-dev/goauth/authcore/internal/routes"
	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/password"
	"github.com/goauth-dev/goauth/authcore/plugin"
	"github.com/goauth-dev/goauth/authcore/ratelimit"
	"github.com/goauth-dev/goauth/authcore/schema"
	"github.com/goauth-dev/goauth/authcore/secret"
	"github.com/goauth-dev/goauth/authcore/session"
	"github.com/goauth-dev/goauth/authcore/store"
)

// Request is the request type handlers and hooks receive.
type Request = endpoint.Request

// DefaultSecret is Better Auth's development fallback secret; New refuses it in production.
const DefaultSecret = "better-auth-secret-12345678901234567890"

// Auth is a configured GoAuth instance. It is an http.Handler serving the routes under
// the base path, and its API field offers every route in-process.
type Auth struct {
	// Context is the runtime shared by all requests.
	Context *endpoint.Context
	// API calls the routes in-process, through hooks and validation, without HTTP.
	API *API

	pipeline   *pipeline.Pipeline
	schema     *schema.Schema
	errorCodes map[apierror.Code]string
}

// New validates the options, fills Better Auth's defaults and builds the runtime.
func New(opts Options) (*Auth, error) {
	opts.resolve()
	base, origin, basePath, err := resolveBaseURL(opts.BaseURL, opts.BasePath)
	if err != nil {
		return nil, err
	}
	opts.BasePath = basePath
	if opts.Secret == "" && len(opts.Secrets) == 0 {
		if opts.Production {
			return nil, errors.New("authcore: a secret is required in production (set Options.Secret or BETTER_AUTH_SECRET)")
		}
		opts.Secret = DefaultSecret
		opts.Logger.Warn("no secret configured: using Better Auth's public default secret; never do this in production")
	}
	if opts.Production {
		cur := opts.Secret
		if len(opts.Secrets) > 0 {
			cur = opts.Secrets[0].Value
		}
		if cur == DefaultSecret {
			return nil, errors.New("authcore: the default secret cannot be used in production")
		}
		if err := secret.Check(cur); err != nil {
			return nil, fmt.Errorf("authcore: weak secret refused in production: %w", err)
		}
	}
	keys, err := secret.New(opts.Secret, opts.Secrets)
	if err != nil {
		return nil, fmt.Errorf("authcore: %w", err)
	}

	sch, err := buildSchema(&opts)
	if err != nil {
		return nil, err
	}
	adapter := opts.Database
	if adapter == nil {
		adapter = memdb.New(sch)
	}
	var dbHooks []store.Hooks
	for _, p := range opts.Plugins {
		if p.DatabaseHooks != nil {
			dbHooks = append(dbHooks, p.DatabaseHooks)
		}
	}
	if opts.DatabaseHooks != nil {
		dbHooks = append(dbHooks, opts.DatabaseHooks)
	}
	var genID func(string) string
	if opts.Advanced.GenerateID != nil {
		genID = opts.Advanced.GenerateID
	}
	st := store.New(store.Config{
		Adapter: adapter, KV: opts.SecondaryStorage, Schema: sch, Hooks: dbHooks,
		GenerateID: genID, Now: opts.Now, Logger: opts.Logger,
		StoreSessionInDatabase:      opts.Session.StoreSessionInDatabase,
		PreserveSessionInDatabase:   opts.Session.PreserveSessionInDatabase,
		StoreVerificationInDatabase: opts.Verification.StoreInDatabase,
		DisableVerificationCleanup:  opts.Verification.DisableCleanup,
	})

	secure := strings.HasPrefix(base, "https://")
	if opts.Advanced.UseSecureCookies != nil {
		secure = *opts.Advanced.UseSecureCookies
	}
	cookies := cookieConfig(&opts, secure, origin)

	c := &endpoint.Context{
		AppName: opts.AppName, BaseURL: base, Origin: origin, BasePath: opts.BasePath,
		Production: opts.Production, Keys: keys, Cookies: cookies, Store: st, Schema: sch,
		Logger: opts.Logger, Now: opts.Now,
		EmailAndPassword: opts.EmailAndPassword, EmailVerification: opts.EmailVerification,
		User: opts.User, Session: opts.Session, Account: opts.Account, Advanced: opts.Advanced,
	}
	c.Sessions = &session.Manager{Store: st, Keys: keys, Cookies: cookies, Config: opts.Session, Schema: sch, Now: opts.Now,
		AccountCookie: opts.Account.StoreAccountCookie, StateCookie: opts.Account.StoreStateStrategy == "cookie"}
	if pf := opts.EmailAndPassword.Password; pf != nil {
		if pf.Hash == nil || pf.Verify == nil {
			return nil, errors.New("authcore: EmailAndPassword.Password needs both Hash and Verify")
		}
		c.Hasher = funcHasher{pf.Hash, pf.Verify}
	} else {
		c.Hasher = password.NewHasher(opts.PasswordHashConcurrency)
	}
	ipCfg := ratelimit.IPConfig{
		Headers: opts.Advanced.IPAddress.Headers, TrustedProxies: opts.Advanced.IPAddress.TrustedProxies,
		Disabled: opts.Advanced.IPAddress.DisableIPTracking, IPv6Subnet: opts.Advanced.IPAddress.IPv6Subnet,
	}
	if ipCfg.TrustedProxies == nil {
		ipCfg.TrustedProxies = loopback
	}
	c.ClientIP = func(r *http.Request) string { return ratelimit.ClientIP(r, ipCfg) }
	c.SessionIP = func(r *http.Request) string { return sessionIP(r, ipCfg) }

	trusted := append([]string{origin}, opts.TrustedOrigins...)
	for _, p := range opts.Plugins {
		if p.Init == nil {
			continue
		}
		res, err := p.Init(c)
		if err != nil {
			return nil, fmt.Errorf("authcore: plugin %s: %w", p.ID, err)
		}
		trusted = append(trusted, res.TrustedOrigins...)
	}
	dyn := opts.TrustedOriginsFunc
	c.TrustedOrigins = func(r *http.Request) []string {
		if dyn == nil || r == nil {
			return trusted
		}
		return append(append([]string{}, trusted...), dyn(r)...)
	}

	soc, err := buildSocial(&opts, c)
	if err != nil {
		return nil, err
	}
	pcfg, codes, err := assemble(&opts, c, soc)
	if err != nil {
		return nil, err
	}
	a := &Auth{Context: c, pipeline: pipeline.New(pcfg), schema: sch, errorCodes: codes}
	a.API = &API{p: a.pipeline}
	return a, nil
}

type funcHasher struct {
	hash   func(ctx context.Context, password string) (string, error)
	verify func(ctx context.Context, hash, password string) (bool, error)
}

func (f funcHasher) Hash(ctx context.Context, pw string) (string, error) { return f.hash(ctx, pw) }
func (f funcHasher) Verify(ctx context.Context, h, pw string) (bool, error) {
	return f.verify(ctx, h, pw)
}

// assemble merges core routes and plugins into a pipeline configuration.
func assemble(opts *Options, c *endpoint.Context, soc *routes.Social) (pipeline.Config, map[apierror.Code]string, error) {
	core := routes.Core()
	core.Endpoints = append(core.Endpoints, routes.SocialRoutes(soc)...)
	all := append([]plugin.Plugin{core}, opts.Plugins...)
	seen := map[string]bool{}
	var eps []*endpoint.Endpoint
	var before []plugin.BeforeHook
	var after []plugin.AfterHook
	var plugRules []ratelimit.PluginRule
	var onReq []func(context.Context, *http.Request) (*http.Response, error)
	var onResp []func(context.Context, *http.Request, int, http.Header)
	var mws []plugin.Middleware
	codes := apierror.BaseCodes()
	if h := opts.Hooks.Before; h != nil {
		before = append(before, plugin.BeforeHook{Handler: h})
	}
	if h := opts.Hooks.After; h != nil {
		after = append(after, plugin.AfterHook{Handler: h})
	}
	for _, p := range all {
		if p.ID == "" {
			return pipeline.Config{}, nil, errors.New("authcore: a plugin has no ID")
		}
		if seen[p.ID] {
			return pipeline.Config{}, nil, fmt.Errorf("authcore: plugin %q registered twice", p.ID)
		}
		seen[p.ID] = true
		eps = append(eps, p.Endpoints...)
		before = append(before, p.Hooks.Before...)
		after = append(after, p.Hooks.After...)
		for _, rl := range p.RateLimits {
			plugRules = append(plugRules, ratelimit.PluginRule{Rule: ratelimit.Rule{Window: rl.Window, Max: rl.Max}, Match: rl.Match})
		}
		if p.OnRequest != nil {
			onReq = append(onReq, p.OnRequest)
		}
		if p.OnResponse != nil {
			onResp = append(onResp, p.OnResponse)
		}
		mws = append(mws, p.Middlewares...)
		for k, v := range p.ErrorCodes {
			codes[k] = v
		}
	}
	eps = append(eps, routes.Tail()...)
	disabled := map[string]bool{}
	for _, p := range opts.DisabledPaths {
		disabled[p] = true
	}
	cfg := pipeline.Config{
		Ctx: c, Endpoints: eps, Before: before, After: after, OnRequest: onReq,
		OnResponse: onResp, Middlewares: mws,
		MaxBodyBytes: opts.MaxBodyBytes, DisabledPaths: disabled, OnError: opts.OnAPIError,
	}
	enabled := opts.Production
	if opts.RateLimit.Enabled != nil {
		enabled = *opts.RateLimit.Enabled
	}
	if enabled {
		var st ratelimit.Store
		switch opts.RateLimit.Storage {
		case "secondary-storage":
			if opts.SecondaryStorage == nil {
				return pipeline.Config{}, nil, errors.New("authcore: rate-limit storage \"secondary-storage\" needs SecondaryStorage")
			}
			st = kvRateLimitStore(opts.SecondaryStorage)
		case "database":
			st = ratelimit.NewDBStore(c.Store.Adapter(context.Background()))
		case "", "memory":
			if opts.SecondaryStorage != nil && opts.RateLimit.Storage == "" {
				st = kvRateLimitStore(opts.SecondaryStorage)
			} else {
				st = ratelimit.NewMemoryStore()
			}
		default:
			return pipeline.Config{}, nil, fmt.Errorf("authcore: unknown rate-limit storage %q", opts.RateLimit.Storage)
		}
		custom := map[string]*ratelimit.Rule{}
		for path, r := range opts.RateLimit.CustomRules {
			if r.Disabled {
				custom[path] = nil
				continue
			}
			custom[path] = &ratelimit.Rule{Window: r.Window, Max: r.Max}
		}
		cfg.Limiter = ratelimit.New(ratelimit.Config{
			Enabled: true, Window: opts.RateLimit.Window, Max: opts.RateLimit.Max,
			CustomRules: custom, Plugin: plugRules, Store: st,
		})
	}
	return cfg, codes, nil
}

// kvRateLimitStore is the rate-limit store in secondary storage: the storage's own when it
// offers one through a RateLimitStore method (authredis: one atomic script per request),
// otherwise ratelimit.KVStore over its Get/Set/SetNX.
func kvRateLimitStore(s kv.Store) ratelimit.Store {
	if p, ok := s.(interface{ RateLimitStore() ratelimit.Store }); ok {
		if st := p.RateLimitStore(); st != nil {
			return st
		}
	}
	return ratelimit.NewKVStore(s, "")
}

func buildSchema(opts *Options) (*schema.Schema, error) {
	sch := schema.Core()
	for _, p := range opts.Plugins {
		for _, t := range p.Schema {
			if err := sch.Add(t); err != nil {
				return nil, fmt.Errorf("authcore: plugin %s: %w", p.ID, err)
			}
		}
	}
	add := func(model string, fields []schema.Field) error {
		if len(fields) == 0 {
			return nil
		}
		return sch.Add(schema.Table{Model: model, Fields: fields})
	}
	if err := add(store.UserModel, opts.User.AdditionalFields); err != nil {
		return nil, err
	}
	if err := add(store.SessionModel, opts.Session.AdditionalFields); err != nil {
		return nil, err
	}
	renames := []struct {
		model, name string
		fields      map[string]string
	}{
		{store.UserModel, opts.User.ModelName, opts.User.Fields},
		{store.SessionModel, opts.Session.ModelName, opts.Session.Fields},
		{store.AccountModel, opts.Account.ModelName, opts.Account.Fields},
		{store.VerificationModel, opts.Verification.ModelName, opts.Verification.Fields},
	}
	for _, r := range renames {
		if err := sch.Rename(r.model, r.name, r.fields); err != nil {
			return nil, fmt.Errorf("authcore: %w", err)
		}
	}
	if opts.SecondaryStorage != nil {
		// As Better Auth's getAuthTables: with secondary storage the session and
		// verification tables exist only when those are kept in the database too. The
		// models stay known (their fields drive validation and output); migrations and
		// generated SQL leave the tables out.
		if !opts.Session.StoreSessionInDatabase {
			t, _ := sch.Table(store.SessionModel)
			t.DisableMigration = true
		}
		if !opts.Verification.StoreInDatabase {
			t, _ := sch.Table(store.VerificationModel)
			t.DisableMigration = true
		}
	}
	if opts.RateLimit.Storage == "database" {
		if err := sch.Add(ratelimit.Table()); err != nil {
			return nil, err
		}
	}
	return sch, nil
}

func cookieConfig(opts *Options, secure bool, origin string) cookie.Config {
	c := cookie.Config{
		Prefix: opts.Advanced.CookiePrefix, Secure: secure,
		DefaultAttributes: opts.Advanced.DefaultCookieAttributes, Overrides: opts.Advanced.Cookies,
	}
	if cs := opts.Advanced.CrossSubDomainCookies; cs.Enabled {
		c.CrossSubDomain = true
		c.Domain = cs.Domain
		if c.Domain == "" {
			if u, err := url.Parse(origin); err == nil {
				c.Domain = u.Hostname()
			}
		}
	}
	return c
}

// resolveBaseURL returns the full base URL (origin + base path), the origin and the base
// path. A BaseURL that already has a path uses it as the base path, as Better Auth does.
func resolveBaseURL(raw, basePath string) (full, origin, path string, err error) {
	if raw == "" {
		return "", "", "", errors.New("authcore: Options.BaseURL is required (e.g. http://localhost:3000)")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", "", fmt.Errorf("authcore: invalid BaseURL %q: want an absolute http(s) URL", raw)
	}
	origin = u.Scheme + "://" + u.Host
	path = strings.TrimRight(u.Path, "/")
	if path == "" {
		path = strings.TrimRight(basePath, "/")
	}
	return origin + path, origin, path, nil
}

// ServeHTTP serves the auth routes. Requests outside the base path get 404.
func (a *Auth) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.pipeline.ServeHTTP(w, r) }

// Schema returns the merged schema (core tables, plugin tables, additional fields).
func (a *Auth) Schema() *schema.Schema { return a.schema }

// ErrorCodes returns every error code the instance can answer with (base + plugins).
func (a *Auth) ErrorCodes() map[apierror.Code]string { return a.errorCodes }

// Endpoints returns the routed and server-only endpoints in registration order.
func (a *Auth) Endpoints() []*endpoint.Endpoint { return a.pipeline.Endpoints() }

// loopback is the default set of trusted proxies: a reverse proxy on the same host.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// sessionIP is the address recorded on sessions: like ClientIP, except that a trusted
// proxy that forwarded no client address yields "" (as Better Auth records no IP without
// a forwarding header) rather than the proxy's own address.
func sessionIP(r *http.Request, cfg ratelimit.IPConfig) string {
	ip := ratelimit.ClientIP(r, cfg)
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return ip
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return ip
	}
	peer = peer.Unmap()
	for _, p := range cfg.TrustedProxies {
		if p.Contains(peer) {
			if norm, ok := ratelimit.NormalizeIP(peer.String(), cfg.IPv6Subnet); ok && norm == ip {
				return ""
			}
			return ip
		}
	}
	return ip
}
