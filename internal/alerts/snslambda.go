package alerts

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/herald-status/herald/internal/herald"
)

// SNSHandler ingests CloudWatch alarms that SNS hands a Lambda subscribed
// to the alarm topic, for one cloudwatch integration, whose mapping and
// settings apply. Lambda invokes it with what SNS sent, so there is no
// signature to check and no subscription to confirm. Each record is
// logged on the integration like a request to the HTTPS endpoint.
type SNSHandler struct {
	Service       *herald.Service
	IntegrationID string
}

// Handle ingests every record of ev. It fails, so that Lambda invokes it
// again, when the store fails; a record it ingested before is then a
// duplicate. A record that is no alarm is logged and skipped.
func (h *SNSHandler) Handle(ctx context.Context, ev events.SNSEvent) error {
	in, err := h.Service.Integration(ctx, h.IntegrationID)
	if err != nil {
		return fmt.Errorf("sns: integration %s: %w", h.IntegrationID, err)
	}
	if in.Source != herald.SourceCloudWatch {
		return fmt.Errorf("sns: integration %s reads %s, not cloudwatch", in.ID, in.Source)
	}
	for _, rec := range ev.Records {
		if err := h.record(ctx, in, rec.SNS); err != nil {
			return err
		}
	}
	return nil
}

// record ingests one SNS message and logs it on the integration.
func (h *SNSHandler) record(ctx context.Context, in *herald.Integration, m events.SNSEntity) error {
	d := &herald.IntegrationDelivery{IntegrationID: in.ID, RequestID: m.MessageID}
	parsed, err := ParseAlarm(m.Message)
	switch {
	case err != nil:
		d.Outcome, d.Status = herald.OutcomeRejected, 400
		d.Reason, d.Field = herald.ErrorMessage(err), herald.ErrorField(err)
	case len(parsed.Alerts) == 0:
		d.Outcome, d.Status, d.Reason = herald.OutcomeIgnored, 200, parsed.Notice
		if parsed.Test {
			d.Outcome = herald.OutcomeTest
		}
	default:
		results, err := h.Service.IngestAlerts(ctx, in, parsed.Alerts)
		if err != nil {
			return fmt.Errorf("sns: ingest message %s: %w", m.MessageID, err)
		}
		d.Outcome, d.Status, d.Results = herald.OutcomeOf(results), 202, results
		d.Alerts = len(parsed.Alerts)
	}
	if err := h.Service.RecordDelivery(ctx, d); err != nil {
		return fmt.Errorf("sns: log message %s: %w", m.MessageID, err)
	}
	return nil
}
