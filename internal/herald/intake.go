package herald

import (
	"context"
	"time"
)

// Intake is one request a monitoring tool sent, as an adapter reads it.
type Intake struct {
	Body []byte

	// Header returns a request header by name; tools that sign their
	// requests send the signature in one.
	Header func(name string) string

	// Secret is the integration's signing secret, "" when none is set.
	Secret string
}

// Parsed is what an adapter found in a request: alerts to ingest, or a
// Notice when the request opens nothing, saying in words for the person
// setting the tool up what Herald made of it. Test marks a notice about
// the tool's test message, a ping or a handshake; without it the request
// was an event Herald has no use for, such as an acknowledgement.
type Parsed struct {
	Alerts []Alert
	Notice string
	Test   bool
}

// AlertParser reads one tool's requests. It reads tolerantly, ignoring
// fields it does not know, and reports a request it cannot use as an
// EINVALID *Error naming the field at fault, or EUNAUTHORIZED when a
// signature does not verify.
type AlertParser func(ctx context.Context, in *Intake) (*Parsed, error)

// DeliveryOutcome says what Herald did with a request from a tool.
type DeliveryOutcome string

// The delivery outcomes.
const (
	OutcomeAccepted  DeliveryOutcome = "accepted"  // it opened, updated or resolved something
	OutcomeDuplicate DeliveryOutcome = "duplicate" // it told Herald nothing new
	OutcomeTest      DeliveryOutcome = "test"      // a test message, ping or handshake
	OutcomeIgnored   DeliveryOutcome = "ignored"   // an event Herald has no use for
	OutcomeRejected  DeliveryOutcome = "rejected"  // refused; Reason says why
)

// IntegrationDelivery records one request a tool made of an integration,
// so that an admin setting the tool up can see what arrived and what came
// of it. Stores keep them for IntegrationDeliveryTTL.
type IntegrationDelivery struct {
	ID            string          `json:"id"`
	IntegrationID string          `json:"integration_id"`
	ReceivedAt    time.Time       `json:"received_at"`
	Outcome       DeliveryOutcome `json:"outcome"`
	Status        int             `json:"status"` // the HTTP status answered
	Reason        string          `json:"reason,omitempty"`
	Field         string          `json:"field,omitempty"`
	Alerts        int             `json:"alerts"`
	Results       []AlertResult   `json:"results"`
	RequestID     string          `json:"request_id,omitempty"`
}

// How long and how many deliveries an integration's log keeps.
const (
	IntegrationDeliveryTTL   = 7 * 24 * time.Hour
	MaxIntegrationDeliveries = 100
)

// OutcomeOf sums up what a request's alert results did.
func OutcomeOf(results []AlertResult) DeliveryOutcome {
	for _, r := range results {
		if r.Action != AlertDuplicate {
			return OutcomeAccepted
		}
	}
	return OutcomeDuplicate
}
