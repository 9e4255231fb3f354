package herald

import (
	"context"
	"time"
)

// IncidentFilter selects incidents by state in lists.
type IncidentFilter string

// The incident filters of GET /v1/incidents?state=.
const (
	FilterAll        IncidentFilter = "all"
	FilterDraft      IncidentFilter = "draft"
	FilterUnresolved IncidentFilter = "unresolved" // published, not resolved
	FilterResolved   IncidentFilter = "resolved"
)

// Valid reports whether f is one of the filters.
func (f IncidentFilter) Valid() bool {
	switch f {
	case FilterAll, FilterDraft, FilterUnresolved, FilterResolved:
		return true
	}
	return false
}

// Match reports whether inc passes the filter.
func (f IncidentFilter) Match(inc *Incident) bool {
	switch f {
	case FilterDraft:
		return inc.Draft
	case FilterUnresolved:
		return !inc.Draft && inc.Status != Resolved
	case FilterResolved:
		return !inc.Draft && inc.Status == Resolved
	}
	return true
}

// ListOptions asks for one page of a list: at most Limit items after
// Cursor. A list method answers with the cursor of the next page, "" when
// there are no more.
type ListOptions struct {
	Cursor string
	Limit  int
}

// IncidentWrite is the unit of work that changes an incident: the incident,
// the components whose status it sets, and the alert group that points at
// it. A store writes all of them or none. Each item's Version is the
// version it had when read, 0 for an item that must not exist yet; on
// success the store sets each to its new version.
type IncidentWrite struct {
	Incident   *Incident
	Components []*Component
	Group      *AlertGroup
}

