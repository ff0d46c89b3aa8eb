package authsqlx_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore"
	"github.com/goauth-dev/goauth/authcore/authtest"
	"github.com/goauth-dev/goauth/authcore/config"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/store"
	"github.com/goauth-dev/goauth/authsqlx"
)

// End-to-end tests: authcore served over HTTP (authtest) on a real database through
// authsqlx, fresh per test (helpers_test.go).

// serve runs an authtest server on dsn: the schema comes from the server's own options
// (authcore.Schema), the database is migrated, and the adapter closes when t ends.
func serve(t testing.TB, dsn string, configure func(o *authcore.Options), opts ...authsqlx.Option) (*authtest.Server, *authsqlx.Adapter) {
	t.Helper()
	var a *authsqlx.Adapter
	s := authtest.New(t, func(o *authcore.Options) {
		if configure != nil {
			configure(o)
		}
		sch, err := authcore.Schema(*o)
		if err != nil {
			t.Fatalf("authcore.Schema: %v", err)
		}
		a = open(t, dsn, sch, opts...)
		if _, err := authsqlx.Migrate(t.Context(), a); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		o.Database = a
	})
	return s, a
}

// barrier holds every caller of wait until n have arrived (or ctx ends, or 15 s pass:
// the bound keeps a failing test from hanging; the assertions then fail on their own).
type barrier struct {
	n       int32
	arrived atomic.Int32
	all     chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: int32(n), all: make(chan struct{})} }

func (b *barrier) wait(ctx context.Context) {
	if b.arrived.Add(1) == b.n {
		close(b.all)
	}
	select {
	case <-b.all:
	case <-ctx.Done():
	case <-time.After(15 * time.Second):
	}
}

// cheapHasher replaces scrypt with SHA-256 so that the tests measure the database, not
// the hash. Passwords starting with "race-" wait at b (when not nil): every route hashes
// after its own checks and before it writes, so the barrier lines all racers up at the
// database.
func cheapHasher(b *barrier) *config.PasswordFuncs {
	sum := func(pw string) string {
		h := sha256.Sum256([]byte(pw))
		return "sha256:" + hex.EncodeToString(h[:])
	}
	return &config.PasswordFuncs{
		Hash: func(ctx context.Context, pw string) (string, error) {
			if b != nil && strings.HasPrefix(pw, "race-") {
				b.wait(ctx)
			}
			return sum(pw), nil
		},
		Verify: func(_ context.Context, hash, pw string) (bool, error) { return hash == sum(pw), nil },
	}
}

// outcome is one racer's answer: "200" or "<status> <code>".
type outcome struct {
	status int
	code   string
	body   []byte
}

func (o outcome) String() string {
	if o.code == "" {
		return fmt.Sprint(o.status)
	}
	return fmt.Sprintf("%d %s", o.status, o.code)
}

// raceHTTP sends n POSTs to path at once (body(i) for racer i) and returns the answers in
// racer order. It is safe to call from the test goroutine only.
func raceHTTP(t *testing.T, s *authtest.Server, n int, path string, body func(i int) any) []outcome {
	t.Helper()
	out := make([]outcome, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			out[i], errs[i] = post(t.Context(), s, path, body(i))
		})
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return out
}

