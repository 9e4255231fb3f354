package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
)

// createSubscriber answers 201 with the new subscriber. One not marked
// consented is pending and has been sent its confirmation (for a webhook,
// its test delivery, which may have made it active already). A webhook
// subscriber's signing secret is in this answer and in no other.
func (a *api) createSubscriber(w http.ResponseWriter, r *http.Request) error {
	var in herald.SubscriberInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sub, err := a.subs.Add(r.Context(), in)
	if err != nil {
		return err
	}
	return created(w, "/v1/subscribers/"+sub.ID, sub)
}

// listSubscribers answers a page of the subscribers passing ?state=,
// ?type= and ?q= (a part of the address), in id order, without their
// secrets.
func (a *api) listSubscribers(w http.ResponseWriter, r *http.Request) error {
	o, err := listOptions(r, 500)
	if err != nil {
		return err
	}
	subs, next, err := a.subs.Search(r.Context(), subscriberFilter(r), o)
	if err != nil {
		return err
	}
	out := make([]herald.Subscriber, len(subs))
	for i, s := range subs {
		out[i] = withoutSecret(s)
	}
	return writeJSON(w, http.StatusOK, newList(out, next))
}

// subscriberFilter reads ?state=, ?type= and ?q=.
func subscriberFilter(r *http.Request) herald.SubscriberFilter {
	q := r.URL.Query()
	return herald.SubscriberFilter{State: herald.SubscriberState(q.Get("state")),
		Type: herald.SubscriberType(q.Get("type")), Query: q.Get("q")}
}

// getSubscriber answers one subscriber, without its secret.
func (a *api) getSubscriber(w http.ResponseWriter, r *http.Request) error {
	sub, err := a.subs.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, withoutSecret(sub))
}

// countSubscribers answers the counts by state and by type.
func (a *api) countSubscribers(w http.ResponseWriter, r *http.Request) error {
	counts, err := a.subs.Counts(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, counts)
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
