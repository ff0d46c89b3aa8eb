package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/goauth-dev/goauth/authcore/kv"
	"github.com/goauth-dev/goauth/authcore/model"
)

// Sessions in secondary storage (Better Auth: db/internal-adapter.ts, spec 6.6) are kept
// under two keys: "<token>" holds {"session":…,"user":…} until the session expires, and
// "active-sessions-<userId>" holds the user's index (see kv.IndexStore). When the KV
// store implements kv.IndexStore the index is edited atomically and cached sessions are
// rewritten only while they exist; otherwise both fall back to get-then-set.
//
// With StoreSessionInDatabase the database is the source of truth. A session missing from
// KV is read from the database and written back (fill), and revoking one deletes it from
// KV, then from the database, then from KV again once the deletion has committed. A fill
// writes KV before it checks again that the row still exists, so a fill racing a
// revocation either writes before the second KV delete, which removes it, or checks after
// the row is gone and removes what it wrote: no revoked session is left in KV.

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

// dbFallback reports whether a session missing from KV is read from the database, and
// whether revoking one deletes its database row (Better Auth: storeSessionInDatabase and
// not preserveSessionInDatabase).
func (s *Store) dbFallback() bool {
	return s.cfg.KV != nil && s.cfg.StoreSessionInDatabase && !s.cfg.PreserveSessionInDatabase
}

// deletesRows reports whether revoking a session deletes its database row.
func (s *Store) deletesRows() bool { return s.cfg.KV == nil || s.dbFallback() }

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
		if _, err := s.cacheSession(ctx, sess, *u, cacheCreate); err != nil {
			return model.Session{}, err
		}
	}
	return sess, nil
}

// SessionByToken returns a session and its user, or nils when the token is unknown. It
// does not check expiry. With secondary storage it fails when the storage does: a session
// that cannot be checked is never returned.
func (s *Store) SessionByToken(ctx context.Context, token string) (*model.Session, *model.User, error) {
	if s.cfg.KV != nil {
		sess, u, found, err := s.cachedSession(ctx, token)
		if err != nil {
			return nil, nil, err
		}
		// A value that does not parse is no session, as in Better Auth (no database lookup).
		if found || !s.dbFallback() {
			return sess, u, nil
		}
	}
	// One round trip where the adapter can join (authsqlx), two FindOne calls elsewhere.
	row, userRow, err := db.FindWithRef(ctx, s.Adapter(ctx), SessionModel, []db.Where{{Field: "token", Value: token}}, sessionUser)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil || userRow == nil {
		return nil, nil, err
	}
	sess := model.SessionFromMap(row)
	u := model.UserFromMap(userRow)
	if s.cfg.KV == nil {
		return &sess, &u, nil
	}
	return s.fill(ctx, sess, u)
}

// sessionUser is the session's reference to its user.
var sessionUser = db.Ref{Model: UserModel, Field: "id", Via: "userId"}

// fill writes a session read from the database back to KV, then checks that its row still
// exists (see the comment at the top of this file).
func (s *Store) fill(ctx context.Context, sess model.Session, u model.User) (*model.Session, *model.User, error) {
	if _, err := s.cacheSession(ctx, sess, u, cacheFill); err != nil {
		// The database answered; only the cache is behind.
		s.cfg.Logger.WarnContext(ctx, "store: writing a session back to secondary storage failed", "err", err)
		return &sess, &u, nil
	}
	_, err := s.Adapter(ctx).FindOne(ctx, SessionModel, []db.Where{{Field: "token", Value: sess.Token}})
	if errors.Is(err, db.ErrNotFound) {
		if err := s.kvDelete(ctx, sess.Token); err != nil {
			return nil, nil, err
		}
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return &sess, &u, nil
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
	if s.cfg.KV == nil {
		return sess, nil
	}
	cur, u, _, err := s.cachedSession(ctx, token)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		// Not cached: with the database, the next read fills it from the updated row.
		return sess, nil
	}
	if sess == nil {
		m := cur.Map()
		for k, v := range s.withUpdated(SessionModel, patch) {
			m[k] = v
		}
		v := model.SessionFromMap(m)
		sess = &v
	}
	written, err := s.cacheSession(ctx, *sess, *u, cacheReplace)
	if err != nil {
		return nil, err
	}
	if !written && !s.sessionsInDB() {
		return nil, nil // revoked meanwhile
	}
	return sess, nil
}

