package signedlink

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// The paths, under the API's base URL, that the signed links point at. The
// HTTP API serves them: GET shows a page, and POST to UnsubscribePath with
// the body "List-Unsubscribe=One-Click" unsubscribes at once (RFC 8058).
const (
	UnsubscribePath = "/v1/subscriptions/unsubscribe"
	ManagePath      = "/v1/subscriptions/manage"
	ConfirmPath     = "/v1/subscriptions/confirm"
)

// DefaultTTL is how long the links in a message keep working. An
// unsubscribe link must still work when someone finds an old message.
const DefaultTTL = 365 * 24 * time.Hour

// Links are the signed addresses a message gives its subscriber.
type Links struct {
	Unsubscribe string // one-click unsubscribe
	Manage      string // choose components, or leave
}

// ConfirmURLFunc returns the signed link that confirms a subscriber, good
// until expires; Linker's ConfirmURL is one. Confirmation senders take one.
type ConfirmURLFunc func(subscriberID string, expires time.Time) string

// LinkFunc returns the links for one subscriber. Senders take one so that
// they need not know how links are made.
type LinkFunc func(sub *herald.Subscriber) Links

// Linker makes the links of every message.
type Linker struct {
	Signer  *Signer
	BaseURL string // the public address of the HTTP API, no trailing slash
	TTL     time.Duration
	Now     func() time.Time
}

// Links returns the unsubscribe and manage links for sub. Its method value
// is a LinkFunc.
func (l *Linker) Links(sub *herald.Subscriber) Links {
	ttl := l.TTL
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	now := time.Now
	if l.Now != nil {
		now = l.Now
	}
	exp := now().Add(ttl)
	return Links{
		Unsubscribe: l.url(UnsubscribePath, l.Signer.Sign(sub.ID, Unsubscribe, exp)),
		Manage:      l.url(ManagePath, l.Signer.Sign(sub.ID, Manage, exp)),
	}
}

// ConfirmURL returns the link that confirms a new subscription.
func (l *Linker) ConfirmURL(subscriberID string, expires time.Time) string {
	return l.url(ConfirmPath, l.Signer.Sign(subscriberID, Confirm, expires))
}

func (l *Linker) url(path, token string) string {
	return strings.TrimSuffix(l.BaseURL, "/") + path + "?token=" + url.QueryEscape(token)
}

// NewLinker returns a Linker that signs with key and points at baseURL. It
// refuses a key shorter than MinKeyLen with an error, where NewSigner
// would panic, for callers that read the key from configuration.
func NewLinker(key []byte, baseURL string) (*Linker, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("link key: shorter than %d bytes", MinKeyLen)
	}
	return &Linker{Signer: NewSigner(key), BaseURL: strings.TrimSuffix(baseURL, "/")}, nil
}
