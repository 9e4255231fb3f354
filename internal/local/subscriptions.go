package local

import (
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/webhook"
)

// subscriptions wires the subscribers' side: confirmations go where the
// notifications go (e-mail and SMS to the outbox, webhooks really sent,
// through the same guarded sender), webhook URLs are checked at sign-up,
// and SMS codes are derived from the link key.
func (r *Runner) subscriptions(page herald.Page, key []byte, linker *signedlink.Linker,
	sms *outbox.SMSSender, hooks *webhook.Sender) *herald.Subscriptions {
	return &herald.Subscriptions{
		Service: r.service,
		Page:    page,
		Confirmers: map[herald.SubscriberType]herald.Confirmer{
			herald.Email:   outbox.NewEmailConfirmer(r.cfg.DataDir, r.cfg.EmailFrom, linker.ConfirmURL),
			herald.SMS:     outbox.NewSMSConfirmer(sms, linker.ConfirmURL),
			herald.Webhook: hooks,
		},
		Checker: &webhook.Checker{AllowLoopback: r.cfg.AllowLoopback},
		CodeKey: key,
	}
}
