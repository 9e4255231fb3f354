package herald

import (
	"context"
	"time"
)

// DeliveryState is where one notification is.
type DeliveryState string

// The delivery states.
const (
	DeliveryPending DeliveryState = "pending" // claimed or owed, not yet sent
	DeliverySent    DeliveryState = "sent"
	DeliveryFailed  DeliveryState = "failed" // will be retried
	DeliveryDead    DeliveryState = "dead"   // given up on
)

// Delivery records one notification: one published update to one
// subscriber over one channel. Its ID is derived from those three, so a
// store that refuses a second delivery with the same ID makes every
// notification go out at most once.
type Delivery struct {
	ID           string         `json:"id"`
	IncidentID   string         `json:"incident_id"`
	UpdateID     string         `json:"update_id"`
	SubscriberID string         `json:"subscriber_id"`
	Channel      SubscriberType `json:"channel"`
	State        DeliveryState  `json:"state"`
	Attempts     int            `json:"attempts"`
	Error        string         `json:"error,omitempty"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`

	// LeaseID and LeaseUntil say who is sending a pending delivery, and
	// until when. The run that claims or takes over a delivery sets both;
	// another may take it over once LeaseUntil has passed. A pending
	// delivery without a lease is owed and held by no one.
	LeaseID    string    `json:"lease_id,omitempty"`
	LeaseUntil time.Time `json:"lease_until,omitzero"`

	// Version is 1 when the delivery is claimed; every update moves it on
	// by one, and is written only if it is still the version read.
	Version int64 `json:"version"`
}

// Leased reports whether someone holds d at now: it is pending and its
// lease has not run out.
func (d *Delivery) Leased(now time.Time) bool {
	return d.State == DeliveryPending && now.Before(d.LeaseUntil)
}

// DeliveryID returns the id of the delivery of update to subscriber.
func DeliveryID(updateID, subscriberID string, channel SubscriberType) string {
	return updateID + "." + subscriberID + "." + string(channel)
}

// Page describes the status page itself, for messages that link back to it.
type Page struct {
	ID   string // a stable id, as Statuspage's page.id
	Name string
	URL  string // the public address of the status page, no trailing slash
}

// Notification is everything a sender needs to tell one subscriber about
// one published update.
type Notification struct {
	ID         string // the Delivery's ID: stable across retries
	Page       Page
	Subscriber Subscriber
	Incident   Incident // public view: no private notes
	Update     Update
	Components []Component // the components the incident affects
	CreatedAt  time.Time
}

// Sender sends notifications over one channel. Send returns nil once the
// message is handed on (to SES, SNS, a file or a webhook that answered
// 2xx). An error whose code is EUNAVAILABLE may succeed later; any other
// error means the message can never be sent.
type Sender interface {
	Send(ctx context.Context, n *Notification) error
}
