package social

import (
	"fmt"
	"slices"
)

// ProviderIDs are the 35 provider ids of Better Auth 1.6.9 (packages/core/src/social-providers).
var ProviderIDs = []string{
	"apple", "atlassian", "cognito", "discord", "dropbox", "facebook", "figma", "github",
	"gitlab", "google", "huggingface", "kakao", "kick", "line", "linear", "linkedin",
	"microsoft", "naver", "notion", "paybin", "paypal", "polar", "railway", "reddit",
	"roblox", "salesforce", "slack", "spotify", "tiktok", "twitch", "twitter", "vercel",
	"vk", "wechat", "zoom",
}

// constructors are the built-in providers, by id.
var constructors = map[string]func(Options) (Provider, error){
	"apple":       ok(Apple),
	"atlassian":   Atlassian,
	"cognito":     Cognito,
	"discord":     ok(Discord),
	"dropbox":     ok(Dropbox),
	"facebook":    ok(Facebook),
	"figma":       Figma,
	"github":      ok(GitHub),
	"gitlab":      ok(GitLab),
	"google":      ok(Google),
	"huggingface": ok(HuggingFace),
	"kakao":       ok(Kakao),
	"kick":        ok(Kick),
	"line":        ok(Line),
	"linear":      ok(Linear),
	"linkedin":    ok(LinkedIn),
	"microsoft":   ok(Microsoft),
	"naver":       ok(Naver),
	"notion":      ok(Notion),
	"paybin":      Paybin,
	"paypal":      PayPal,
	"polar":       ok(Polar),
	"railway":     ok(Railway),
	"reddit":      ok(Reddit),
	"roblox":      ok(Roblox),
	"salesforce":  Salesforce,
	"slack":       ok(Slack),
	"spotify":     ok(Spotify),
	"tiktok":      TikTok,
	"twitch":      ok(Twitch),
	"twitter":     ok(Twitter),
	"vercel":      ok(Vercel),
	"vk":          ok(VK),
	"wechat":      ok(WeChat),
	"zoom":        ok(Zoom),
}

func ok(f func(Options) Provider) func(Options) (Provider, error) {
	return func(o Options) (Provider, error) { return f(o), nil }
}

// Supported reports whether GoAuth implements the built-in provider id.
func Supported(id string) bool {
	_, found := constructors[id]
	return found
}

// Implemented returns the ids of the built-in providers GoAuth implements, sorted.
func Implemented() []string {
	out := make([]string, 0, len(constructors))
	for id := range constructors {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// New builds the built-in provider id with opts. It fails for ids Better Auth does not
// have, for a missing client id (TikTok: client key), and for provider options the
// provider refuses (see each constructor).
func New(id string, opts Options) (Provider, error) {
	c, found := constructors[id]
	if !found {
		return nil, fmt.Errorf("social: unknown provider %q (use NewOIDC or implement Provider)", id)
	}
	if id != "tiktok" && opts.ClientID == "" {
		return nil, fmt.Errorf("social: provider %q needs a ClientID", id)
	}
	return c(opts)
}
