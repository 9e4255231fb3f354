package statuspage

import "time"

// WebhookIncident is an incident as a webhook carries it: the fields of
// incidents.json and the postmortem and scheduling fields that Statuspage
// adds to webhooks. Herald has no postmortems and sends no tweets, so
// those fields are always null or false.
type WebhookIncident struct {
	Incident
	IncidentUpdates []WebhookUpdate `json:"incident_updates"`

	PostmortemIgnored             bool       `json:"postmortem_ignored"`
	PostmortemBody                *string    `json:"postmortem_body"`
	PostmortemBodyLastUpdatedAt   *time.Time `json:"postmortem_body_last_updated_at"`
	PostmortemPublishedAt         *time.Time `json:"postmortem_published_at"`
	PostmortemNotifiedSubscribers bool       `json:"postmortem_notified_subscribers"`
	PostmortemNotifiedTwitter     bool       `json:"postmortem_notified_twitter"`
	Backfilled                    bool       `json:"backfilled"`
	ScheduledFor                  *time.Time `json:"scheduled_for"`
	ScheduledUntil                *time.Time `json:"scheduled_until"`
	ScheduledRemindPrior          bool       `json:"scheduled_remind_prior"`
	ScheduledRemindedAt           *time.Time `json:"scheduled_reminded_at"`
	ImpactOverride                *string    `json:"impact_override"`
	ScheduledAutoInProgress       bool       `json:"scheduled_auto_in_progress"`
	ScheduledAutoCompleted        bool       `json:"scheduled_auto_completed"`
	ReminderIntervals             *string    `json:"reminder_intervals"`
	Metadata                      struct{}   `json:"metadata"`
}

// WebhookUpdate is an incident update as a webhook carries it.
type WebhookUpdate struct {
	IncidentUpdate
	WantsTwitterUpdate bool       `json:"wants_twitter_update"`
	TwitterUpdatedAt   *time.Time `json:"twitter_updated_at"`
}

// webhookIncident wraps an incident with the webhook-only fields.
func webhookIncident(inc Incident) WebhookIncident {
	ups := make([]WebhookUpdate, len(inc.IncidentUpdates))
	for i, u := range inc.IncidentUpdates {
		ups[i] = WebhookUpdate{IncidentUpdate: u}
	}
	out := WebhookIncident{Incident: inc, IncidentUpdates: ups}
	out.Incident.IncidentUpdates = nil
	return out
}
