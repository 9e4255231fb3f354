package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
)

// createSubscriber answers 201 with the new subscriber. A webhook
// subscriber's signing secret is in this answer and in no other.
func (a *api) createSubscriber(w http.ResponseWriter, r *http.Request) error {
	var in herald.SubscriberInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sub, err := a.svc.CreateSubscriber(r.Context(), in)
	if err != nil {
		return err
	}
	return created(w, "/v1/subscribers/"+sub.ID, sub)
}

// listSubscribers answers a page of subscribers, in id order, without
// their secrets.
func (a *api) listSubscribers(w http.ResponseWriter, r *http.Request) error {
	o, err := listOptions(r, 500)
	if err != nil {
		return err
	}
	subs, next, err := a.svc.Subscribers(r.Context(), o)
	if err != nil {
		return err
	}
	out := make([]herald.Subscriber, len(subs))
	for i, s := range subs {
		out[i] = withoutSecret(s)
	}
	return writeJSON(w, http.StatusOK, newList(out, next))
}

func (a *api) deleteSubscriber(w http.ResponseWriter, r *http.Request) error {
	if err := a.svc.DeleteSubscriber(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// withoutSecret returns a copy of s that does not show its signing secret.
func withoutSecret(s *herald.Subscriber) herald.Subscriber {
	out := *s
	out.Secret = ""
	return out
}