// post sends one JSON POST as a browser on the server's origin would; it may run on any
// goroutine (it reports errors instead of failing the test).
func post(ctx context.Context, s *authtest.Server, path string, body any) (outcome, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return outcome{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/api/auth"+path, bytes.NewReader(b))
	if err != nil {
		return outcome{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.URL)
	resp, err := s.Server.Client().Do(req)
	if err != nil {
		return outcome{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return outcome{}, err
	}
	var e struct{ Code string }
	if resp.StatusCode != http.StatusOK {
		_ = json.Unmarshal(raw, &e)
	}
	return outcome{status: resp.StatusCode, code: e.Code, body: raw}, nil
}

func tally(rs []outcome) map[string]int {
	m := map[string]int{}
	for _, r := range rs {
		m[r.String()]++
	}
	return m
}

// rows counts the rows of table (optionally WHERE column = value) with plain SQL, so the
// check does not go through the adapter under test.
func rows(t testing.TB, a *authsqlx.Adapter, table, column string, value any) int {
	t.Helper()
	d := a.Dialect()
	q := "SELECT COUNT(*) FROM " + quote(d, table)
	var args []any
	if column != "" {
		param := "?"
		if d == authsqlx.Postgres {
			param = "$1"
		}
		q += " WHERE " + quote(d, column) + " = " + param
		args = append(args, value)
	}
	var n int
	if err := a.DB().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func wantStatus(t testing.TB, what string, r *authtest.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: %d %s, want %d", what, r.Status, r.Body, status)
	}
}

// userEmail returns session.user.email of a get-session answer ("" for null).
func userEmail(t testing.TB, r *authtest.Response) string {
	t.Helper()
	wantStatus(t, "get-session", r, http.StatusOK)
	var body *struct {
		User struct{ Email string }
	}
	r.JSON(t, &body)
	if body == nil {
		return ""
	}
	return body.User.Email
}

// TestE2EResetPasswordRace: 32 concurrent POST /reset-password with one token → one 200;
// only the winner's password works afterwards.
func TestE2EResetPasswordRace(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		const n = 32
		b := newBarrier(n)
		s, a := serve(t, freshDSN(t, d), func(o *authcore.Options) {
			o.EmailAndPassword.Password = cheapHasher(b)
		})
		c := s.Client(t)
		c.SignUp("Ann", "ann@example.com", "initial-password")
		wantStatus(t, "request-password-reset", c.Post("/request-password-reset", map[string]any{"email": "ann@example.com"}), http.StatusOK)
		mail, ok := s.Mail.Last("reset-password")
		if !ok {
			t.Fatal("no reset-password mail")
		}
		rs := raceHTTP(t, s, n, "/reset-password", func(i int) any {
			return map[string]any{"newPassword": fmt.Sprintf("race-new-%02d", i), "token": mail.Token}
		})
		if got := b.arrived.Load(); got != n {
			t.Fatalf("%d of %d racers reached the hasher", got, n)
		}
		want := map[string]int{"200": 1, "400 INVALID_TOKEN": n - 1}
		if diff := cmp.Diff(want, tally(rs)); diff != "" {
			t.Fatalf("outcomes (-want +got):\n%s", diff)
		}
		winner := -1
		for i, r := range rs {
			if r.status == http.StatusOK {
				winner = i
			}
		}
		if got := rows(t, a, "verification", "identifier", "reset-password:"+mail.Token); got != 0 {
			t.Errorf("%d reset-password rows left", got)
		}
		other := (winner + 1) % n
		for i, want := range map[int]int{winner: http.StatusOK, other: http.StatusUnauthorized} {
			r := s.Client(t).Post("/sign-in/email", map[string]any{"email": "ann@example.com", "password": fmt.Sprintf("race-new-%02d", i)})
			if r.Status != want {
				t.Errorf("sign-in with racer %d's password (winner %d): %d %s, want %d", i, winner, r.Status, r.Body, want)
			}
		}
	})
}

// TestE2ESignUpRace: 32 concurrent sign-ups of one email → one user row (with one
// account) and 31 × 422 USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL. The hasher's barrier makes
// every racer pass the route's existence check before any of them inserts, so the 31
// losers are stopped by the database's unique index (db.ErrConflict), not by the check.
func TestE2ESignUpRace(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		const n = 32
		b := newBarrier(n)
		s, a := serve(t, freshDSN(t, d), func(o *authcore.Options) {
			o.EmailAndPassword.Password = cheapHasher(b)
		})
		rs := raceHTTP(t, s, n, "/sign-up/email", func(i int) any {
			return map[string]any{"name": fmt.Sprint("Racer ", i), "email": "race@example.com", "password": "race-password"}
		})
		if got := b.arrived.Load(); got != n {
			t.Fatalf("%d of %d racers passed the existence check", got, n)
		}
		want := map[string]int{"200": 1, "422 USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL": n - 1}
		if diff := cmp.Diff(want, tally(rs)); diff != "" {
			t.Fatalf("outcomes (-want +got):\n%s", diff)
		}
		for _, r := range rs {
			if r.status != http.StatusOK && !bytes.Equal(r.body, []byte(`{"message":"User already exists. Use another email.","code":"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"}`)) {
				t.Errorf("loser's body = %s", r.body)
			}
		}
		for table, want := range map[string]int{"user": 1, "account": 1, "session": 1} {
			if got := rows(t, a, table, "", nil); got != want {
				t.Errorf("%s rows = %d, want %d", table, got, want)
			}
		}
	})
}

