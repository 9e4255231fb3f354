package herald

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// SubscriberType is the channel a subscriber hears on.
type SubscriberType string

// The subscriber types.
const (
	Email   SubscriberType = "email"
	SMS     SubscriberType = "sms"
	Webhook SubscriberType = "webhook"
)

// Valid reports whether t is one of the subscriber types.
func (t SubscriberType) Valid() bool {
	return t == Email || t == SMS || t == Webhook
}

// SubscriberState is where a subscriber is in its life.
type SubscriberState string

// The subscriber states.
const (
	Pending      SubscriberState = "pending"
	Active       SubscriberState = "active"
	Unsubscribed SubscriberState = "unsubscribed"
)

// Subscriber is an e-mail address, phone number or webhook URL that hears
// about incidents on the components it follows (all of them when
// Components is empty).
type Subscriber struct {
	ID         string          `json:"id"`
	Type       SubscriberType  `json:"type"`
	Address    string          `json:"address"`
	Components []string        `json:"components"`
	State      SubscriberState `json:"state"`
	Consented  bool            `json:"consented"`
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`

	// Secret signs the webhooks sent to a webhook subscriber, in the
	// Standard Webhooks form "whsec_" + base64. Shown to the admin once.
	Secret string `json:"secret,omitempty"`

	// Format is the body a webhook subscriber receives: Statuspage's shape
	// when empty, or one of the chat formats (see WebhookFormat).
	Format WebhookFormat `json:"format,omitempty"`

	// PendingUntil is when a pending subscriber that has not confirmed is
	// forgotten (see Expired); nil for one that never expires.
	PendingUntil *time.Time `json:"pending_until,omitempty"`

	Version int64 `json:"version"`
}

// Follows reports whether the subscriber hears about an incident that
// affects the given components.
func (s *Subscriber) Follows(components []string) bool {
	if len(s.Components) == 0 {
		return true
	}
	for _, c := range components {
		for _, f := range s.Components {
			if c == f {
				return true
			}
		}
	}
	return false
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// NormalizeAddress returns the canonical form of an address of type t, so
// that one person is one subscriber: e-mail lower-cased, phone numbers
// without spaces or dashes.
func NormalizeAddress(t SubscriberType, addr string) string {
	addr = strings.TrimSpace(addr)
	switch t {
	case Email:
		return strings.ToLower(addr)
	case SMS:
		return strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", ".", "").Replace(addr)
	}
	return addr
}

// Validate checks a subscriber's type, address and components.
func (s *Subscriber) Validate() error {
	if !s.Type.Valid() {
		return FieldError("type", "must be one of email, sms, webhook")
	}
	if err := ValidateAddress(s.Type, s.Address); err != nil {
		return err
	}
	if len(s.Components) > MaxComponents {
		return FieldError("components", "must list at most %d components", MaxComponents)
	}
	return nil
}

// ValidateAddress checks that addr is a plausible address for type t. It
// does not check where a webhook URL points; that is done at every call.
func ValidateAddress(t SubscriberType, addr string) error {
	if addr == "" {
		return FieldError("address", "is required")
	}
	if len(addr) > 2048 {
		return FieldError("address", "must be at most 2048 characters")
	}
	switch t {
	case Email:
		a, err := mail.ParseAddress(addr)
		if err != nil || a.Address != addr || a.Name != "" || len(addr) > 254 {
			return FieldError("address", "must be a plain e-mail address such as ops@example.com")
		}
	case SMS:
		if !e164.MatchString(addr) {
			return FieldError("address", "must be a phone number in E.164 form such as +15550100")
		}
	case Webhook:
		u, err := url.Parse(addr)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return FieldError("address", "must be an http or https URL")
		}
		if u.User != nil {
			return FieldError("address", "must not carry a user name or password")
		}
	}
	return nil
}
