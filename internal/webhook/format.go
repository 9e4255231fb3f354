package webhook

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/statuspage"
)

// chatMessage is what a chat-format body says: a title linking to URL, a
// text, and the subscriber's manage link.
type chatMessage struct {
	Title, Text, URL, Manage string
}

// incidentChat is the chat message of n's update.
func incidentChat(n *herald.Notification, manage string) chatMessage {
	return chatMessage{
		Title:  mail.Subject(n),
		Text:   n.Update.Message,
		URL:    statuspage.IncidentURL(n.Page, n.Incident.ID),
		Manage: manage,
	}
}

// chatBody returns m as the incoming-webhook body of a chat tool. Text from
// outside is escaped where the tool reads markup, and Discord is told to
// ping nobody, whatever the text says.
func chatBody(f herald.WebhookFormat, m chatMessage) ([]byte, error) {
	var v any
	switch f {
	case herald.FormatSlack:
		text := "*<" + m.URL + "|" + slackEscape(m.Title) + ">*\n" + slackEscape(m.Text)
		if m.Manage != "" {
			text += "\n<" + m.Manage + "|Manage this subscription>"
		}
		v = map[string]string{"text": text}
	case herald.FormatDiscord:
		desc := m.Text
		if m.Manage != "" {
			desc += "\n\n[Manage this subscription](" + m.Manage + ")"
		}
		v = map[string]any{
			"embeds": []map[string]string{{"title": clip(m.Title, 256), "url": m.URL,
				"description": clip(desc, 4096)}},
			"allowed_mentions": map[string][]string{"parse": {}},
		}
	case herald.FormatTeams:
		v = teamsCard(m)
	default:
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "unknown webhook format %q", f)
	}
	return json.Marshal(v)
}

// teamsCard is an Adaptive Card message, the body Teams' workflow
// webhooks take.
func teamsCard(m chatMessage) map[string]any {
	actions := []map[string]string{{"type": "Action.OpenUrl", "title": "View", "url": m.URL}}
	if m.Manage != "" {
		actions = append(actions, map[string]string{"type": "Action.OpenUrl",
			"title": "Manage subscription", "url": m.Manage})
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard", "version": "1.4",
		"body": []map[string]any{
			{"type": "TextBlock", "text": m.Title, "weight": "Bolder", "size": "Medium", "wrap": true},
			{"type": "TextBlock", "text": m.Text, "wrap": true},
		},
		"actions": actions,
	}
	return map[string]any{"type": "message", "attachments": []map[string]any{{
		"contentType": "application/vnd.microsoft.card.adaptive", "content": card}}}
}

// slackEscape escapes the three characters Slack reads as markup.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// chatIncident is the body of n in its subscriber's chat format.
func (s *Sender) chatIncident(n *herald.Notification) ([]byte, error) {
	var manage string
	if s.links != nil {
		manage = s.links(&n.Subscriber).Manage
	}
	return chatBody(n.Subscriber.Format, incidentChat(n, manage))
}