// DeleteSession deletes the session with token (no error when unknown).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if s.cfg.KV != nil {
		cur, _, _, err := s.cachedSession(ctx, token)
		if err != nil {
			return err
		}
		if err := s.kvDelete(ctx, token); err != nil {
			return err
		}
		if cur != nil {
			if err := s.indexRemove(ctx, cur.UserID, []string{token}); err != nil {
				return err
			}
		}
	}
	if !s.deletesRows() {
		return nil
	}
	if _, err := s.deleteWhere(ctx, SessionModel, []db.Where{{Field: "token", Value: token}}); err != nil {
		return err
	}
	s.evictAfter(ctx, []string{token})
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
	where := []db.Where{{Field: "userId", Value: userID}}
	if keep != "" {
		where = append(where, db.Where{Field: "token", Op: db.Ne, Value: keep})
	}
	if s.cfg.KV == nil {
		_, err := s.deleteWhere(ctx, SessionModel, where)
		return err
	}
	list, err := s.index(ctx, userID)
	if err != nil {
		return err
	}
	var tokens []string
	for _, e := range list {
		tokens = append(tokens, e.Token)
	}
	if s.deletesRows() {
		// The database is the source of truth: its rows name sessions the index may miss.
		rows, err := s.Adapter(ctx).FindMany(ctx, SessionModel, db.Query{Where: where, Limit: 1 << 20})
		if err != nil {
			return err
		}
		for _, r := range rows {
			tokens = append(tokens, model.SessionFromMap(r).Token)
		}
	}
	slices.Sort(tokens)
	tokens = slices.Compact(tokens)
	tokens = slices.DeleteFunc(tokens, func(t string) bool { return t == keep })
	for _, t := range tokens {
		if err := s.kvDelete(ctx, t); err != nil {
			return err
		}
	}
	if err := s.indexRemove(ctx, userID, tokens); err != nil {
		return err
	}
	if !s.deletesRows() || len(tokens) == 0 {
		return nil
	}
	// Only the sessions listed above: one created meanwhile keeps both its row and its
	// KV entry rather than losing one of them.
	where = []db.Where{{Field: "userId", Value: userID}, {Field: "token", Op: db.In, Value: tokens}}
	if _, err := s.deleteWhere(ctx, SessionModel, where); err != nil {
		return err
	}
	s.evictAfter(ctx, tokens)
	return nil
}

