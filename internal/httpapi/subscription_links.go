package httpapi

import (
	"net/http"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// The pages behind the signed links in messages. A GET only shows a page
// whose button POSTs, because mail scanners follow links: nothing changes
// until a person, or a mail client doing RFC 8058 one-click unsubscribe,
// POSTs. A forged, altered, expired or misdirected token changes nothing
// and gets a page (or a problem) saying so.

// linkInput is the JSON body of a POST to a link's endpoint.
type linkInput struct {
	Token      string   `json:"token"`
	Address    string   `json:"address"`
	Code       string   `json:"code"`
	Components []string `json:"components"`
	Action     string   `json:"action"`
}

// readLink reads a POST to a link's endpoint: a JSON body, or a form, with
// the token in the body or, as RFC 8058 has it, in the query.
func readLink(w http.ResponseWriter, r *http.Request) (linkInput, error) {
	var in linkInput
	if wantsJSON(r) {
		err := decode(w, r, &in)
		if in.Token == "" {
			in.Token = r.URL.Query().Get("token")
		}
		return in, err
	}
	if err := readForm(w, r); err != nil {
		return in, err
	}
	in.Token = r.FormValue("token")
	in.Address, in.Code = r.PostForm.Get("address"), r.PostForm.Get("code")
	in.Components = formList(r.PostForm["components"])
	in.Action = r.PostForm.Get("action")
	return in, nil
}

// verify returns the subscriber id a token names for purpose.
func (a *api) verify(token, purpose string) (string, error) {
	id, _, err := a.verifyExpiry(token, purpose)
	return id, err
}

// verifyExpiry returns the subscriber id a token names for purpose, and
// when the token expires.
func (a *api) verifyExpiry(token, purpose string) (string, time.Time, error) {
	if token == "" {
		return "", time.Time{}, invalid("token",
			"the link has no token; use the whole link from your message")
	}
	if a.links == nil || a.links.Signer == nil {
		return "", time.Time{}, herald.Errorf(herald.EUNAUTHORIZED, "links cannot be checked here")
	}
	return a.links.Signer.VerifyExpiry(token, purpose, time.Now())
}

// linkSubscriber returns the subscriber a token names for purpose, if it
// still exists.
func (a *api) linkSubscriber(r *http.Request, token, purpose string) (*herald.Subscriber, error) {
	id, err := a.verify(token, purpose)
	if err != nil {
		return nil, err
	}
	return a.subs.Subscriber(r.Context(), id)
}

// confirmPage answers GET /v1/subscriptions/confirm: a page whose button
// confirms. It confirms nothing.
func (a *api) confirmPage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	id, exp, err := a.verifyExpiry(token, signedlink.Confirm)
	if err != nil {
		return err
	}
	sub, err := a.subs.Subscriber(r.Context(), id)
	if err != nil {
		return err
	}
	if !sub.CurrentLink(exp) {
		return herald.Errorf(herald.EUNAUTHORIZED,
			"this link was replaced by a newer one; use the link in your latest message")
	}
	d := a.newPage("Confirm your subscription")
	d.Sub, d.Token, d.Action = sub, token, signedlink.ConfirmPath
	return a.renderPage(w, http.StatusOK, "confirm", d)
}

// confirm answers POST /v1/subscriptions/confirm, with the token of a
// confirm link or an SMS number and its code.
func (a *api) confirm(w http.ResponseWriter, r *http.Request) error {
	in, err := readLink(w, r)
	if err != nil {
		return err
	}
	var sub *herald.Subscriber
	if in.Token == "" && in.Code != "" {
		sub, err = a.subs.ConfirmCode(r.Context(), in.Address, in.Code)
	} else {
		var id string
		var exp time.Time
		if id, exp, err = a.verifyExpiry(in.Token, signedlink.Confirm); err == nil {
			sub, err = a.subs.Confirm(r.Context(), id, exp)
		}
	}
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, viewOf(sub))
	}
	d := a.newPage("You are subscribed")
	d.Message = sub.Address + " will hear from " + d.PageName + " from now on. Every message " +
		"carries links to choose components or to unsubscribe."
	return a.renderPage(w, http.StatusOK, "message", d)
}