// Store keeps Herald's entities. Every method is one unit of work. Methods
// return an *Error: ENOTFOUND when a named item does not exist, ECONFLICT
// when a conditional write loses (the item exists, or its version moved),
// EUNAVAILABLE when the store itself failed and the call may be retried.
type Store interface {
	// CreateComponent stores a new component; ECONFLICT if its id is taken.
	CreateComponent(ctx context.Context, c *Component) error
	// Component returns one component.
	Component(ctx context.Context, id string) (*Component, error)
	// Components returns every component, ordered by position, then name.
	Components(ctx context.Context) ([]*Component, error)
	// UpdateComponent writes c if its stored version is still c.Version.
	UpdateComponent(ctx context.Context, c *Component) error
	// DeleteComponent removes a component; ENOTFOUND if there is none.
	DeleteComponent(ctx context.Context, id string) error

	// NextIncidentNumber returns a number never returned before, from 1.
	NextIncidentNumber(ctx context.Context) (int64, error)
	// SaveIncident writes an incident with its components and alert group.
	SaveIncident(ctx context.Context, w IncidentWrite) error
	// Incident returns one incident.
	Incident(ctx context.Context, id string) (*Incident, error)
	// Incidents returns incidents passing f, newest first, a page at a time.
	Incidents(ctx context.Context, f IncidentFilter, o ListOptions) ([]*Incident, string, error)

	// AlertGroup returns the alert group with the given key.
	AlertGroup(ctx context.Context, key string) (*AlertGroup, error)
	// SaveAlertGroup writes a group alone, if its stored version is still
	// g.Version (0: if it does not exist yet); ECONFLICT otherwise.
	SaveAlertGroup(ctx context.Context, g *AlertGroup) error
	// AlertGroupsDue returns the groups whose DueAt is at or before t, in
	// no particular order. It may lag a write by a moment.
	AlertGroupsDue(ctx context.Context, t time.Time) ([]*AlertGroup, error)

	// CreateSubscriber stores a new subscriber; ECONFLICT if one of the
	// same type and address exists.
	CreateSubscriber(ctx context.Context, s *Subscriber) error
	// Subscriber returns one subscriber.
	Subscriber(ctx context.Context, id string) (*Subscriber, error)
	// Subscribers returns subscribers in id order, a page at a time. With
	// activeOnly it returns only active subscribers.
	Subscribers(ctx context.Context, activeOnly bool, o ListOptions) ([]*Subscriber, string, error)
	// UpdateSubscriber writes s if its stored version is still s.Version.
	UpdateSubscriber(ctx context.Context, s *Subscriber) error
	// DeleteSubscriber removes a subscriber; ENOTFOUND if there is none.
	DeleteSubscriber(ctx context.Context, id string) error
	// SubscriberByAddress returns the subscriber of type t with the
	// address, expired or not; ENOTFOUND if there is none.
	SubscriberByAddress(ctx context.Context, t SubscriberType, address string) (*Subscriber, error)
	// SearchSubscribers returns the subscribers passing f in id order, a
	// page at a time, leaving out expired pending ones.
	SearchSubscribers(ctx context.Context, f SubscriberFilter, o ListOptions) ([]*Subscriber, string, error)
	// CountSubscribers counts subscribers by state and by type, leaving
	// out expired pending ones.
	CountSubscribers(ctx context.Context) (*SubscriberCounts, error)

	// Hit counts one event under key in the current window of the given
	// length (windows start at multiples of it since the Unix epoch) and
	// returns how many the window holds, this one included. A window's
	// count is forgotten some time after it ends.
	Hit(ctx context.Context, key string, window time.Duration) (int, error)

	// CreateIntegration stores a new integration.
	CreateIntegration(ctx context.Context, in *Integration) error
	// Integration returns one integration.
	Integration(ctx context.Context, id string) (*Integration, error)
	// Integrations returns every integration, oldest first.
	Integrations(ctx context.Context) ([]*Integration, error)
	// UpdateIntegration writes in if its stored version is still
	// in.Version; ENOTFOUND if there is none, ECONFLICT if it moved.
	UpdateIntegration(ctx context.Context, in *Integration) error
	// AddIntegrationDelivery records a request a tool made. The store
	// forgets it some time after IntegrationDeliveryTTL, and may forget
	// the oldest of an integration's beyond MaxIntegrationDeliveries.
	AddIntegrationDelivery(ctx context.Context, d *IntegrationDelivery) error
	// IntegrationDeliveries returns at most limit of an integration's
	// recorded requests, newest first, none older than the TTL.
	IntegrationDeliveries(ctx context.Context, integrationID string,
		limit int) ([]*IntegrationDelivery, error)

	// CreateAPIKey stores a new admin key.
	CreateAPIKey(ctx context.Context, k *APIKey) error
	// APIKey returns one admin key.
	APIKey(ctx context.Context, id string) (*APIKey, error)
	// APIKeys returns every admin key, oldest first.
	APIKeys(ctx context.Context) ([]*APIKey, error)

	// ClaimDelivery stores d at version 1 if no delivery with its ID
	// exists yet, and reports whether it did: false means another worker
	// has it already.
	ClaimDelivery(ctx context.Context, d *Delivery) (bool, error)
	// ClaimDeliveries claims each of ds as ClaimDelivery does, and answers
	// one item per delivery, in order: nil when it was claimed (its
	// Version is now 1), or the delivery already stored under its ID. An
	// error means the store failed; some of ds may have been claimed, and
	// their leases will run out.
	ClaimDeliveries(ctx context.Context, ds []*Delivery) ([]*Delivery, error)
	// Delivery returns one delivery.
	Delivery(ctx context.Context, id string) (*Delivery, error)
	// UpdateDelivery writes d if the stored delivery's version is still
	// d.Version, and moves d.Version on; ECONFLICT if another worker wrote
	// it since it was read.
	UpdateDelivery(ctx context.Context, d *Delivery) error
	// UpdateDeliveries writes each of ds as UpdateDelivery does, and
	// answers one error per delivery, in order, nil for each written.
	UpdateDeliveries(ctx context.Context, ds []*Delivery) []error
	// Deliveries returns the deliveries of one incident in id order, so
	// grouped by update, a page at a time.
	Deliveries(ctx context.Context, incidentID string, o ListOptions) ([]*Delivery, string, error)

	// Followers returns the active subscribers of type t that follow one of
	// components, or every component, in id order, a page at a time: the
	// subscribers fan-out notifies of an incident on those components.
	Followers(ctx context.Context, t SubscriberType, components []string,
		o ListOptions) ([]*Subscriber, string, error)
}