// evictAfter deletes tokens from KV again once the surrounding transaction (if any) has
// committed the deletion of their rows, removing what a concurrent fill wrote back.
func (s *Store) evictAfter(ctx context.Context, tokens []string) {
	if !s.dbFallback() {
		return
	}
	s.runAfter(ctx, func(ctx context.Context) {
		for _, t := range tokens {
			if err := s.kvDelete(ctx, t); err != nil {
				s.cfg.Logger.WarnContext(ctx, "store: second delete of a revoked session from secondary storage failed", "err", err)
				return
			}
		}
	})
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
			sess, _, _, err := s.cachedSession(ctx, e.Token)
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

func indexKey(userID string) string { return "active-sessions-" + userID }

// cachedSession reads the session under token from KV. found reports whether the key
// holds a value; sess and u are nil when it does not parse.
func (s *Store) cachedSession(ctx context.Context, token string) (sess *model.Session, u *model.User, found bool, err error) {
	raw, ok, err := s.cfg.KV.Get(ctx, token)
	if err != nil {
		return nil, nil, false, fmt.Errorf("store: secondary storage: %w", err)
	}
	if !ok {
		return nil, nil, false, nil
	}
	var c cachedSession
	if json.Unmarshal([]byte(raw), &c) != nil || c.Session == nil || c.User == nil {
		return nil, nil, true, nil
	}
	sv, uv := model.SessionFromMap(c.Session), model.UserFromMap(c.User)
	return &sv, &uv, true, nil
}

// cacheMode says how cacheSession writes the session key.
type cacheMode int

const (
	cacheCreate  cacheMode = iota // a new session: set
	cacheFill                     // read from the database: set unless present
	cacheReplace                  // a changed session or user: set only while present
)

// cacheSession writes the session key and its index entry. It reports false when a fill
// or replace found the key present or absent respectively, and wrote nothing. For a new
// or filled session the index entry is written first, so that a
// session key never exists without one and revoking every session of the user, which
// reads the index, cannot miss it.
func (s *Store) cacheSession(ctx context.Context, sess model.Session, u model.User, mode cacheMode) (bool, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as JSON.stringify: the value Better Auth would store
	if err := enc.Encode(struct {
		Session model.Session `json:"session"`
		User    model.User    `json:"user"`
	}{sess, u}); err != nil {
		return false, err
	}
	body := string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	// Better Auth: getTTLSeconds, whole seconds until expiry; nothing is written at 0.
	ttl := sess.ExpiresAt.Sub(s.now()).Truncate(time.Second)
	if ttl <= 0 {
		return true, nil
	}
	exp := sess.ExpiresAt.UnixMilli()
	if mode == cacheReplace {
		ok, err := s.replace(ctx, sess.Token, body, ttl)
		if err != nil || !ok {
			return false, err
		}
		return true, s.indexAdd(ctx, sess.UserID, sess.Token, exp)
	}
	if err := s.indexAdd(ctx, sess.UserID, sess.Token, exp); err != nil {
		return false, err
	}
	var err error
	ok := true
	if mode == cacheFill {
		ok, err = s.cfg.KV.SetNX(ctx, sess.Token, body, ttl)
	} else {
		err = s.cfg.KV.Set(ctx, sess.Token, body, ttl)
	}
	if err != nil {
		return false, fmt.Errorf("store: secondary storage: %w", err)
	}
	return ok, nil
}

func (s *Store) refreshCachedUser(ctx context.Context, u model.User) error {
	list, err := s.index(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, e := range list {
		sess, _, _, err := s.cachedSession(ctx, e.Token)
		if err != nil {
			return err
		}
		if sess != nil {
			if _, err := s.cacheSession(ctx, *sess, u, cacheReplace); err != nil {
				return err
			}
		}
	}
	return nil
}

// index returns the user's session index as stored (not pruned).
func (s *Store) index(ctx context.Context, userID string) ([]kv.IndexEntry, error) {
	raw, ok, err := s.cfg.KV.Get(ctx, indexKey(userID))
	if err != nil {
		return nil, fmt.Errorf("store: secondary storage: %w", err)
	}
	if !ok {
		return nil, nil
	}
	return kv.ParseIndex(raw), nil
}

func (s *Store) indexAdd(ctx context.Context, userID, token string, expiresAt int64) error {
	now := s.now().UnixMilli()
	var err error
	if is, ok := s.cfg.KV.(kv.IndexStore); ok {
		err = is.IndexAdd(ctx, indexKey(userID), token, expiresAt, now)
	} else {
		err = s.editIndex(ctx, userID, func(list []kv.IndexEntry) []kv.IndexEntry {
			list = slices.DeleteFunc(list, func(e kv.IndexEntry) bool { return e.Token == token })
			return append(list, kv.IndexEntry{Token: token, ExpiresAt: expiresAt})
		}, now)
	}
	if err != nil {
		return fmt.Errorf("store: secondary storage: %w", err)
	}
	return nil
}

func (s *Store) indexRemove(ctx context.Context, userID string, tokens []string) error {
	if len(tokens) == 0 {
		return nil
	}
	now := s.now().UnixMilli()
	var err error
	if is, ok := s.cfg.KV.(kv.IndexStore); ok {
		err = is.IndexRemove(ctx, indexKey(userID), tokens, now)
	} else {
		err = s.editIndex(ctx, userID, func(list []kv.IndexEntry) []kv.IndexEntry {
			if list == nil {
				return nil
			}
			return slices.DeleteFunc(list, func(e kv.IndexEntry) bool { return slices.Contains(tokens, e.Token) })
		}, now)
	}
	if err != nil {
		return fmt.Errorf("store: secondary storage: %w", err)
	}
	return nil
}

// editIndex is the fallback for a KV store without kv.IndexStore: a read-modify-write of
// the index, which can lose a concurrent edit made by another instance.
func (s *Store) editIndex(ctx context.Context, userID string, edit func([]kv.IndexEntry) []kv.IndexEntry, now int64) error {
	raw, ok, err := s.cfg.KV.Get(ctx, indexKey(userID))
	if err != nil {
		return err
	}
	var list []kv.IndexEntry
	if ok {
		list = kv.ParseIndex(raw)
	}
	v, ttl, keep := kv.EncodeIndex(edit(list), now)
	if !keep {
		if !ok {
			return nil
		}
		return s.cfg.KV.Delete(ctx, indexKey(userID))
	}
	return s.cfg.KV.Set(ctx, indexKey(userID), v, ttl)
}

// replace writes a cached session only while it exists.
func (s *Store) replace(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	var (
		ok  bool
		err error
	)
	if is, isIndex := s.cfg.KV.(kv.IndexStore); isIndex {
		ok, err = is.Replace(ctx, key, value, ttl)
	} else if _, ok, err = s.cfg.KV.Get(ctx, key); err == nil && ok {
		err = s.cfg.KV.Set(ctx, key, value, ttl)
	}
	if err != nil {
		return false, fmt.Errorf("store: secondary storage: %w", err)
	}
	return ok, nil
}

func (s *Store) kvDelete(ctx context.Context, key string) error {
	if err := s.cfg.KV.Delete(ctx, key); err != nil {
		return fmt.Errorf("store: secondary storage: %w", err)
	}
	return nil
}
