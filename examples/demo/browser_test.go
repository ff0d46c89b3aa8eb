package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserNames are the executables the test looks for on PATH, in order, when
// CHROMIUM_BIN is not set. scripts/browser-deps.sh installs Debian's chromium.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findBrowser returns the browser to drive. Without one the test fails in CI (CI=true),
// where scripts/test.sh has run scripts/browser-deps.sh to install it, and is skipped
// elsewhere, saying how to install it.
func findBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_BIN"); p != "" {
		return p
	}
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("no Chromium found (looked for CHROMIUM_BIN, then %s on PATH); "+
		"install it with `bash scripts/browser-deps.sh` (Debian: apt-get install -y chromium)", strings.Join(browserNames, ", "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// stepTimeout bounds each step; the whole walk takes a few seconds.
const stepTimeout = 15 * time.Second

// tab is one browser context (its own cookie jar) with one page.
type tab struct {
	name string
	ctx  context.Context
	base string
}

// session drives the demo in real browser tabs and, when a step fails, saves a screenshot
// of every tab in the test's artifact directory and logs where.
type session struct {
	t    *testing.T
	tabs []*tab
	n    int // steps run, to name screenshots
}

// fail records what every tab shows, then ends the test.
func (s *session) fail(step string, err error) {
	s.t.Helper()
	dir := s.t.ArtifactDir()
	for _, tb := range s.tabs {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		png, shotErr := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		cancel()
		path := filepath.Join(dir, fmt.Sprintf("%02d-%s-%s.png", s.n, tb.name, slug(step)))
		if shotErr == nil {
			shotErr = os.WriteFile(path, png, 0o644)
		}
		if shotErr != nil {
			s.t.Logf("tab %s at %s: no screenshot: %v", tb.name, loc, shotErr)
		} else {
			s.t.Logf("tab %s at %s: screenshot %s", tb.name, loc, path)
		}
		s.t.Logf("tab %s shows:\n%s", tb.name, text)
	}
	s.t.Logf("screenshots are kept with: go test -run TestBrowser -artifacts -outputdir DIR")
	s.t.Fatalf("step %q: %v", step, err)
}

// slug makes a file name part of a step: lowercase letters and digits joined by "-".
func slug(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	return strings.Join(words, "-")
}

// do runs a step's actions in tab tb.
func (s *session) do(tb *tab, step string, actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	s.n++
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	// A page that is still settling (a client-side navigation landing, a form re-rendered)
	// can replace the node chromedp just resolved; such an action did nothing and is
	// safe to repeat once the document has been replaced.
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = chromedp.Do(ctx, actions...); err == nil || !staleNode(err) {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err != nil {
		s.fail(tb.name+": "+step, err)
	}
}

// staleNode reports the CDP error for a node that vanished between lookup and use.
func staleNode(err error) bool {
	return strings.Contains(err.Error(), "No node with given id found") ||
		strings.Contains(err.Error(), "Could not find node with given id")
}

// eval returns the value of a JavaScript expression in tb.
func (s *session) eval(tb *tab, expr string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		s.fail(tb.name+": evaluate "+expr, err)
	}
	return v
}

// waitFor waits until the JavaScript expression got, evaluated in tb, returns want. It
// keeps polling across page loads, which the client code triggers after signing in and
// out. On timeout it reports the last value seen.
func (s *session) waitFor(tb *tab, what, got, want string) {
	s.t.Helper()
	s.n++
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	expr := fmt.Sprintf(`(async () => { try { return String(await (%s)); } catch (e) { return "error: " + e.message; } })()`, got)
	last := "(nothing: the page was loading)"
	for {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err == nil {
			if v == want {
				return
			}
			last = v
		}
		select {
		case <-ctx.Done():
			s.fail(tb.name+": "+what, fmt.Errorf("%s is %q, want %q (%w)", got, last, want, ctx.Err()))
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitText waits until the element's text is want.
func (s *session) waitText(tb *tab, sel, want string) {
	s.t.Helper()
	s.waitFor(tb, sel+" shows "+strconv.Quote(want),
		fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() ?? "(no %s on the page)"`, sel, sel), want)
}

// waitProfile waits for the profile page to have loaded and rendered the session.
func (s *session) waitProfile(tb *tab) {
	s.t.Helper()
	s.waitFor(tb, "the profile page", `location.pathname + " " + (document.querySelector("#profile")?.dataset.ready ?? "-")`, "/profile true")
}

func (s *session) signIn(tb *tab, email, password string) {
	s.t.Helper()
	s.do(tb, "sign in as "+email,
		chromedp.SetValue(chromedp.CSS(`#sign-in [name=email]`), email),
		chromedp.SetValue(chromedp.CSS(`#sign-in [name=password]`), password),
		chromedp.Click(chromedp.CSS(`#sign-in button[type=submit]`)),
	)
}

func (s *session) signOut(tb *tab) {
	s.t.Helper()
	s.do(tb, "sign out", chromedp.Click(chromedp.CSS(`#sign-out`)))
	s.waitFor(tb, "the sign-in page after signing out", `location.pathname + " " + document.body.dataset.page`, "/sign-in sign-in")
}

// TestBrowser walks through the demo in headless Chromium: the pages' code is the
// official Better Auth client (web/dist/app.js), the server GoAuth on Echo. Two browser
// contexts stand for two devices of the same user.
func TestBrowser(t *testing.T) {
	bin := findBrowser(t)
	srv := startDemo(t)
	started := time.Now()

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions"),
		chromedp.Flag("password-store", "basic"),
		chromedp.WindowSize(1000, 1400),
	)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", bin, err)
	}
	version := ""
	if out, err := exec.Command(bin, "--version").Output(); err == nil {
		version = strings.TrimSpace(string(out))
	}
	t.Logf("browser %s (%s) started in %v", bin, version, time.Since(started).Round(time.Millisecond))

	newTab := func(name string) *tab {
		ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		if err := chromedp.Do(ctx); err != nil {
			t.Fatalf("opening browser context %s: %v", name, err)
		}
		return &tab{name: name, ctx: ctx, base: srv.URL}
	}
	laptop := newTab("laptop")
	s := &session{t: t, tabs: []*tab{laptop}}

	const (
		email       = "ada@example.com"
		oldPassword = "analytical-engine-1843"
		newPassword = "difference-engine-1822"
	)

	// Sign up: the client's signUp.email sets the session cookie, the page moves on.
	s.do(laptop, "open /sign-up", chromedp.Navigate(srv.URL+"/sign-up"))
	s.do(laptop, "fill in the sign-up form",
		chromedp.SetValue(chromedp.CSS(`#sign-up [name=name]`), "Ada Lovelace"),
		chromedp.SetValue(chromedp.CSS(`#sign-up [name=email]`), email),
		chromedp.SetValue(chromedp.CSS(`#sign-up [name=password]`), oldPassword),
		chromedp.Click(chromedp.CSS(`#sign-up button[type=submit]`)),
	)
	s.waitProfile(laptop)
	s.waitText(laptop, "#greeting", "Signed in as Ada Lovelace")
	s.waitText(laptop, "#user-email", email)
	s.waitText(laptop, "#session-count", "1")
	s.waitText(laptop, "#session-ip", "127.0.0.1")
	s.waitText(laptop, "#sessions .current strong", "(this device)")

	// Sign out; the profile page is then guarded by the server (authecho.Require).
	s.signOut(laptop)
	s.do(laptop, "open /profile signed out", chromedp.Navigate(srv.URL+"/profile"))
	s.waitFor(laptop, "the redirect to the sign-in page", `location.pathname + location.search`, "/sign-in?callbackURL=%2Fprofile")

	// Sign in; the page goes back to the callbackURL.
	s.signIn(laptop, email, oldPassword)
	s.waitProfile(laptop)
	s.waitText(laptop, "#greeting", "Signed in as Ada Lovelace")

	// Update the name.
	s.do(laptop, "update the name",
		chromedp.SetValue(chromedp.CSS(`#update-name [name=name]`), "Ada King"),
		chromedp.Click(chromedp.CSS(`#update-name button[type=submit]`)),
	)
	s.waitText(laptop, "#update-name-status", "Name updated")
	s.waitText(laptop, "#greeting", "Signed in as Ada King")

	// Change the password: a wrong current password is refused, the right one works.
	s.do(laptop, "change the password with a wrong current password",
		chromedp.SetValue(chromedp.CSS(`#change-password [name=currentPassword]`), "not-my-password"),
		chromedp.SetValue(chromedp.CSS(`#change-password [name=newPassword]`), newPassword),
		chromedp.Click(chromedp.CSS(`#change-password button[type=submit]`)),
	)
	s.waitText(laptop, "#change-password-status", "Invalid password")
	s.do(laptop, "change the password",
		chromedp.SetValue(chromedp.CSS(`#change-password [name=currentPassword]`), oldPassword),
		chromedp.SetValue(chromedp.CSS(`#change-password [name=newPassword]`), newPassword),
		chromedp.Click(chromedp.CSS(`#change-password button[type=submit]`)),
	)
	s.waitText(laptop, "#change-password-status", "Password changed")

	// Sign out; the old password no longer works, the new one does.
	s.signOut(laptop)
	s.signIn(laptop, email, oldPassword)
	s.waitText(laptop, "#sign-in-status", "Invalid email or password")
	s.signIn(laptop, email, newPassword)
	s.waitProfile(laptop)
	s.waitText(laptop, "#greeting", "Signed in as Ada King")
	s.waitText(laptop, "#session-count", "1")

	// A second device: its own browser context, so its own cookies.
	phone := newTab("phone")
	s.tabs = append(s.tabs, phone)
	s.do(phone, "open /sign-in", chromedp.Navigate(srv.URL+"/sign-in"))
	s.signIn(phone, email, newPassword)
	s.waitProfile(phone)
	s.waitText(phone, "#greeting", "Signed in as Ada King")
	s.waitText(phone, "#session-count", "2")

	// The laptop sees both sessions and signs the other one out.
	s.do(laptop, "reload the profile", chromedp.Reload())
	s.waitProfile(laptop)
	s.waitText(laptop, "#session-count", "2")
	if n := s.eval(laptop, `String(document.querySelectorAll("#sessions button.revoke").length)`); n != "1" {
		s.fail("laptop: the session list", fmt.Errorf("%s revoke buttons, want 1 (for the phone's session)", n))
	}
	s.do(laptop, "sign out the other sessions", chromedp.Click(chromedp.CSS(`#revoke-others`)))
	s.waitText(laptop, "#sessions-status", "Other sessions signed out")
	s.waitText(laptop, "#session-count", "1")

	// The phone is signed out: the server sends its next page load to the sign-in page.
	s.do(phone, "open /profile after the revocation", chromedp.Navigate(srv.URL+"/profile"))
	s.waitFor(phone, "the redirect to the sign-in page", `location.pathname + location.search`, "/sign-in?callbackURL=%2Fprofile")
	s.waitFor(phone, "the session as the client sees it",
		`(async () => (await (await fetch("/api/auth/get-session")).text()))()`, "null")

	// The laptop still is signed in.
	s.do(laptop, "reload the profile", chromedp.Reload())
	s.waitProfile(laptop)
	s.waitText(laptop, "#greeting", "Signed in as Ada King")

	t.Logf("walked through the demo in %v", time.Since(started).Round(time.Millisecond))
}
