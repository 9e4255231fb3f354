package herald

import "strings"

// SubscriberFilter selects subscribers in an admin's search. A zero field
// selects every subscriber.
type SubscriberFilter struct {
	State SubscriberState
	Type  SubscriberType
	Query string // a part of the address as stored; e-mail addresses are lower-case
}

// Validate checks the filter's state and type.
func (f SubscriberFilter) Validate() error {
	switch f.State {
	case "", Pending, Active, Unsubscribed:
	default:
		return &Error{Code: EINVALID, Field: "state",
			Message: "state must be one of pending, active, unsubscribed"}
	}
	if f.Type != "" && !f.Type.Valid() {
		return &Error{Code: EINVALID, Field: "type", Message: "type must be one of email, sms, webhook"}
	}
	if len(f.Query) > 254 {
		return &Error{Code: EINVALID, Field: "q", Message: "q must be at most 254 characters"}
	}
	return nil
}

// Match reports whether s passes the filter. Stores that cannot filter in
// their queries filter with it, so that every store selects alike.
func (f SubscriberFilter) Match(s *Subscriber) bool {
	return (f.State == "" || s.State == f.State) && (f.Type == "" || s.Type == f.Type) &&
		strings.Contains(s.Address, f.Query)
}

// SubscriberCounts counts subscribers, expired pending ones left out.
type SubscriberCounts struct {
	Total   int                     `json:"total"`
	ByState map[SubscriberState]int `json:"by_state"`
	ByType  map[SubscriberType]int  `json:"by_type"`
}

// NewSubscriberCounts returns counts of nothing, with every state and type
// present at zero.
func NewSubscriberCounts() *SubscriberCounts {
	return &SubscriberCounts{
		ByState: map[SubscriberState]int{Pending: 0, Active: 0, Unsubscribed: 0},
		ByType:  map[SubscriberType]int{Email: 0, SMS: 0, Webhook: 0},
	}
}

// Add counts one subscriber of type t in state st.
func (c *SubscriberCounts) Add(t SubscriberType, st SubscriberState) {
	c.Total++
	c.ByState[st]++
	c.ByType[t]++
}
