package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

// TestEvent names the body of a test delivery, in its "event" field and
// in the webhook-id's prefix.
const TestEvent = "subscription.confirmation"

// testBody is the Statuspage-shaped body of a test delivery: the meta and
// page blocks every webhook has, and a subscription block in place of an
// incident, which receivers that know only incidents ignore.
type testBody struct {
	Meta         statuspage.WebhookMeta `json:"meta"`
	Page         testPage               `json:"page"`
	Event        string                 `json:"event"`
	Subscription testSubscription       `json:"subscription"`
}

type testPage struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type testSubscription struct {
	ID         string   `json:"id"`
	Components []string `json:"components"`
	Message    string   `json:"message"`
}

// SendConfirmation POSTs the test delivery that confirms c's subscriber,
// signed with its secret, in its format. The receiver confirms by
// answering 2xx. It goes through the same guarded client as every other
// webhook, and its errors are Send's.
func (s *Sender) SendConfirmation(ctx context.Context, c *herald.Confirmation) error {
	target, err := parseTarget(c.Subscriber.Address)
	if err != nil {
		return err
	}
	body, err := s.testBody(c)
	if err != nil {
		return err
	}
	ts := s.now()
	sig, err := Sign(c.Subscriber.Secret, c.ID, ts, body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(),
		bytes.NewReader(body))
	if err != nil {
		return herald.Errorf(herald.EUNPROCESSABLE, "the webhook URL is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(HeaderID, c.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, sig)
	resp, err := s.client.Do(req)
	if err != nil {
		return transportError(target, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return statusError(resp.StatusCode)
}

// testBody returns the body of c's test delivery in its subscriber's
// format.
func (s *Sender) testBody(c *herald.Confirmation) ([]byte, error) {
	var unsubscribe, manage string
	if s.links != nil {
		l := s.links(&c.Subscriber)
		unsubscribe, manage = l.Unsubscribe, l.Manage
	}
	msg := "This endpoint now hears about incidents on " + c.Page.Name + "."
	if c.Subscriber.Format != herald.FormatStatuspage {
		return chatBody(c.Subscriber.Format, chatMessage{
			Title: "Subscribed to " + c.Page.Name, Text: msg, URL: c.Page.URL,
			Manage: manage,
		})
	}
	body := testBody{
		Meta: statuspage.WebhookMeta{Unsubscribe: unsubscribe,
			Documentation: statuspage.DocumentationURL, GeneratedAt: s.now().UTC().Truncate(time.Second)},
		Page:  testPage{ID: c.Page.ID, Name: c.Page.Name, URL: c.Page.URL},
		Event: TestEvent,
		Subscription: testSubscription{ID: c.Subscriber.ID, Components: c.Subscriber.Components,
			Message: msg},
	}
	if body.Subscription.Components == nil {
		body.Subscription.Components = []string{}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, &herald.Error{Code: herald.EUNPROCESSABLE, Message: "the test body cannot be built",
			Err: err}
	}
	return b, nil
}
