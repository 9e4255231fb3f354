package alerts_test

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
)

func TestSNSHandler(t *testing.T) {
	ctx := context.Background()
	db, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := herald.NewService(db)
	if err := svc.CreateComponent(ctx, &herald.Component{Name: "Orders API"}); err != nil {
		t.Fatal(err)
	}
	in := &herald.Integration{Source: herald.SourceCloudWatch, Name: "Alarms", AutoPublish: true,
		Mapping: herald.Mapping{DefaultComponent: "orders-api"}}
	if _, err := svc.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	h := &alerts.SNSHandler{Service: svc, IntegrationID: in.ID}
	event := func(id, file string) events.SNSEvent {
		return events.SNSEvent{Records: []events.SNSEventRecord{{EventSource: "aws:sns",
			SNS: events.SNSEntity{MessageID: id, Type: "Notification", Message: string(mustRead(t, file))}}}}
	}

	for _, ev := range []events.SNSEvent{event("m1", "cloudwatch-alarm.json"),
		event("m1", "cloudwatch-alarm.json"), // Lambda's own retry
		event("m2", "cloudwatch-ok.json")} {
		if err := h.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	incs, _, err := db.Incidents(ctx, herald.FilterAll, herald.ListOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) != 1 || incs[0].Status != herald.Resolved || incs[0].Title != "orders-api-5xx" {
		t.Fatalf("incidents %+v, want one, resolved", incs)
	}
	log, err := svc.IntegrationDeliveries(ctx, in.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[0].Outcome != herald.OutcomeAccepted || log[1].Outcome != herald.OutcomeDuplicate {
		t.Errorf("logged %+v", log)
	}

	h.IntegrationID = "int_ghost"
	if err := h.Handle(ctx, event("m3", "cloudwatch-alarm.json")); err == nil {
		t.Error("an unknown integration handled the event")
	}
}
