package deploy

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/herald-status/herald/internal/herald"
)

// functionEvents returns a function's event sources of one type, by name.
func functionEvents(t *testing.T, tpl template, fn, typ string) map[string]any {
	t.Helper()
	all, _ := get(tpl.resource(t, fn), "Properties", "Events").(map[string]any)
	found := map[string]any{}
	for name, e := range all {
		if get(e, "Type") == typ {
			found[name] = get(e, "Properties")
		}
	}
	return found
}

// onlyEvent returns a function's one event source of a type.
func onlyEvent(t *testing.T, tpl template, fn, typ string) any {
	t.Helper()
	found := functionEvents(t, tpl, fn, typ)
	if len(found) != 1 {
		t.Fatalf("%s has %d %s event sources, want 1", fn, len(found), typ)
	}
	for _, props := range found {
		return props
	}
	return nil
}

// TestFanoutStream checks the settings that keep one bad record from
// blocking its shard and keep nothing from being lost silently.
func TestFanoutStream(t *testing.T) {
	tpl := mustLoad(t)
	ev := onlyEvent(t, tpl, "FanoutFunction", "DynamoDB")

	if res, attr, ok := getAttOf(get(ev, "Stream")); !ok || res != "Table" || attr != "StreamArn" {
		t.Errorf("Stream = %v, want !GetAtt Table.StreamArn", get(ev, "Stream"))
	}
	if types, _ := strs(get(ev, "FunctionResponseTypes")); !slices.Contains(types, "ReportBatchItemFailures") {
		t.Error("FunctionResponseTypes lacks ReportBatchItemFailures")
	}
	if get(ev, "BisectBatchOnFunctionError") != true {
		t.Error("BisectBatchOnFunctionError is not true")
	}
	if n, ok := toInt(get(ev, "MaximumRetryAttempts")); !ok || n < 1 || n > 20 {
		t.Errorf("MaximumRetryAttempts = %v, want a cap from 1 to 20", get(ev, "MaximumRetryAttempts"))
	}
	if n, ok := toInt(get(ev, "MaximumRecordAgeInSeconds")); !ok || n < 60 || n > 86400 {
		t.Errorf("MaximumRecordAgeInSeconds = %v, want 60 s to the stream's 24 h",
			get(ev, "MaximumRecordAgeInSeconds"))
	}
	if get(ev, "StartingPosition") != "TRIM_HORIZON" {
		t.Error("StartingPosition is not TRIM_HORIZON: a recreated mapping would skip changes")
	}

	dest := get(ev, "DestinationConfig", "OnFailure")
	queue, attr, ok := getAttOf(get(dest, "Destination"))
	if get(dest, "Type") != "SQS" || !ok || attr != "Arn" ||
		get(tpl.resource(t, queue), "Type") != "AWS::SQS::Queue" {
		t.Errorf("on-failure destination = %v, want an SQS queue of the template", dest)
	}
}

// TestStreamFilters checks each stream consumer's filter against stream
// records as Lambda sees them: the entities it must see pass, a delivery
// (which the fan-out writes by the thousand) does not.
func TestStreamFilters(t *testing.T) {
	tpl := mustLoad(t)
	visible := []herald.Entity{herald.EntityComponent, herald.EntityIncident, herald.EntitySubscriber}
	cases := map[string][]herald.Entity{
		"FanoutFunction":   visible,
		"RendererFunction": {herald.EntityComponent, herald.EntityIncident},
	}
	for fn, want := range cases {
		ev := onlyEvent(t, tpl, fn, "DynamoDB")
		var patterns []map[string]any
		for i, f := range list(get(ev, "FilterCriteria", "Filters")) {
			var p map[string]any
			s, _ := get(f, "Pattern").(string)
			if err := json.Unmarshal([]byte(s), &p); err != nil {
				t.Fatalf("%s filter %d is not JSON: %v", fn, i, err)
			}
			patterns = append(patterns, p)
		}
		if len(patterns) == 0 {
			t.Errorf("%s reads the whole stream, its own writes included; filter it", fn)
			continue
		}

		// Sign-up limits write rate counters at every request; like
		// deliveries, they must never wake a consumer.
		for _, entity := range append(visible, "delivery", "apikey", "rate", "counter") {
			for _, eventName := range []string{"INSERT", "MODIFY", "REMOVE"} {
				rec := streamRecord(t, eventName, string(entity))
				got := slices.ContainsFunc(patterns, func(p map[string]any) bool { return matches(p, rec) })
				if w := slices.Contains(want, entity); got != w {
					t.Errorf("%s: %s of a %s record passes the filter: %v, want %v", fn, eventName, entity, got, w)
				}
			}
		}
	}
}

