package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/goauth-dev/goauth/auth"
	"github.com/labstack/echo/v4"
)

// startDemo serves the demo on an httptest server (BaseURL = its URL).
func startDemo(t *testing.T) *httptest.Server {
	t.Helper()
	var e *echo.Echo
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { e.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	var err error
	e, err = newServer(auth.Options{
		BaseURL: srv.URL,
		Secret:  "examples-demo-secret-0123456789abcdefghijklm",
		Logger:  slog.New(slog.DiscardHandler),
	}, "file:"+filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

type browser struct {
	t   *testing.T
	url string
	c   *http.Client
}

func newBrowser(t *testing.T, url string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, url: url, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get loads a page as a browser navigation.
func (b *browser) get(path string) (*http.Response, string) {
	return b.do("GET", path, "", "Sec-Fetch-Mode", "navigate", "Accept", "text/html")
}

func (b *browser) do(method, path, body string, header ...string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.url+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", b.url)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

func TestPagesSignedOut(t *testing.T) {
	srv := startDemo(t)
	b := newBrowser(t, srv.URL)
	for _, tc := range []struct {
		path, location string
		status         int
		contains       string
	}{
		{"/", "/sign-in", 303, ""},
		{"/sign-in", "", 200, `<body data-page="sign-in">`},
		{"/sign-up", "", 200, `<form id="sign-up"`},
		{"/profile", "/sign-in?callbackURL=%2Fprofile", 303, ""},
		{"/assets/style.css", "", 200, "body {"},
	} {
		resp, body := b.get(tc.path)
		if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location || !strings.Contains(body, tc.contains) {
			t.Errorf("%s: %d Location %q, want %d %q containing %q", tc.path, resp.StatusCode, resp.Header.Get("Location"),
				tc.status, tc.location, tc.contains)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", tc.path, csp)
		}
	}
	resp, body := b.do("GET", "/api/me", "")
	if resp.StatusCode != 401 || body != `{"message":"Unauthorized","code":"UNAUTHORIZED"}` {
		t.Errorf("/api/me: %d %s", resp.StatusCode, body)
	}
	resp, body = b.do("GET", "/assets/app.js", "")
	want, _ := files.ReadFile("web/dist/app.js")
	if resp.StatusCode != 200 || body != string(want) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("/assets/app.js: %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
}

func TestPagesSignedIn(t *testing.T) {
	srv := startDemo(t)
	b := newBrowser(t, srv.URL)
	resp, body := b.do("POST", "/api/auth/sign-up/email", `{"name":"Ada <script>","email":"ada@example.com","password":"correct horse battery staple"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("sign-up: %d %s", resp.StatusCode, body)
	}
	if resp, _ := b.get("/"); resp.Header.Get("Location") != "/profile" {
		t.Errorf("/: Location %q, want /profile", resp.Header.Get("Location"))
	}
	resp, body = b.get("/profile")
	if resp.StatusCode != 200 || !strings.Contains(body, `<h1 id="greeting">Signed in as Ada &lt;script&gt;</h1>`) ||
		!strings.Contains(body, `<dd id="user-email">ada@example.com</dd>`) {
		t.Errorf("/profile: %d\n%s", resp.StatusCode, body)
	}
	resp, body = b.do("GET", "/api/me", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"email":"ada@example.com"`) {
		t.Errorf("/api/me: %d %s", resp.StatusCode, body)
	}
	_, body = b.do("GET", "/api/auth/list-sessions", "")
	if !strings.Contains(body, `"ipAddress":"127.0.0.1"`) {
		t.Errorf("list-sessions: %s; want the browser's address recorded (no proxy is trusted)", body)
	}
}

// sourcesStamp computes web/build.sh's stamp: the SHA-256 of the `sha256sum` listing of
// the bundle's sources, sorted by path.
func sourcesStamp(t *testing.T) string {
	t.Helper()
	paths := []string{"build.sh", "package.json", "package-lock.json"}
	err := filepath.WalkDir("web/src", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, strings.TrimPrefix(filepath.ToSlash(p), "web/"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var listing bytes.Buffer
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join("web", p))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&listing, "%x  %s\n", sha256.Sum256(data), p)
	}
	sum := sha256.Sum256(listing.Bytes())
	return hex.EncodeToString(sum[:])
}

// TestBundleUpToDate fails when web/ changed after the committed bundle was built: run
// web/build.sh and commit web/dist/app.js. When the npm packages are installed
// (web/node_modules), it also rebuilds the bundle and checks it is byte for byte the
// committed one; without them that half fails in CI (CI=true; scripts/test.sh installs
// them) and is skipped elsewhere, as it needs npm and the registry.
func TestBundleUpToDate(t *testing.T) {
	bundle, err := os.ReadFile("web/dist/app.js")
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := bytes.Cut(bundle, []byte("\n"))
	want := "/* goauth-demo sources-sha256:" + sourcesStamp(t) + " */"
	if string(first) != want {
		t.Fatalf("web/dist/app.js is stale: its stamp is %q, the sources give %q; run examples/demo/web/build.sh", first, want)
	}

	t.Run("rebuild", func(t *testing.T) {
		if _, err := os.Stat("web/node_modules/.bin/esbuild"); err != nil {
			msg := "web/node_modules is not installed, so the bundle cannot be rebuilt here (the stamp check above ran); " +
				"bash scripts/browser-deps.sh installs it (npm ci in examples/demo/web)"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
		out := filepath.Join(t.TempDir(), "app.js")
		cmd := exec.Command("bash", "web/build.sh", out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build.sh: %v\n%s", err, b)
		}
		rebuilt, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(rebuilt, bundle) {
			t.Fatalf("rebuilding gives %d bytes that differ from the committed %d; run examples/demo/web/build.sh", len(rebuilt), len(bundle))
		}
	})
}
