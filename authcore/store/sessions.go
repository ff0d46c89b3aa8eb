package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/model"
)

// NewSession describes a session to create.
type NewSession struct {
	UserID    string
	Token     string
	ExpiresAt time.Time
	IPAddress string
	UserAgent string
	// Fields are additional session fields.
	Fields db.Record
}

// sessionsInDB reports whether sessions are written to the database.
func (s *Store) sessionsInDB() bool { return s.cfg.KV == nil || s.cfg.StoreSessionInDatabase }

// CreateSession stores a session (database and/or secondary storage).
func (s *Store) CreateSession(ctx context.Context, ns NewSession) (model.Session, error) {
	data := db.Record{}
	for k, v := range ns.Fields {
		data[k] = v
	}
	data["userId"] = ns.UserID
	data["token"] = ns.Token
	data["expiresAt"] = ns.ExpiresAt.UTC().Truncate(time.Millisecond)
	data["ipAddress"] = ns.IPAddress
	data["userAgent"] = ns.UserAgent
	var sess model.Session
	if s.sessionsInDB() {
		row, err := s.create(ctx, SessionModel, data)
		if err != nil {
			return model.Session{}, err
		}
		sess = model.SessionFromMap(row)
	} else {
		now := s.now()
		data["id"] = s.cfg.GenerateID(SessionModel)
		data["createdAt"] = now
		data["updatedAt"] = now
		var err error
		if data, err = s.before(ctx, SessionModel, opCreate, data); err != nil {
			return model.Session{}, err
		}
		sess = model.SessionFromMap(data)
		s.after(ctx, SessionModel, opCreate, data)
	}
	if s.cfg.KV != nil {
		u, err := s.UserByID(ctx, ns.UserID)
		if err != nil {
			return model.Session{}, err
		}
		if u == nil {
			return model.Session{}, fmt.Errorf("store: create session: %w", db.ErrNotFound)
		}
		if err := s.cacheSession(ctx, sess, *u); err != nil {
			return model.Session{}, err
		}
	}
	return sess, nil
}

// SessionByToken returns a session and its user, or nils when the token is unknown. It
// does not check expiry.
func (s *Store) SessionByToken(ctx context.Context, token string) (*model.Session, *model.User, error) {
	if s.cfg.KV != nil {
		raw, ok, err := s.cfg.KV.Get(ctx, token)
		if err != nil {
			return nil, nil, fmt.Errorf("store: secondary storage: %w", err)
		}
		if ok {
			var c cachedSession
			if err := json.Unmarshal([]byte(raw), &c); err == nil {
				sess := model.SessionFromMap(c.Session)
				u := model.UserFromMap(c.User)
				return &sess, &u, nil
			}
		}
		if !s.cfg.StoreSessionInDatabase {
			return nil, nil, nil
		}
	}
	row, err := s.Adapter(ctx).FindOne(ctx, SessionModel, []db.Where{{Field: "token", Value: token}})
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	sess := model.SessionFromMap(row)
	u, err := s.UserByID(ctx, sess.UserID)
	if err != nil || u == nil {
		return nil, nil, err
	}
	return &sess, u, nil
}

// UpdateSession patches the session with token and returns it (nil when unknown).
func (s *Store) UpdateSession(ctx context.Context, token string, patch db.Record) (*model.Session, error) {
	var sess *model.Session
	if s.sessionsInDB() {
		row, err := s.update(ctx, SessionModel, []db.Where{{Field: "token", Value: token}}, patch)
		if errors.Is(err, db.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		v := model.SessionFromMap(row)
		sess = &v
	}
	if s.cfg.KV != nil {
		cur, u, err := s.SessionByToken(ctx, token)
		if err != nil || cur == nil {
			return sess, err
		}
		if sess == nil {
			m := cur.Map()
			for k, v := range s.withUpdated(SessionModel, patch) {
				m[k] = v
			}
			v := model.SessionFromMap(m)
			sess = &v
		}
		if err := s.cacheSession(ctx, *sess, *u); err != nil {
			return nil, err
		}
	}
	return sess, nil
}

// DeleteSession deletes the session with token (no error when unknown).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if s.cfg.KV != nil {
		sess, _, err := s.SessionByToken(ctx, token)
		if err != nil {
			return err
		}
		if err := s.cfg.KV.Delete(ctx, token); err != nil {
			return err
		}
		if sess != nil {
			if err := s.editIndex(ctx, sess.UserID, func(list []indexEntry) []indexEntry {
				out := list[:0]
				for _, e := range list {
					if e.Token != token {
						out = append(out, e)
					}
				}
				return out
			}); err != nil {
				return err
			}
		}
	}
	if s.sessionsInDB() {
		_, err := s.deleteWhere(ctx, SessionModel, []db.Where{{Field: "token", Value: token}})
		return err
	}
	return nil
}

// DeleteUserSessions deletes every session of the user.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) error {
	return s.deleteSessions(ctx, userID, "")
}

// DeleteOtherSessions deletes every session of the user except the one with keep.
func (s *Store) DeleteOtherSessions(ctx context.Context, userID, keep string) error {
	return s.deleteSessions(ctx, userID, keep)
}