// streamRecord returns a DynamoDB stream record for one item, as JSON
// decoded into plain values: the shape Lambda filters.
func streamRecord(t *testing.T, eventName, entity string) map[string]any {
	t.Helper()
	image := map[string]events.DynamoDBAttributeValue{
		"PK":     events.NewStringAttribute("X#1"),
		"entity": events.NewStringAttribute(entity),
	}
	rec := events.DynamoDBEventRecord{EventName: eventName, EventSource: "aws:dynamodb"}
	if eventName != "INSERT" {
		rec.Change.OldImage = image
	}
	if eventName != "REMOVE" {
		rec.Change.NewImage = image
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// matches reports whether a record matches a Lambda filter pattern, for
// the part of the pattern language the template uses: nested objects whose
// leaves are lists of allowed strings.
func matches(pattern, rec map[string]any) bool {
	for k, want := range pattern {
		switch w := want.(type) {
		case map[string]any:
			sub, ok := rec[k].(map[string]any)
			if !ok || !matches(w, sub) {
				return false
			}
		case []any:
			if !slices.Contains(w, rec[k]) {
				return false
			}
		default:
			panic(fmt.Sprintf("pattern element %v is not supported by this test", want))
		}
	}
	return true
}

// TestWebhookRetryQueue checks the retry queue's source, dead-letter queue
// and visibility timeout, which must be at least six times the timeout of
// the function that consumes it.
func TestWebhookRetryQueue(t *testing.T) {
	tpl := mustLoad(t)
	ev := onlyEvent(t, tpl, "WebhookRetryFunction", "SQS")
	queue, _, ok := getAttOf(get(ev, "Queue"))
	if !ok {
		t.Fatalf("Queue = %v, want !GetAtt <queue>.Arn", get(ev, "Queue"))
	}
	if types, _ := strs(get(ev, "FunctionResponseTypes")); !slices.Contains(types, "ReportBatchItemFailures") {
		t.Error("FunctionResponseTypes lacks ReportBatchItemFailures")
	}
	if !refTo(get(tpl.resource(t, "WebhookRetryFunction"), "Properties", "Environment",
		"Variables", EnvWebhookQueueURL), queue) {
		t.Errorf("the retry function's %s is not the queue it consumes", EnvWebhookQueueURL)
	}
	if !refTo(get(tpl.resource(t, "FanoutFunction"), "Properties", "Environment",
		"Variables", EnvWebhookQueueURL), queue) {
		t.Errorf("the fan-out's %s is not the queue the retry function consumes", EnvWebhookQueueURL)
	}

	props := get(tpl.resource(t, queue), "Properties")
	dlq, _, ok := getAttOf(get(props, "RedrivePolicy", "deadLetterTargetArn"))
	if !ok || get(tpl.resource(t, dlq), "Type") != "AWS::SQS::Queue" {
		t.Errorf("%s has no dead-letter queue of the template", queue)
	}
	if n, ok := toInt(get(props, "RedrivePolicy", "maxReceiveCount")); !ok || n < 1 {
		t.Errorf("%s maxReceiveCount = %v", queue, get(props, "RedrivePolicy", "maxReceiveCount"))
	}

	// Every consumer of the queue, not only the one checked above.
	vis, ok := toInt(get(props, "VisibilityTimeout"))
	if !ok {
		t.Fatalf("%s sets no VisibilityTimeout", queue)
	}
	for _, f := range Functions {
		for name, e := range functionEvents(t, tpl, f.LogicalID, "SQS") {
			if q, _, _ := getAttOf(get(e, "Queue")); q != queue {
				continue
			}
			timeout, ok := toInt(tpl.functionProp(t, f.LogicalID, "Timeout"))
			if !ok {
				t.Fatalf("%s has no Timeout", f.LogicalID)
			}
			if vis < 6*timeout {
				t.Errorf("%s VisibilityTimeout %d s < 6 × %s's Timeout %d s (event %s)",
					queue, vis, f.LogicalID, timeout, name)
			}
		}
	}
}

// TestRendererTriggers checks that the site is rendered on a schedule and
// after changes.
func TestRendererTriggers(t *testing.T) {
	tpl := mustLoad(t)
	sched := onlyEvent(t, tpl, "RendererFunction", "Schedule")
	if get(sched, "Schedule") != "rate(5 minutes)" {
		t.Errorf("renderer schedule = %v, want rate(5 minutes)", get(sched, "Schedule"))
	}
	stream := onlyEvent(t, tpl, "RendererFunction", "DynamoDB")
	if res, _, _ := getAttOf(get(stream, "Stream")); res != "Table" {
		t.Errorf("renderer stream = %v, want the table's", get(stream, "Stream"))
	}
	if _, ok := toInt(get(stream, "MaximumRetryAttempts")); !ok {
		t.Error("renderer stream has no retry cap")
	}
	if _, ok := toInt(get(stream, "MaximumRecordAgeInSeconds")); !ok {
		t.Error("renderer stream has no maximum record age")
	}
}
