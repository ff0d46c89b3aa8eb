// Command floor is the load comparison's lower floor for GET /get-session: a minimal Go
// server that parses the session cookie, checks its HMAC and reads the session and user
// rows from SQLite by index (prepared statements, the same modernc.org/sqlite driver and
// pragmas as GoAuth), then answers {session, user} with encoding/json. It has no
// configuration, hooks, plugins, cookie cache or refresh: whatever GoAuth does beyond
// this is its own overhead.
//
//	PORT=4711 DATABASE=/path/goauth.db SECRET=... floor
//
// DATABASE is the SQLite file of a GoAuth (or Better Auth) server, whose schema it reads.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

const cookieName = "better-auth.session_token"

type session struct {
	ID        string  `json:"id"`
	ExpiresAt string  `json:"expiresAt"`
	Token     string  `json:"token"`
	CreatedAt string  `json:"createdAt"`
	UpdatedAt string  `json:"updatedAt"`
	IPAddress *string `json:"ipAddress"`
	UserAgent *string `json:"userAgent"`
	UserID    string  `json:"userId"`
}

type user struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Email         string  `json:"email"`
	EmailVerified bool    `json:"emailVerified"`
	Image         *string `json:"image"`
	CreatedAt     string  `json:"createdAt"`
	UpdatedAt     string  `json:"updatedAt"`
}

type server struct {
	secret      []byte
	sessionStmt *sql.Stmt
	userStmt    *sql.Stmt
}

func main() {
	dsn := "file:" + os.Getenv("DATABASE") + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		log.Fatal(err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	ctx := context.Background()
	s := &server{secret: []byte(os.Getenv("SECRET"))}
	if s.sessionStmt, err = db.PrepareContext(ctx,
		`SELECT "id", "expiresAt", "token", "createdAt", "updatedAt", "ipAddress", "userAgent", "userId" FROM "session" WHERE "token" = ? LIMIT 1`); err != nil {
		log.Fatal(err)
	}
	if s.userStmt, err = db.PrepareContext(ctx,
		`SELECT "id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt" FROM "user" WHERE "id" = ? LIMIT 1`); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/auth/get-session", s.getSession)
	addr := net.JoinHostPort("127.0.0.1", os.Getenv("PORT"))
	log.Fatal(http.ListenAndServe(addr, mux))
}

// token returns the verified session token of the request.
func (s *server) token(r *http.Request) (string, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return "", false
	}
	v, err := url.PathUnescape(c.Value)
	if err != nil {
		return "", false
	}
	i := strings.LastIndexByte(v, '.')
	if i < 1 {
		return "", false
	}
	raw, sig := v[:i], v[i+1:]
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(raw))
	want := base64.StdEncoding.EncodeToString(m.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return "", false
	}
	return raw, true
}

func (s *server) getSession(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	tok, ok := s.token(r)
	if !ok {
		_, _ = w.Write([]byte("null"))
		return
	}
	ctx := r.Context()
	var out struct {
		Session session `json:"session"`
		User    user    `json:"user"`
	}
	se := &out.Session
	err := s.sessionStmt.QueryRowContext(ctx, tok).Scan(&se.ID, &se.ExpiresAt, &se.Token, &se.CreatedAt, &se.UpdatedAt, &se.IPAddress, &se.UserAgent, &se.UserID)
	if errors.Is(err, sql.ErrNoRows) {
		_, _ = w.Write([]byte("null"))
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if exp, err := time.Parse(time.RFC3339Nano, se.ExpiresAt); err != nil || exp.Before(time.Now()) {
		_, _ = w.Write([]byte("null"))
		return
	}
	u := &out.User
	if err := s.userStmt.QueryRowContext(ctx, se.UserID).Scan(&u.ID, &u.Name, &u.Email, &u.EmailVerified, &u.Image, &u.CreatedAt, &u.UpdatedAt); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(&out)
}
