package outbox_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/model"
	"github.com/goauth-dev/goauth/authcore/outbox"
)

var atRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// readLines returns every line of the outbox file decoded as a JSON object.
func readLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 || raw[len(raw)-1] != '\n' {
		t.Fatalf("outbox does not end with a newline: %q", raw)
	}
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not a JSON object: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func user(email string) model.User { return model.User{ID: "u1", Email: email} }

func TestCallbacksWriteOneLineEach(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	ob := outbox.New(path, quietLogger())
	ctx := context.Background()
	steps := []func() error{
		func() error {
			return ob.VerificationEmail(ctx, config.Email{User: user("a@x.co"), URL: "http://h/verify?token=t1", Token: "t1"})
		},
		func() error {
			return ob.ResetPassword(ctx, config.Email{User: user("b@x.co"), URL: "http://h/reset/t2", Token: "t2"})
		},
		func() error {
			return ob.ChangeEmailConfirmation(ctx, config.ChangeEmail{
				Email: config.Email{User: user("c@x.co"), URL: "http://h/verify?token=t3", Token: "t3"}, NewEmail: "new@x.co",
			})
		},
		func() error {
			return ob.DeleteAccountVerification(ctx, config.Email{User: user("d@x.co"), URL: "http://h/delete-user/callback?token=t4", Token: "t4"})
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}

	lines := readLines(t, path)
	want := []map[string]any{
		{"kind": "verification-email", "to": "a@x.co", "url": "http://h/verify?token=t1", "token": "t1"},
		{"kind": "reset-password", "to": "b@x.co", "url": "http://h/reset/t2", "token": "t2"},
		{"kind": "change-email-confirmation", "to": "c@x.co", "url": "http://h/verify?token=t3", "token": "t3", "newEmail": "new@x.co"},
		{"kind": "delete-account-verification", "to": "d@x.co", "url": "http://h/delete-user/callback?token=t4", "token": "t4"},
	}
	for i, l := range lines {
		at, ok := l["at"].(string)
		if !ok || !atRE.MatchString(at) {
			t.Errorf("line %d: at = %v, want an ISO time with milliseconds and Z", i, l["at"])
		}
		delete(l, "at")
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("outbox lines (-want +got):\n%s", diff)
	}
}

func TestLineKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	ob := outbox.New(path, quietLogger())
	if err := ob.Send(outbox.Message{Kind: "k", To: "a@x.co", URL: "http://h/?a=1&b=<2>", Token: "t"}); err != nil {
		t.Fatal(err)
	}
	if err := ob.Send(outbox.Message{Kind: "k", To: "a@x.co", URL: "u", Token: "t", NewEmail: "n@x.co", At: "ignored"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(rows) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(rows), raw)
	}
	wantKeys := [][]string{
		{"kind", "to", "url", "token", "at"},
		{"kind", "to", "url", "token", "newEmail", "at"},
	}
	for i, row := range rows {
		if diff := cmp.Diff(wantKeys[i], keysInOrder(t, row)); diff != "" {
			t.Errorf("line %d keys (-want +got):\n%s", i, diff)
		}
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(rows[0]), &m); err != nil {
		t.Fatal(err)
	}
	if m["url"] != "http://h/?a=1&b=<2>" {
		t.Errorf("url round-tripped as %q", m["url"])
	}
	if err := json.Unmarshal([]byte(rows[1]), &m); err != nil {
		t.Fatal(err)
	}
	if m["at"] == "ignored" || !atRE.MatchString(m["at"]) {
		t.Errorf("at = %q: Send must stamp the time itself", m["at"])
	}
}

// keysInOrder returns the top-level keys of a JSON object line in order.
func keysInOrder(t *testing.T, line string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("line %q is not an object", line)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestAppendsToExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	if err := os.WriteFile(path, []byte(`{"kind":"earlier","to":"x","at":"2020-01-01T00:00:00.000Z"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := outbox.New(path, quietLogger()).Send(outbox.Message{Kind: "later", To: "y"}); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, l := range readLines(t, path) {
		kinds = append(kinds, l["kind"].(string))
	}
	if diff := cmp.Diff([]string{"earlier", "later"}, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
}

func TestConcurrentSendsWriteWholeLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	ob := outbox.New(path, quietLogger())
	const n = 64
	long := strings.Repeat("x", 8<<10) // larger than a pipe buffer write
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := ob.Send(outbox.Message{Kind: "k", To: fmt.Sprintf("%d@x.co", i), Token: long}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	lines := readLines(t, path)
	if len(lines) != n {
		t.Fatalf("%d lines, want %d", len(lines), n)
	}
	var to []string
	for _, l := range lines {
		if l["token"] != long {
			t.Errorf("line for %v has a damaged token", l["to"])
		}
		to = append(to, l["to"].(string))
	}
	slices.Sort(to)
	to = slices.Compact(to)
	if len(to) != n {
		t.Errorf("%d distinct recipients, want %d", len(to), n)
	}
}

func TestEmptyPathOnlyLogs(t *testing.T) {
	var logs bytes.Buffer
	ob := outbox.New("", slog.New(slog.NewTextHandler(&logs, nil)))
	dir := t.TempDir()
	t.Chdir(dir)
	if err := ob.Send(outbox.Message{Kind: "reset-password", To: "a@x.co", URL: "http://h/reset/SECRET", Token: "SECRET"}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("an empty path wrote files: %v", entries)
	}
	out := logs.String()
	if !strings.Contains(out, "reset-password") || !strings.Contains(out, "a@x.co") {
		t.Errorf("log lacks kind and recipient: %s", out)
	}
	// Links and tokens are credentials: never logged.
	if strings.Contains(out, "SECRET") {
		t.Errorf("log contains the token: %s", out)
	}
}

func TestUnwritablePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing-dir", "outbox.jsonl")
	if err := outbox.New(path, quietLogger()).Send(outbox.Message{Kind: "k", To: "a"}); err == nil {
		t.Error("Send to a path in a missing directory succeeded")
	}
}

func TestNilLogger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	if err := outbox.New(path, nil).Send(outbox.Message{Kind: "k", To: "a"}); err != nil {
		t.Fatal(err)
	}
	if n := len(readLines(t, path)); n != 1 {
		t.Errorf("%d lines, want 1", n)
	}
}