// TestE2EFlow: sign-up, get-session, a second device, change-password revoking other
// sessions, sign-out, sign-in, list-sessions and delete-user, each step checked against
// the rows it leaves.
func TestE2EFlow(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		// SHA-256 instead of scrypt: eight hashes under -race would take most of the time;
		// the takeover test and the benchmarks run scrypt.
		s, a := serve(t, freshDSN(t, d), func(o *authcore.Options) { o.EmailAndPassword.Password = cheapHasher(nil) })
		const email, pw1, pw2 = "flow@example.com", "first-password-1", "second-password-2"
		c1, c2 := s.Client(t), s.Client(t)
		r := c1.SignUp("Flow", email, pw1)
		var signed struct{ User struct{ ID string } }
		r.JSON(t, &signed)
		uid := signed.User.ID
		if got := userEmail(t, c1.Get("/get-session", nil)); got != email {
			t.Fatalf("get-session after sign-up: user %q", got)
		}
		c2.SignIn(email, pw1)
		if got := rows(t, a, "session", "userId", uid); got != 2 {
			t.Fatalf("sessions after two sign-ins = %d, want 2", got)
		}

		r = c1.Post("/change-password", map[string]any{"currentPassword": pw1, "newPassword": pw2, "revokeOtherSessions": true})
		wantStatus(t, "change-password", r, http.StatusOK)
		if got := userEmail(t, c2.Get("/get-session", nil)); got != "" {
			t.Errorf("the other device's session survived revokeOtherSessions: %q", got)
		}
		if got := userEmail(t, c1.Get("/get-session", nil)); got != email {
			t.Errorf("get-session with change-password's new session: %q", got)
		}

		wantStatus(t, "sign-out", c1.Post("/sign-out", nil), http.StatusOK)
		if got := userEmail(t, c1.Get("/get-session", nil)); got != "" {
			t.Errorf("get-session after sign-out: %q", got)
		}
		if got := rows(t, a, "session", "userId", uid); got != 0 {
			t.Errorf("sessions after sign-out = %d, want 0", got)
		}
		r = c1.Post("/sign-in/email", map[string]any{"email": email, "password": pw1})
		if r.Status != http.StatusUnauthorized || r.Code() != "INVALID_EMAIL_OR_PASSWORD" {
			t.Errorf("sign-in with the old password: %d %s", r.Status, r.Body)
		}
		c1.SignIn(email, pw2)
		c2.SignIn(email, pw2)

		r = c1.Get("/list-sessions", nil)
		wantStatus(t, "list-sessions", r, http.StatusOK)
		var list []struct{ UserID, Token string }
		r.JSON(t, &list)
		if len(list) != 2 || list[0].UserID != uid || list[1].UserID != uid || list[0].Token == list[1].Token {
			t.Errorf("list-sessions = %s, want the two sessions of %s", r.Body, uid)
		}

		r = c1.Post("/delete-user", map[string]any{"password": pw2})
		wantStatus(t, "delete-user", r, http.StatusOK)
		if diff := cmp.Diff(`{"success":true,"message":"User deleted"}`, string(r.Body)); diff != "" {
			t.Errorf("delete-user body (-want +got):\n%s", diff)
		}
		for _, c := range []*authtest.Client{c1, c2} {
			if got := userEmail(t, c.Get("/get-session", nil)); got != "" {
				t.Errorf("get-session after delete-user: %q", got)
			}
		}
		for table, column := range map[string]string{"user": "id", "account": "userId", "session": "userId"} {
			if got := rows(t, a, table, column, uid); got != 0 {
				t.Errorf("%s rows of the deleted user = %d, want 0", table, got)
			}
		}
	})
}

// TestE2ESignUpAtomic: sign-up writes user and account in one transaction. A database hook
// failing the account insert (after the user row was inserted in the same transaction)
// leaves no user row, and the email stays free.
func TestE2ESignUpAtomic(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d authsqlx.Dialect) {
		var refuse atomic.Bool
		refuse.Store(true)
		var userInserted atomic.Bool
		var srv *authtest.Server
		s, a := serve(t, freshDSN(t, d), func(o *authcore.Options) {
			o.EmailAndPassword.Password = cheapHasher(nil)
			o.DatabaseHooks = store.Hooks{
				"user": {Create: store.OpHooks{After: func(context.Context, db.Record) error { userInserted.Store(true); return nil }}},
				"account": {Create: store.OpHooks{Before: func(ctx context.Context, data db.Record) (db.Record, error) {
					// The user row is in the transaction: visible here, through the same transaction.
					tx := srv.Auth.Context.Store.Adapter(ctx)
					if n, err := tx.Count(ctx, "user", []db.Where{db.EqWhere("id", data["userId"])}); err != nil || n != 1 {
						t.Errorf("user row inside the transaction: %d, %v", n, err)
					}
					if refuse.Load() {
						return nil, errors.New("account hook refuses")
					}
					return nil, nil
				}}},
			}
		})
		srv = s
		body := map[string]any{"name": "Atomic", "email": "atomic@example.com", "password": "atomic-password"}
		r := s.Client(t).Post("/sign-up/email", body)
		// Better Auth's answer to a failed user creation; the cause goes to the log only.
		if r.Status != http.StatusUnprocessableEntity || string(r.Body) != `{"message":"Failed to create user","code":"FAILED_TO_CREATE_USER"}` {
			t.Errorf("sign-up with a failing account hook: %d %s", r.Status, r.Body)
		}
		if len(r.Cookies()) != 0 {
			t.Errorf("cookies set: %q", r.Cookies())
		}
		for _, table := range []string{"user", "account", "session"} {
			if got := rows(t, a, table, "", nil); got != 0 {
				t.Errorf("%s rows = %d, want 0", table, got)
			}
		}
		if userInserted.Load() {
			t.Error("the user after-hook ran for a rolled-back insert")
		}
		refuse.Store(false)
		s.Client(t).SignUp("Atomic", "atomic@example.com", "atomic-password")
		if u, acc := rows(t, a, "user", "", nil), rows(t, a, "account", "", nil); u != 1 || acc != 1 {
			t.Errorf("after a successful retry: %d users, %d accounts; want 1, 1", u, acc)
		}
	})
}
