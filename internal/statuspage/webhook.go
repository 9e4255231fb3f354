package statuspage

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// DocumentationURL is where a webhook's meta block sends its reader.
var DocumentationURL = "https://github.com/herald-status/herald/blob/main/README.md#webhooks"

// WebhookMeta is the meta block of a subscriber webhook.
type WebhookMeta struct {
	Unsubscribe   string    `json:"unsubscribe"`
	Documentation string    `json:"documentation"`
	GeneratedAt   time.Time `json:"generated_at"`
}

// WebhookPage is the page block of a subscriber webhook.
type WebhookPage struct {
	ID                string `json:"id"`
	StatusIndicator   string `json:"status_indicator"`
	StatusDescription string `json:"status_description"`
}

// IncidentWebhook is the body Statuspage posts to a webhook subscriber
// when an incident changes.
type IncidentWebhook struct {
	Meta     WebhookMeta     `json:"meta"`
	Page     WebhookPage     `json:"page"`
	Incident WebhookIncident `json:"incident"`
}

// ComponentWebhook is the body Statuspage posts to a webhook subscriber
// when a component's status changes.
type ComponentWebhook struct {
	Meta            WebhookMeta     `json:"meta"`
	Page            WebhookPage     `json:"page"`
	ComponentUpdate ComponentUpdate `json:"component_update"`
	Component       Component       `json:"component"`
}

// ComponentUpdate is one change of a component's status.
type ComponentUpdate struct {
	ID            string    `json:"id"`
	ComponentID   string    `json:"component_id"`
	ComponentType string    `json:"component_type"`
	OldStatus     string    `json:"old_status"`
	NewStatus     string    `json:"new_status"`
	CreatedAt     time.Time `json:"created_at"`
}

// WebhookBody returns the JSON body of the webhook that tells a subscriber
// about a change to inc: the incident as in incidents.json, updates newest
// first and private notes left out, with the fields only webhooks carry.
// comps are the components the incident affects (or all of the page's);
// the page status is derived from them and inc. A draft is refused: it is
// not public, and nothing about it may be sent.
func WebhookBody(p herald.Page, inc *herald.Incident, comps []*herald.Component,
	unsubscribeURL string) ([]byte, error) {
	if inc.Draft {
		return nil, fmt.Errorf("statuspage: incident %s is a draft", inc.ID)
	}
	byID := make(map[string]*herald.Component, len(comps))
	for _, c := range comps {
		byID[c.ID] = c
	}
	body := IncidentWebhook{
		Meta:     meta(unsubscribeURL),
		Page:     webhookPage(p, comps, []*herald.Incident{inc}),
		Incident: webhookIncident(incident(p, inc, byID)),
	}
	return json.Marshal(body)
}

// ComponentWebhookBody returns the JSON body of the webhook that tells a
// subscriber that c moved from old to its current status. The update's id
// is derived from the component's version, so a retry carries the same one.
func ComponentWebhookBody(p herald.Page, c *herald.Component, old herald.ComponentStatus,
	unsubscribeURL string) ([]byte, error) {
	sc := component(p, c)
	if c.Group != "" {
		id := GroupID(c.Group)
		sc.GroupID = &id
	}
	body := ComponentWebhook{
		Meta: meta(unsubscribeURL),
		Page: webhookPage(p, []*herald.Component{c}, nil),
		ComponentUpdate: ComponentUpdate{
			ID:            c.ID + "." + strconv.FormatInt(c.Version, 10),
			ComponentID:   c.ID,
			ComponentType: "Component",
			OldStatus:     string(old),
			NewStatus:     string(c.Status),
			CreatedAt:     c.UpdatedAt.UTC(),
		},
		Component: sc,
	}
	return json.Marshal(body)
}

func meta(unsubscribeURL string) WebhookMeta {
	return WebhookMeta{
		Unsubscribe:   unsubscribeURL,
		Documentation: DocumentationURL,
		GeneratedAt:   time.Now().UTC(),
	}
}

func webhookPage(p herald.Page, comps []*herald.Component, incs []*herald.Incident) WebhookPage {
	st := PageStatus(comps, incs)
	return WebhookPage{ID: p.ID, StatusIndicator: st.Indicator, StatusDescription: st.Description}
}
