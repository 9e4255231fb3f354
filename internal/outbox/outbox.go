// Package outbox delivers e-mail and SMS to files in a local folder, for
// `make run` and demos, where Herald has no SES or SNS to hand them to:
// each e-mail becomes an RFC 5322 file in <dir>/outbox/email/ that any mail
// client opens, and each SMS a JSON line in <dir>/outbox/sms.jsonl. Both
// senders render through package mail, so what lands here is exactly what
// SES and SNS would carry.
package outbox

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
)

// EmailSender writes each e-mail to its own file. It is safe for
// concurrent use.
type EmailSender struct {
	dir   string
	from  string
	links signedlink.LinkFunc
}

var _ herald.Sender = (*EmailSender)(nil)

// NewEmailSender returns a sender that writes to dir/outbox/email/, with
// from as the sender address and links making each subscriber's signed
// links. links must not be nil: every e-mail carries an unsubscribe link.
func NewEmailSender(dir, from string, links signedlink.LinkFunc) *EmailSender {
	return &EmailSender{dir: filepath.Join(dir, "outbox", "email"), from: from, links: links}
}

// Send writes n's message to <n.ID>.eml. The file appears whole or not at
// all, and a file already there is kept: a notification is written at most
// once even if Send is called twice. Send returns EUNPROCESSABLE for a
// message that cannot be composed and EUNAVAILABLE when the file cannot be
// written.
func (s *EmailSender) Send(ctx context.Context, n *herald.Notification) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the e-mail outbox")
	}
	if n.Subscriber.Type != herald.Email {
		return herald.Errorf(herald.EUNPROCESSABLE, "the e-mail sender cannot send to a %s subscriber",
			n.Subscriber.Type)
	}
	msg, err := mail.Compose(n, s.from, s.links(&n.Subscriber))
	if err != nil {
		return err // Compose checks n.ID, so it is safe as a file name below
	}
	if err := writeOnce(s.dir, n.ID+".eml", msg); err != nil {
		return herald.Unavailable(err, "the e-mail outbox")
	}
	return nil
}

// writeOnce writes data to dir/name through a temporary file that is then
// linked into place: readers never see half a file, and a link never
// replaces a file that exists.
func writeOnce(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)

	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	err = os.Link(tmp, filepath.Join(dir, name))
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	return err
}
