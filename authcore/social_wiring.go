package authcore

import (
	"fmt"
	"slices"

	"github.com/goauth-dev/goauth/authcore/endpoint"
	"github.com/goauth-dev/goauth/authcore/internal/routes"
	"github.com/goauth-dev/goauth/authcore/social"
)

// buildSocial builds the providers of Options.SocialProviders and Options.Providers and
// the state and token machinery of the social routes.
func buildSocial(opts *Options, c *endpoint.Context) (*routes.Social, error) {
	providers := map[string]social.Provider{}
	ids := make([]string, 0, len(opts.SocialProviders))
	for id := range opts.SocialProviders {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var client = opts.HTTPClient
	for _, id := range ids {
		po := opts.SocialProviders[id]
		if po.Disabled {
			continue
		}
		if po.HTTPClient == nil {
			if client == nil {
				client = social.NewClient(social.ClientOptions{})
			}
			po.HTTPClient = client
		}
		if po.Now == nil {
			po.Now = opts.Now
		}
		if po.Logger == nil {
			po.Logger = opts.Logger
		}
		p, err := social.New(id, po)
		if err != nil {
			return nil, fmt.Errorf("authcore: SocialProviders[%q]: %w", id, err)
		}
		providers[id] = p
	}
	for _, p := range opts.Providers {
		if p == nil {
			return nil, fmt.Errorf("authcore: nil social provider")
		}
		if _, dup := providers[p.ID()]; dup {
			return nil, fmt.Errorf("authcore: social provider %q configured twice", p.ID())
		}
		providers[p.ID()] = p
	}
	strategy := opts.Account.StoreStateStrategy
	switch strategy {
	case "", social.StateDatabase:
		strategy = social.StateDatabase
	case social.StateCookie:
	default:
		return nil, fmt.Errorf("authcore: Account.StoreStateStrategy %q: want \"database\" or \"cookie\"", strategy)
	}
	return &routes.Social{
		Providers: providers,
		States: &social.States{
			Store: c.Store, Keys: c.Keys, Cookies: c.Cookies, Strategy: strategy,
			SkipStateCookieCheck: opts.Account.SkipStateCookieCheck, Now: opts.Now,
		},
		Tokens: social.TokenCipher{Keys: c.Keys, Encrypt: opts.Account.EncryptOAuthTokens},
	}, nil
}
