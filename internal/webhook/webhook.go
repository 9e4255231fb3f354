// Package webhook delivers notifications to subscribers' webhook URLs: an
// HTTP POST of a Statuspage-shaped JSON body, signed as the Standard
// Webhooks specification says, so that receivers verify it with that
// specification's own libraries.
//
// Every URL comes from outside, so every connection is checked at the
// moment it is made: the resolved address must be on the public internet
// (see public), and a redirect is followed only to the same host. The
// errors a Sender returns carry the status code or the kind of failure,
// never the URL's path, query or the subscriber's secret.
package webhook

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/statuspage"
)

// DefaultTimeout bounds one delivery, from dialling to the response
// headers, when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// UserAgent is sent with every webhook.
const UserAgent = "Herald"

// Options configure a Sender.
type Options struct {
	Timeout time.Duration // per delivery; DefaultTimeout when zero

	// AllowLoopback lets webhooks reach loopback addresses, and no other
	// non-public address, for `make run` and tests. Never set it in AWS.
	AllowLoopback bool

	// Links makes the subscriber's unsubscribe link for the body's meta
	// block; without it the link is left empty.
	Links signedlink.LinkFunc

	Now func() time.Time // the clock of webhook-timestamp; time.Now when nil
}

// Sender POSTs notifications to webhook subscribers. It is safe for
// concurrent use; build one and keep it, as it holds a connection pool.
type Sender struct {
	client *http.Client
	links  signedlink.LinkFunc
	now    func() time.Time
}

var _ herald.Sender = (*Sender)(nil)

// New returns a Sender configured by opts.
func New(opts Options) *Sender {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := &net.Dialer{Timeout: timeout, Control: control(opts.AllowLoopback)}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would connect where the guard cannot see
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
	}
	s := &Sender{
		client: &http.Client{Transport: transport, Timeout: timeout, CheckRedirect: checkRedirect},
		links:  opts.Links,
		now:    opts.Now,
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Send POSTs n to its subscriber's URL. It returns nil for a 2xx answer;
// EUNAVAILABLE for a timeout, a failed connection, or a 408, 429 or 5xx
// answer, which may succeed later; and another code for what never will:
// a non-public address, a refused redirect, any other answer, or a
// subscriber without a URL or secret.
func (s *Sender) Send(ctx context.Context, n *herald.Notification) error {
	target, err := parseTarget(n.Subscriber.Address)
	if err != nil {
		return err
	}
	req, err := s.request(ctx, target, n)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return transportError(target, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection is reused
	return statusError(resp.StatusCode)
}

// request builds the signed POST of n's body.
func (s *Sender) request(ctx context.Context, target *url.URL,
	n *herald.Notification) (*http.Request, error) {
	var unsubscribe string
	if s.links != nil {
		unsubscribe = s.links(&n.Subscriber).Unsubscribe
	}
	comps := make([]*herald.Component, len(n.Components))
	for i := range n.Components {
		comps[i] = &n.Components[i]
	}
	body, err := statuspage.WebhookBody(n.Page, &n.Incident, comps, unsubscribe)
	if n.Subscriber.Format != herald.FormatStatuspage {
		body, err = s.chatIncident(n)
	}
	if err != nil {
		return nil, &herald.Error{Code: herald.EUNPROCESSABLE,
			Message: "the webhook body cannot be built", Err: err}
	}

	ts := s.now()
	sig, err := Sign(n.Subscriber.Secret, n.ID, ts, body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(),
		bytes.NewReader(body))
	if err != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the webhook URL is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(HeaderID, n.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, sig)
	return req, nil
}
