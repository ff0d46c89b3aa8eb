package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the CLI in a temporary working directory with a clean environment.
func run(t *testing.T, dir string, env map[string]string, stdin string, args ...string) (string, error) {
	t.Helper()
	for _, k := range []string{"DATABASE_URL", "DATABASE", "BETTER_AUTH_SECRET", "BETTER_AUTH_SECRETS", "AUTH_SECRET",
		"GOAUTH_ENV", "RATE_LIMIT", "GOAUTH_OUTBOX", "OUTBOX", "BASE_URL", "BETTER_AUTH_URL", "PORT", "PROFILE", "REDIS_URL", "DATABASE_MAX_CONNS"} {
		t.Setenv(k, "")
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	t.Chdir(dir)
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestMigrateDryRunThenApply(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, dir, nil, "", "migrate", "--dry-run")
	if err != nil {
		t.Fatalf("migrate --dry-run: %v\n%s", err, out)
	}
	if !strings.Contains(out, "[1/7] create table user") || !strings.Contains(out, "dry run: nothing applied") {
		t.Errorf("dry-run output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "goauth.db")); err != nil {
		t.Fatalf("default database file not created: %v", err)
	}
	out, err = run(t, dir, nil, "", "migrate", "--json")
	if err != nil {
		t.Fatalf("migrate --json: %v\n%s", err, out)
	}
	var plan planJSON
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if plan.Dialect != "sqlite" || len(plan.Steps) != 7 || !plan.Applied {
		t.Errorf("plan = %+v", plan)
	}
	out, err = run(t, dir, nil, "", "migrate")
	if err != nil || !strings.Contains(out, "up to date") {
		t.Errorf("second migrate: %v\n%s", err, out)
	}
}

func TestGenerateDialects(t *testing.T) {
	dir := t.TempDir()
	for d, marker := range map[string]string{"sqlite": `"emailVerified" integer`, "postgres": "timestamptz", "mysql": "varchar(36)"} {
		out, err := run(t, dir, nil, "", "generate", "--dialect", d)
		if err != nil || !strings.Contains(out, marker) {
			t.Errorf("generate --dialect %s: %v\n%s", d, err, out)
		}
	}
	if _, err := run(t, dir, nil, "", "generate", "--dialect", "oracle"); err == nil {
		t.Error("unknown dialect accepted")
	}
	// Default dialect: that of DATABASE_URL. Nothing connects.
	out, err := run(t, dir, map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"}, "", "generate")
	if err != nil || !strings.Contains(out, "timestamptz") {
		t.Errorf("generate with a postgres DATABASE_URL: %v\n%s", err, out)
	}
}

func TestSecretCommands(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, dir, nil, "", "secret")
	secret := strings.TrimSpace(out)
	if err != nil || len(secret) != 64 {
		t.Fatalf("secret: %v %q", err, out)
	}
	if out, err := run(t, dir, nil, secret+"\n", "secret", "check", "-"); err != nil {
		t.Errorf("a generated secret failed the check: %v\n%s", err, out)
	}
	if _, err := run(t, dir, nil, "short\n", "secret", "check", "-"); err == nil {
		t.Error("a short secret passed the check")
	}
	if _, err := run(t, dir, map[string]string{"BETTER_AUTH_SECRET": "better-auth-secret-12345678901234567890"}, "", "secret", "check"); err == nil {
		t.Error("Better Auth's default secret passed the check")
	}
	if _, err := run(t, dir, nil, "", "secret", "check", "the-secret-itself"); err == nil {
		t.Error("a secret on the command line was accepted")
	}
}

func TestDoctor(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, dir, nil, "", "doctor")
	if err != nil {
		t.Fatalf("doctor on a fresh directory: %v\n%s", err, out)
	}
	for _, want := range []string{"warn  secret", "ok    database", "warn  migrations   7 step(s) pending"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	out, err = run(t, dir, map[string]string{"GOAUTH_ENV": "production", "BETTER_AUTH_SECRET": "short"}, "", "doctor")
	if err == nil || !strings.Contains(out, "FAIL  secret") {
		t.Errorf("doctor with a weak production secret: %v\n%s", err, out)
	}
	out, err = run(t, dir, map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"}, "", "doctor")
	if err == nil || !strings.Contains(out, "FAIL  database") {
		t.Errorf("doctor with an unreachable database: %v\n%s", err, out)
	}
}

func TestInfoListsRoutes(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, dir, nil, "", "info")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Better Auth protocol 1.6.9", "POST  /api/auth/sign-up/email", "GET   /api/auth/get-session", "better-auth.session_token"} {
		if !strings.Contains(out, want) {
			t.Errorf("info output lacks %q:\n%s", want, out)
		}
	}
}

func TestOneLineErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]map[string]string{
		"unwritable directory":   {"DATABASE_URL": "file:" + filepath.Join(dir, "missing", "x.db")},
		"bad scheme":             {"DATABASE_URL": "bogus://x"},
		"unreachable":            {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"},
		"bad rate limit":         {"RATE_LIMIT": "maybe"},
		"bad pool size":          {"DATABASE_MAX_CONNS": "0"},
		"pool size not a number": {"DATABASE_MAX_CONNS": "lots"},
	}
	for name, env := range cases {
		_, err := run(t, dir, env, "", "migrate")
		if err == nil {
			t.Errorf("%s: migrate succeeded", name)
			continue
		}
		if msg := oneLine(err.Error()); strings.Contains(msg, "\n") || msg == "" {
			t.Errorf("%s: error is not one line: %q", name, msg)
		}
	}
	if got := oneLine("a\n\tb\r\nc"); got != "a; b; c" {
		t.Errorf("oneLine = %q", got)
	}
}

func TestServeRefusesPendingWithNoMigrate(t *testing.T) {
	dir := t.TempDir()
	_, err := run(t, dir, map[string]string{"PORT": "0"}, "", "serve", "--no-migrate")
	if err == nil || !strings.Contains(err.Error(), "pending migration") {
		t.Fatalf("serve --no-migrate on an empty database: %v", err)
	}
	_, err = run(t, dir, map[string]string{"PROFILE": "core+twoFactor"}, "", "serve")
	if err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Fatalf("serve with an unimplemented profile: %v", err)
	}
}

// DATABASE_MAX_CONNS sizes the connection pool.
func TestDatabaseMaxConns(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "file:"+filepath.Join(dir, "pool.db"))
	t.Setenv("DATABASE_MAX_CONNS", "3")
	rt, err := loadRuntime("", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a, err := rt.openDatabase(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := a.DB().Stats().MaxOpenConnections; got != 3 {
		t.Errorf("MaxOpenConnections = %d, want 3", got)
	}
}
