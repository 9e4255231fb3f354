package mail

import (
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/statuspage"
)

// view is what the templates show: plain strings, already in words.
type view struct {
	PageName    string
	ID          string
	Title       string
	Status      string
	Impact      string
	Message     string
	PostedAt    string
	ETA         string
	NextUpdate  string
	Components  []componentView
	IncidentURL string
	Manage      string
	Unsubscribe string
}

type componentView struct {
	Name   string
	Status string
}

func newView(n *herald.Notification, links signedlink.Links) *view {
	inc := &n.Incident
	return &view{
		PageName:    n.Page.Name,
		ID:          inc.ID,
		Title:       inc.Title,
		Status:      Label(string(n.Update.Status)),
		Impact:      Label(string(inc.Impact)),
		Message:     strings.ReplaceAll(strings.ReplaceAll(n.Update.Message, "\r\n", "\n"), "\r", "\n"),
		PostedAt:    when(&n.Update.CreatedAt),
		ETA:         when(inc.ETA),
		NextUpdate:  when(inc.NextUpdateAt),
		Components:  affected(n),
		IncidentURL: statuspage.IncidentURL(n.Page, inc.ID),
		Manage:      links.Manage,
		Unsubscribe: links.Unsubscribe,
	}
}

// affected lists the incident's components by name, each with the status
// the update gives it, or else the one the incident gives it.
func affected(n *herald.Notification) []componentView {
	names := make(map[string]string, len(n.Components))
	for _, c := range n.Components {
		names[c.ID] = c.Name
	}
	status := make(map[string]herald.ComponentStatus)
	for _, a := range n.Incident.Components {
		status[a.ID] = a.Status
	}
	for _, a := range n.Update.Components {
		status[a.ID] = a.Status
	}
	out := make([]componentView, 0, len(n.Incident.Components))
	for _, a := range n.Incident.Components {
		name := names[a.ID]
		if name == "" {
			name = a.ID
		}
		out = append(out, componentView{Name: name, Status: Label(string(status[a.ID]))})
	}
	return out
}

// Label turns an enum value into words: "partial_outage" becomes
// "Partial outage".
func Label(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// when formats a time for people, in UTC since Herald cannot know the
// reader's zone; nil and zero times are "".
func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format("Mon 2 Jan 2006, 15:04 UTC")
}
