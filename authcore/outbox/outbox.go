// Package outbox is GoAuth's development mailer: every message is logged and appended as
// one JSON line to a file before the response that caused it is sent, which is what the
// Better Auth conformance harness reads. It is not a mail transport.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/goauth-dev/goauth/authcore/config"
)

// Message is one outbox line.
type Message struct {
	Kind     string `json:"kind"`
	To       string `json:"to"`
	URL      string `json:"url,omitempty"`
	Token    string `json:"token,omitempty"`
	NewEmail string `json:"newEmail,omitempty"`
	At       string `json:"at"`
}

// Outbox appends messages to a file (or only logs them when the path is empty).
type Outbox struct {
	mu   sync.Mutex
	path string
	log  *slog.Logger
	now  func() time.Time
}

// New returns an outbox writing to path ("" logs only).
func New(path string, log *slog.Logger) *Outbox {
	if log == nil {
		log = slog.Default()
	}
	return &Outbox{path: path, log: log, now: time.Now}
}

// Send records one message. Links and tokens are credentials: they are written to the
// outbox file, never to the log.
func (o *Outbox) Send(m Message) error {
	m.At = o.now().UTC().Format("2006-01-02T15:04:05.000Z")
	o.log.Info("dev mailer: message queued (see the outbox file for its link)", "kind", m.Kind, "to", m.To)
	if o.path == "" {
		return nil
	}
	line, err := json.Marshal(m)
	if err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	f, err := os.OpenFile(o.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		_ = f.Close()
		return fmt.Errorf("outbox: %w", err)
	}
	return f.Close()
}

// VerificationEmail is an EmailVerification.SendVerificationEmail callback.
func (o *Outbox) VerificationEmail(_ context.Context, e config.Email) error {
	return o.Send(Message{Kind: "verification-email", To: e.User.Email, URL: e.URL, Token: e.Token})
}

// ResetPassword is an EmailAndPassword.SendResetPassword callback.
func (o *Outbox) ResetPassword(_ context.Context, e config.Email) error {
	return o.Send(Message{Kind: "reset-password", To: e.User.Email, URL: e.URL, Token: e.Token})
}

// ChangeEmailConfirmation is a User.ChangeEmail.SendChangeEmailConfirmation callback.
func (o *Outbox) ChangeEmailConfirmation(_ context.Context, e config.ChangeEmail) error {
	return o.Send(Message{Kind: "change-email-confirmation", To: e.User.Email, URL: e.URL, Token: e.Token, NewEmail: e.NewEmail})
}

// DeleteAccountVerification is a User.DeleteUser.SendDeleteAccountVerification callback.
func (o *Outbox) DeleteAccountVerification(_ context.Context, e config.Email) error {
	return o.Send(Message{Kind: "delete-account-verification", To: e.User.Email, URL: e.URL, Token: e.Token})
}
