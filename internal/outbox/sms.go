package outbox

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
)

// SMSSender appends each SMS to one JSON Lines file. It is safe for
// concurrent use; one SMSSender per file, as its lock is its own.
type SMSSender struct {
	path string
	mu   sync.Mutex
}

var _ herald.Sender = (*SMSSender)(nil)

// SMS is one line of the SMS outbox.
type SMS struct {
	ID        string    `json:"id"` // the notification's id
	To        string    `json:"to"` // an E.164 phone number
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// NewSMSSender returns a sender that appends to dir/outbox/sms.jsonl.
func NewSMSSender(dir string) *SMSSender {
	return &SMSSender{path: filepath.Join(dir, "outbox", "sms.jsonl")}
}

// Send appends one line with the text of n's SMS, made by mail.SMSText. It
// returns EUNPROCESSABLE for a subscriber without a phone number and
// EUNAVAILABLE when the file cannot be written.
func (s *SMSSender) Send(ctx context.Context, n *herald.Notification) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the SMS outbox")
	}
	if n.Subscriber.Type != herald.SMS || n.Subscriber.Address == "" {
		return herald.Errorf(herald.EUNPROCESSABLE, "the SMS sender needs an SMS subscriber")
	}
	line, err := json.Marshal(SMS{
		ID:        n.ID,
		To:        n.Subscriber.Address,
		Body:      mail.SMSText(n),
		CreatedAt: n.CreatedAt.UTC(),
	})
	if err != nil {
		return herald.Unavailable(err, "the SMS outbox")
	}
	if err := s.append(append(line, '\n')); err != nil {
		return herald.Unavailable(err, "the SMS outbox")
	}
	return nil
}

// append writes line at the end of the file in one write, so that lines
// never interleave.
func (s *SMSSender) append(line []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
