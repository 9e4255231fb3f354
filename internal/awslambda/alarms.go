package awslambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// AlarmIngester ingests the CloudWatch alarms that SNS hands a Lambda;
// alerts.SNSHandler is one.
type AlarmIngester interface {
	Handle(ctx context.Context, ev events.SNSEvent) error
}

// Settler finishes what alert groups left waiting; herald.Service is one.
type Settler interface {
	SettleAlerts(ctx context.Context) (int, error)
}

// ErrNoIntegration is the answer to alarms that arrive while no cloudwatch
// integration is configured. Lambda tries them again and then keeps them
// in the function's on-failure queue, from which they can be published to
// the topic again once the integration is set.
var ErrNoIntegration = errors.New("an SNS message arrived, but no cloudwatch integration " +
	"is configured: set HERALD_CLOUDWATCH_INTEGRATION (the template's CloudWatchIntegration)")

// Alarms is the alarms function's handler. One function takes two kinds of
// event: the CloudWatch alarms an SNS subscription delivers, and a tick of
// its schedule, on which it settles alert groups.
type Alarms struct {
	Ingester AlarmIngester // nil when no integration reads the topic
	Settler  Settler
	Log      *slog.Logger
}

// eventKind is what a raw event turned out to be.
type eventKind string

const (
	kindSNS      eventKind = "sns"
	kindSchedule eventKind = "schedule"
)

// Handle tells the event's kind from its JSON and hands it on. It returns
// an error, so that Lambda invokes it again, when an SNS delivery could not
// be ingested whole (records ingested before are then duplicates) or when
// settling failed; and for an event of any other kind.
func (a *Alarms) Handle(ctx context.Context, raw json.RawMessage) error {
	start := time.Now()
	kind, err := kindOf(raw)
	if err != nil {
		a.Log.ErrorContext(ctx, "alarms: unknown event", "bytes", len(raw), "err", err)
		return err
	}

	switch kind {
	case kindSNS:
		var ev events.SNSEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			return fmt.Errorf("read SNS event: %w", err)
		}
		err = a.ingest(ctx, ev)
		a.log(ctx, err, "alarms: SNS delivery", "records", len(ev.Records),
			"took_ms", time.Since(start).Milliseconds())
	case kindSchedule:
		var n int
		n, err = a.Settler.SettleAlerts(ctx)
		a.log(ctx, err, "alarms: settled alert groups", "groups", n,
			"took_ms", time.Since(start).Milliseconds())
	}
	return err
}

func (a *Alarms) ingest(ctx context.Context, ev events.SNSEvent) error {
	if a.Ingester == nil {
		return ErrNoIntegration
	}
	return a.Ingester.Handle(ctx, ev)
}

// log writes the invocation's one line, at error level with err if it
// failed.
func (a *Alarms) log(ctx context.Context, err error, msg string, args ...any) {
	if err != nil {
		a.Log.ErrorContext(ctx, msg, append(args, "err", err)...)
		return
	}
	a.Log.InfoContext(ctx, msg, args...)
}

// kindOf tells an SNS event, whose records all come from "aws:sns", from
// an EventBridge schedule's event, whose source is "aws.events".
func kindOf(raw json.RawMessage) (eventKind, error) {
	var probe struct {
		Records []struct {
			EventSource string `json:"EventSource"`
		} `json:"Records"`
		Source     string `json:"source"`
		DetailType string `json:"detail-type"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return "", fmt.Errorf("the event is not a JSON object: %w", err)
	}
	switch {
	case len(probe.Records) > 0 && probe.Source == "":
		for _, r := range probe.Records {
			if r.EventSource != "aws:sns" {
				return "", fmt.Errorf("a record comes from %q, not aws:sns", clip(r.EventSource))
			}
		}
		return kindSNS, nil
	case probe.Source == "aws.events" && probe.DetailType == "Scheduled Event":
		return kindSchedule, nil
	}
	return "", fmt.Errorf("the event is neither an SNS delivery nor a schedule's tick "+
		"(source %q)", clip(probe.Source))
}

// clip shortens a value from an event for an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
