package herald

import (
	"context"
	"time"
)

// WebhookFormat is the shape of the body a webhook subscriber receives.
type WebhookFormat string

// The webhook formats. The empty format is Statuspage's webhook body; the
// others are the incoming-webhook bodies of chat tools, so that a channel
// can subscribe without a bridge in between.
const (
	FormatStatuspage WebhookFormat = ""
	FormatSlack      WebhookFormat = "slack"
	FormatTeams      WebhookFormat = "teams"
	FormatDiscord    WebhookFormat = "discord"
)

// Valid reports whether f is one of the webhook formats.
func (f WebhookFormat) Valid() bool {
	switch f {
	case FormatStatuspage, FormatSlack, FormatTeams, FormatDiscord:
		return true
	}
	return false
}

// checkFormat refuses a format that is unknown, or set on a subscriber
// that is not a webhook.
func checkFormat(t SubscriberType, f WebhookFormat) error {
	if !f.Valid() {
		return FieldError("format", "must be one of slack, teams, discord, or empty")
	}
	if f != FormatStatuspage && t != Webhook {
		return FieldError("format", "is only for webhook subscribers")
	}
	return nil
}

// PendingTTL is how long a subscriber may stay pending: one that has not
// confirmed by then is forgotten, and its address is free again.
const PendingTTL = 72 * time.Hour

// Expired reports whether s is pending and past its PendingUntil at now.
// An expired subscriber is as good as gone: it is left out of searches and
// counts, a sign-up for its address starts afresh, and its links fail.
// DynamoDB's TTL deletes it some time later.
func (s *Subscriber) Expired(now time.Time) bool {
	return s.State == Pending && s.PendingUntil != nil && now.After(*s.PendingUntil)
}

// Confirmation is the message that asks a new subscriber to confirm, or
// for a webhook the signed test delivery that confirms it by answering
// 2xx. Senders make the signed confirm, manage and unsubscribe links
// themselves, good until ExpiresAt.
type Confirmation struct {
	ID         string // unique per message: names a file, a Message-ID, a webhook-id
	Page       Page
	Subscriber Subscriber
	Code       string    // for SMS: the code to type on the sign-up page
	ExpiresAt  time.Time // when the link and code stop working
	CreatedAt  time.Time
}

// Confirmer sends confirmations over one channel. SendConfirmation returns
// nil once the message is handed on; for a webhook, once the receiver
// answered 2xx to the test delivery. An EUNAVAILABLE error may succeed
// later; any other error never will.
type Confirmer interface {
	SendConfirmation(ctx context.Context, c *Confirmation) error
}

// URLChecker checks, before a webhook subscriber is stored, that its URL
// may be called: that its host resolves only to public addresses. The
// sender checks again at every call, as a name may resolve elsewhere
// later. CheckURL returns an EUNPROCESSABLE error about the address field
// for a URL that is refused.
type URLChecker interface {
	CheckURL(ctx context.Context, rawURL string) error
}

// Limits bound what one client and one address can set off. Zero fields
// take the defaults below.
type Limits struct {
	SignupsPerClient        int // sign-up requests per client address per hour
	ConfirmationsPerAddress int // confirmations sent per address per hour
	CodeAttempts            int // SMS codes tried per subscriber per hour
}

// The default limits.
const (
	DefaultSignupsPerClient        = 30
	DefaultConfirmationsPerAddress = 3
	DefaultCodeAttempts            = 5
)

// limitWindow is the window every limit counts in.
const limitWindow = time.Hour

func (l Limits) signups() int { return orDefault(l.SignupsPerClient, DefaultSignupsPerClient) }
func (l Limits) confirmations() int {
	return orDefault(l.ConfirmationsPerAddress, DefaultConfirmationsPerAddress)
}
func (l Limits) codes() int { return orDefault(l.CodeAttempts, DefaultCodeAttempts) }

func orDefault(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// Subscriptions carries out what subscribers do for themselves (sign up,
// confirm, change their components or address, leave) and what admins do
// with subscribers in bulk (add with a confirmation, search, count,
// import). It keeps the rules that make self-service safe: double opt-in,
// answers that never say whether an address was subscribed already, and
// limits per client and per address.
type Subscriptions struct {
	Service *Service
	Page    Page // the status page, named in every confirmation

	// Confirmers send confirmations, one per channel. A channel without
	// one cannot take new pending subscribers.
	Confirmers map[SubscriberType]Confirmer

	// Checker checks webhook URLs before they are stored; nil checks
	// none, which only tests should want.
	Checker URLChecker

	// CodeKey derives the SMS confirmation codes; at least 16 bytes.
	CodeKey []byte

	Limits Limits
}

func (s *Subscriptions) store() Store   { return s.Service.Store }
func (s *Subscriptions) now() time.Time { return s.Service.now() }
func (s *Subscriptions) hit(ctx context.Context, key string) (int, error) {
	return s.store().Hit(ctx, key, limitWindow)
}
