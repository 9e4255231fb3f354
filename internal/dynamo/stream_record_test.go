package dynamo_test

import (
	"encoding/json"
	"maps"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
)

// These tests need no DynamoDB: they read a Lambda event as AWS delivers
// it, in testdata/stream_event.json.

func readEvent(t *testing.T) events.DynamoDBEvent {
	t.Helper()
	b, err := os.ReadFile("testdata/stream_event.json")
	if err != nil {
		t.Fatal(err)
	}
	var e events.DynamoDBEvent
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("decode event: %v", err)
	}
	return e
}

func TestChangeFromStreamRecord(t *testing.T) {
	recs := readEvent(t).Records
	created := time.Date(2026, 3, 14, 9, 0, 0, 123456789, time.UTC)
	old := &herald.Component{ID: "api", Name: "API", Group: "Core", Position: 1,
		Status: herald.Operational, CreatedAt: created, UpdatedAt: created, Version: 1}
	updated := *old
	updated.Status, updated.UpdatedAt, updated.Version = herald.PartialOutage,
		time.Date(2026, 3, 14, 9, 6, 0, 0, time.UTC), 2

	tests := []struct {
		name   string
		rec    events.DynamoDBEventRecord
		want   herald.Change
		wantOK bool
	}{
		{"ComponentModify", recs[0], herald.Change{Seq: "000000000000000000101", Op: herald.OpModify,
			Entity: herald.EntityComponent, OldComponent: old, NewComponent: &updated}, true},
		{"DeliveryExpired", recs[1], herald.Change{}, false},
		{"SubscriberInsert", recs[2], herald.Change{Seq: "000000000000000000103",
			Op: herald.OpInsert, Entity: herald.EntitySubscriber}, true},
		{"UnknownEventName", unknownRemoval(recs[0]), herald.Change{Seq: "000000000000000000101",
			Op: herald.OpRemove, Entity: herald.EntityComponent, OldComponent: old}, true},
		{"KeysOnly", keysOnly(recs[0]), herald.Change{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := dynamo.ChangeFromStreamRecord(tt.rec)
			if err != nil {
				t.Fatalf("convert: %v", err)
			}
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("change differs (-want +got):\n%s", diff)
			}
		})
	}
}

// unknownRemoval returns rec as DynamoDB Local reports a deletion by TTL:
// an event name the SDK does not know, and no new image.
func unknownRemoval(rec events.DynamoDBEventRecord) events.DynamoDBEventRecord {
	rec.EventName = "UNKNOWN_TO_SDK_VERSION"
	rec.Change.NewImage = nil
	return rec
}

func keysOnly(rec events.DynamoDBEventRecord) events.DynamoDBEventRecord {
	rec.Change.OldImage, rec.Change.NewImage = nil, nil
	rec.Change.StreamViewType = "KEYS_ONLY"
	return rec
}

func TestChangeFromStreamRecordErrors(t *testing.T) {
	base := readEvent(t).Records[0]
	badTime := base
	badTime.Change.NewImage = maps.Clone(base.Change.NewImage)
	badTime.Change.NewImage["created_at"] = events.NewStringAttribute("yesterday")
	zero := base
	zero.Change.NewImage = maps.Clone(base.Change.NewImage)
	zero.Change.NewImage["name"] = events.DynamoDBAttributeValue{}

	cases := map[string]events.DynamoDBEventRecord{"BadTime": badTime, "ZeroValue": zero}
	for name, rec := range cases {
		t.Run(name, func(t *testing.T) {
			_, ok, err := dynamo.ChangeFromStreamRecord(rec)
			if ok || herald.ErrorCode(err) != herald.EINTERNAL {
				t.Fatalf("got ok %v, error %v; want false and an internal error", ok, err)
			}
		})
	}
}