func (s *Store) deleteSessions(ctx context.Context, userID, keep string) error {
	if s.cfg.KV != nil {
		list, err := s.index(ctx, userID)
		if err != nil {
			return err
		}
		var kept []indexEntry
		for _, e := range list {
			if e.Token == keep {
				kept = append(kept, e)
				continue
			}
			if err := s.cfg.KV.Delete(ctx, e.Token); err != nil {
				return err
			}
		}
		if err := s.writeIndex(ctx, userID, kept); err != nil {
			return err
		}
	}
	if s.sessionsInDB() {
		where := []db.Where{{Field: "userId", Value: userID}}
		if keep != "" {
			where = append(where, db.Where{Field: "token", Op: db.Ne, Value: keep})
		}
		_, err := s.deleteWhere(ctx, SessionModel, where)
		return err
	}
	return nil
}

// Sessions lists the user's unexpired sessions.
func (s *Store) Sessions(ctx context.Context, userID string) ([]model.Session, error) {
	now := s.now()
	var out []model.Session
	if s.cfg.KV != nil && !s.cfg.StoreSessionInDatabase {
		list, err := s.index(ctx, userID)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			sess, _, err := s.SessionByToken(ctx, e.Token)
			if err != nil {
				return nil, err
			}
			if sess != nil && sess.ExpiresAt.After(now) {
				out = append(out, *sess)
			}
		}
		return out, nil
	}
	rows, err := s.Adapter(ctx).FindMany(ctx, SessionModel, db.Query{
		Where: []db.Where{{Field: "userId", Value: userID}, {Field: "expiresAt", Op: db.Gt, Value: now}},
		Limit: 1 << 20,
	})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out = append(out, model.SessionFromMap(r))
	}
	return out, nil
}

// cachedSession is the secondary-storage value of one session (Better Auth's layout).
type cachedSession struct {
	Session map[string]any `json:"session"`
	User    map[string]any `json:"user"`
}

type indexEntry struct {
	Token     string `json:"token"`
	ExpiresAt int64  `json:"expiresAt"`
}

func indexKey(userID string) string { return "active-sessions-" + userID }

func (s *Store) cacheSession(ctx context.Context, sess model.Session, u model.User) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as JSON.stringify: the value Better Auth would store
	if err := enc.Encode(struct {
		Session model.Session `json:"session"`
		User    model.User    `json:"user"`
	}{sess, u}); err != nil {
		return err
	}
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	ttl := sess.ExpiresAt.Sub(s.now()).Truncate(time.Second)
	if ttl <= 0 {
		return nil
	}
	if err := s.cfg.KV.Set(ctx, sess.Token, string(body), ttl); err != nil {
		return fmt.Errorf("store: secondary storage: %w", err)
	}
	exp := sess.ExpiresAt.UnixMilli()
	return s.editIndex(ctx, sess.UserID, func(list []indexEntry) []indexEntry {
		for i := range list {
			if list[i].Token == sess.Token {
				list[i].ExpiresAt = exp
				return list
			}
		}
		return append(list, indexEntry{Token: sess.Token, ExpiresAt: exp})
	})
}

func (s *Store) refreshCachedUser(ctx context.Context, u model.User) error {
	list, err := s.index(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, e := range list {
		sess, _, err := s.SessionByToken(ctx, e.Token)
		if err != nil {
			return err
		}
		if sess != nil {
			if err := s.cacheSession(ctx, *sess, u); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Store) index(ctx context.Context, userID string) ([]indexEntry, error) {
	raw, ok, err := s.cfg.KV.Get(ctx, indexKey(userID))
	if err != nil {
		return nil, fmt.Errorf("store: secondary storage: %w", err)
	}
	if !ok {
		return nil, nil
	}
	var list []indexEntry
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		s.cfg.Logger.WarnContext(ctx, "discarding malformed session index", "user", userID)
		return nil, nil
	}
	return list, nil
}

// editIndex rewrites the user's active-session index. The read-modify-write is not atomic
// across instances; authredis replaces it with an atomic script.
func (s *Store) editIndex(ctx context.Context, userID string, edit func([]indexEntry) []indexEntry) error {
	list, err := s.index(ctx, userID)
	if err != nil {
		return err
	}
	return s.writeIndex(ctx, userID, edit(list))
}

func (s *Store) writeIndex(ctx context.Context, userID string, list []indexEntry) error {
	now := s.now().UnixMilli()
	seen := map[string]bool{}
	out := list[:0]
	for _, e := range list {
		if e.ExpiresAt > now && !seen[e.Token] {
			seen[e.Token] = true
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return s.cfg.KV.Delete(ctx, indexKey(userID))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ExpiresAt < out[j].ExpiresAt })
	body, err := json.Marshal(out)
	if err != nil {
		return err
	}
	ttl := time.Duration(out[len(out)-1].ExpiresAt-now) * time.Millisecond
	return s.cfg.KV.Set(ctx, indexKey(userID), string(body), ttl.Truncate(time.Second)+time.Second)
}
