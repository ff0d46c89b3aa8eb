package social

import (
	"context"
	"math/big"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Discord is the Discord provider: default scopes identify email, no PKCE, prompt
// "none" unless set, permissions with the bot scope, profile from /users/@me with the
// avatar (or default avatar) URL, refresh. No ID-token sign-in.
//
// Better Auth: packages/core/src/social-providers/discord.ts, whose authorization URL
// is written by hand: scope (joined with '+'), response_type, client_id, redirect_uri,
// state, prompt, permissions.
func Discord(opts Options) Provider {
	opts.fill()
	p := &oauthProvider{
		id: "discord", name: "Discord", opts: opts,
		authURL:  "https://discord.com/api/oauth2/authorize",
		tokenURL: "https://discord.com/api/oauth2/token",
	}
	d := &discord{oauthProvider: p}
	p.fetchUser = d.fetch
	return d
}

type discord struct{ *oauthProvider }

// AuthorizationURL implements Provider (requested scopes come before configured ones).
func (d *discord) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	o := d.opts
	scopes := []string{}
	if !o.DisableDefaultScope {
		scopes = append(scopes, "identify", "email")
	}
	scopes = append(scopes, r.Scopes...)
	scopes = append(scopes, o.Scopes...)
	redirect := r.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	prompt := o.Prompt
	if prompt == "" {
		prompt = "none"
	}
	var b strings.Builder
	b.WriteString(d.authURL)
	b.WriteString("?scope=" + strings.Join(scopes, "+"))
	b.WriteString("&response_type=code&client_id=" + o.ClientID)
	b.WriteString("&redirect_uri=" + encodeURIComponent(redirect))
	b.WriteString("&state=" + r.State + "&prompt=" + prompt)
	if slices.Contains(scopes, "bot") && o.Permissions != nil {
		b.WriteString("&permissions=" + strconv.Itoa(*o.Permissions))
	}
	return b.String(), nil
}

func (d *discord) fetch(ctx context.Context, t Tokens, _ *UserHint) (User, map[string]any, error) {
	var profile map[string]any
	if err := d.getJSON(ctx, "https://discord.com/api/users/@me", bearer(t.AccessToken), &profile); err != nil {
		return User{}, nil, err
	}
	id := strOf(profile, "id")
	if avatar, ok := profile["avatar"].(string); ok && avatar != "" {
		format := "png"
		if strings.HasPrefix(avatar, "a_") {
			format = "gif"
		}
		profile["image_url"] = "https://cdn.discordapp.com/avatars/" + id + "/" + avatar + "." + format
	} else {
		n := 0
		if disc := strOf(profile, "discriminator"); disc == "0" {
			if v, ok := new(big.Int).SetString(id, 10); ok {
				n = int(new(big.Int).Rsh(v, 22).Int64() % 6)
			}
		} else if v, err := strconv.Atoi(disc); err == nil {
			n = v % 5
		}
		profile["image_url"] = "https://cdn.discordapp.com/embed/avatars/" + strconv.Itoa(n) + ".png"
	}
	name := strOf(profile, "global_name")
	if name == "" {
		name = strOf(profile, "username")
	}
	return User{
		ID: id, Name: name, Email: strOf(profile, "email"),
		Image: strOf(profile, "image_url"), EmailVerified: boolOf(profile, "verified"),
	}, profile, nil
}

// encodeURIComponent is JavaScript's encodeURIComponent.
func encodeURIComponent(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	for _, c := range []string{"!", "'", "(", ")", "*"} {
		e = strings.ReplaceAll(e, url.QueryEscape(c), c)
	}
	return e
}
