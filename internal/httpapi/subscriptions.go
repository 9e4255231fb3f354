package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// SignupPath is where the sign-up form posts, and where GET shows it.
const SignupPath = "/v1/subscriptions"

// maxForm is the largest form body a subscriber's page sends.
const maxForm = 64 << 10

// signupAnswer is the JSON answer to a sign-up. Its message is the same
// whether the address was subscribed already or not.
type signupAnswer struct {
	Type         herald.SubscriberType `json:"type"`
	Address      string                `json:"address"`
	Message      string                `json:"message"`
	Secret       string                `json:"secret,omitempty"`
	TestDelivery string                `json:"test_delivery,omitempty"` // accepted or refused
	Refusal      string                `json:"refusal,omitempty"`
}

// subscriptionView is what a subscriber's own endpoints answer in JSON.
type subscriptionView struct {
	Type       herald.SubscriberType  `json:"type"`
	Address    string                 `json:"address"`
	Components []string               `json:"components"`
	State      herald.SubscriberState `json:"state"`
	Moved      bool                   `json:"moved,omitempty"`
}

func viewOf(s *herald.Subscriber) subscriptionView {
	comps := s.Components
	if comps == nil {
		comps = []string{}
	}
	return subscriptionView{Type: s.Type, Address: s.Address, Components: comps, State: s.State}
}

// signupPage answers GET /v1/subscriptions with the sign-up form.
func (a *api) signupPage(w http.ResponseWriter, r *http.Request) error {
	d := a.newPage("Subscribe to updates")
	d.Action, d.Form.Type = SignupPath, herald.Email
	var err error
	if d.Components, err = a.choices(r.Context(), nil); err != nil {
		return err
	}
	return a.renderPage(w, http.StatusOK, "subscribe", d)
}

// signUp answers POST /v1/subscriptions, from the status page's form
// (answered with a page) or as JSON (answered 202). Either way the answer
// does not say whether the address was subscribed already.
func (a *api) signUp(w http.ResponseWriter, r *http.Request) error {
	in, err := readSignup(w, r)
	if err != nil {
		return err
	}
	res, err := a.subs.SignUp(r.Context(), a.clientIP(r), in)
	if wantsJSON(r) {
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusAccepted, answerOf(res))
	}
	if err != nil && herald.ErrorField(err) != "" {
		// The form again, with what was typed and what is wrong with it.
		d := a.newPage("Subscribe to updates")
		d.Action, d.Form = SignupPath, in
		d.Error = herald.ErrorField(err) + ": " + herald.ErrorMessage(err)
		if d.Components, err = a.choices(r.Context(), in.Components); err != nil {
			return err
		}
		return a.renderPage(w, statusOf(herald.EUNPROCESSABLE), "subscribe", d)
	}
	if err != nil {
		return err
	}
	d := a.newPage("Almost there")
	if res.Type == herald.Webhook && res.Accepted {
		d.Title = "Subscribed"
	}
	d.Result, d.ConfirmAction = res, signedlink.ConfirmPath
	return a.renderPage(w, http.StatusOK, "signedup", d)
}

func answerOf(res *herald.SignupResult) signupAnswer {
	out := signupAnswer{Type: res.Type, Address: res.Address, Secret: res.Secret,
		Message: "If this address can subscribe, a confirmation is on its way to it; " +
			"nothing else is sent until it is confirmed."}
	if res.Type == herald.Webhook {
		out.TestDelivery, out.Refusal = "refused", res.Refusal
		out.Message = "A signed test delivery was sent; the endpoint is subscribed once it " +
			"answers one with 2xx."
		if res.Accepted {
			out.TestDelivery, out.Message = "accepted", "The endpoint accepted the signed test "+
				"delivery and is subscribed."
		}
	}
	return out
}

// readSignup reads a sign-up from a JSON body or a form.
func readSignup(w http.ResponseWriter, r *http.Request) (herald.SignupInput, error) {
	var in herald.SignupInput
	if wantsJSON(r) {
		return in, decode(w, r, &in)
	}
	if err := readForm(w, r); err != nil {
		return in, err
	}
	in.Type = herald.SubscriberType(r.PostForm.Get("type"))
	in.Address = r.PostForm.Get("address")
	in.Format = herald.WebhookFormat(r.PostForm.Get("format"))
	in.Components = formList(r.PostForm["components"])
	if in.Type != herald.Webhook {
		in.Format = "" // the form always sends one
	}
	return in, nil
}

// readForm parses a form body, URL-encoded or multipart, of at most
// maxForm bytes. A request without a body parses to an empty form.
func readForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case ct == "" && r.ContentLength <= 0:
		return r.ParseForm()
	case err == nil && mt == "application/x-www-form-urlencoded":
		err = r.ParseForm()
	case err == nil && mt == "multipart/form-data":
		err = r.ParseMultipartForm(maxForm)
	default:
		return herald.Errorf(codeMediaType, "send the body as a form or as application/json")
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return herald.Errorf(codeTooLarge, "the form must be at most %d bytes", maxForm)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return invalid("", "the form could not be read")
	}
	return nil
}

// formList reads a list sent as repeated fields, comma-separated values,
// or both.
func formList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}
