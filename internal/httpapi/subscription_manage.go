package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// managePage answers GET /v1/subscriptions/manage: the subscriber's
// components, address, and a way out.
func (a *api) managePage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	sub, err := a.linkSubscriber(r, token, signedlink.Manage)
	if err != nil {
		return err
	}
	return a.renderManage(w, r, http.StatusOK, token, sub, "")
}

func (a *api) renderManage(w http.ResponseWriter, r *http.Request, status int, token string,
	sub *herald.Subscriber, msg string) error {
	d := a.newPage("Your subscription")
	d.Sub, d.Token, d.Action, d.Message = sub, token, signedlink.ManagePath, msg
	var err error
	if d.Components, err = a.choices(r.Context(), sub.Components); err != nil {
		return err
	}
	return a.renderPage(w, status, "manage", d)
}

// manage answers POST /v1/subscriptions/manage: save the components and
// address, or, with action=unsubscribe, leave.
func (a *api) manage(w http.ResponseWriter, r *http.Request) error {
	in, err := readLink(w, r)
	if err != nil {
		return err
	}
	id, err := a.verify(in.Token, signedlink.Manage)
	if err != nil {
		return err
	}
	switch in.Action {
	case "unsubscribe":
		return a.unsubscribed(w, r, id)
	case "", "save":
	default:
		return invalid("action", "action must be save or unsubscribe")
	}

	res, err := a.subs.Manage(r.Context(), id, herald.Preferences{
		Components: in.Components, Address: in.Address})
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		v := viewOf(res.Subscriber)
		v.Moved = res.Moved
		return writeJSON(w, http.StatusOK, v)
	}
	msg := "Saved."
	if res.Moved {
		msg = "Saved. If " + in.Address + " can take this subscription, a confirmation is on " +
			"its way there; until it is confirmed, nothing is sent."
	}
	return a.renderManage(w, r, http.StatusOK, in.Token, res.Subscriber, msg)
}

// unsubscribePage answers GET /v1/subscriptions/unsubscribe: a page whose
// button unsubscribes.
func (a *api) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	sub, err := a.linkSubscriber(r, token, signedlink.Unsubscribe)
	if err != nil {
		return err
	}
	d := a.newPage("Unsubscribe")
	d.Sub, d.Token, d.Action = sub, token, signedlink.UnsubscribePath
	return a.renderPage(w, http.StatusOK, "unsubscribe", d)
}

// unsubscribe answers POST /v1/subscriptions/unsubscribe: the page's
// button, or a mail client's one-click POST of "List-Unsubscribe=One-Click"
// to the List-Unsubscribe URL, which carries the token in its query. It
// needs nothing more than the token, so it works in one request.
func (a *api) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	in, err := readLink(w, r)
	if q := r.URL.Query().Get("token"); q != "" && in.Token == "" {
		in.Token, err = q, nil // a body of a type no form has is no reason to refuse
	}
	if err != nil {
		return err
	}
	id, err := a.verify(in.Token, signedlink.Unsubscribe)
	if err != nil {
		return err
	}
	return a.unsubscribed(w, r, id)
}

// unsubscribed unsubscribes id and says so.
func (a *api) unsubscribed(w http.ResponseWriter, r *http.Request, id string) error {
	if err := a.subs.Unsubscribe(r.Context(), id); err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, map[string]string{"state": string(herald.Unsubscribed)})
	}
	d := a.newPage("You are unsubscribed")
	d.Message = "You will hear nothing more from " + d.PageName + ". Changed your mind? " +
		"Sign up again on the status page."
	return a.renderPage(w, http.StatusOK, "message", d)
}
