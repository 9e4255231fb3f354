package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/herald/storetest"
)

type (
	event    = events.DynamoDBEvent
	response = events.DynamoDBEventResponse
)

// script is a stream handler that answers each call as told and records
// the component ids of every batch it is given.
type script struct {
	batches [][]string
	answer  func(call int, e event) (response, error)
}

func (s *script) handle(ctx context.Context, e events.DynamoDBEvent) (
	events.DynamoDBEventResponse, error) {
	var ids []string
	for _, r := range e.Records {
		ids = append(ids, r.Change.NewImage["id"].String())
	}
	s.batches = append(s.batches, ids)
	return s.answer(len(s.batches), e)
}

// fail names the records of e with the given component ids as failed.
func fail(e events.DynamoDBEvent, ids ...string) events.DynamoDBEventResponse {
	var resp events.DynamoDBEventResponse
	for _, r := range e.Records {
		if slices.Contains(ids, r.Change.NewImage["id"].String()) {
			resp.BatchItemFailures = append(resp.BatchItemFailures,
				events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
		}
	}
	return resp
}

// newPoller creates components c1..cn and returns a poller of the store's
// stream that hands batches of at most 10 records to sc.
func newPoller(t *testing.T, n int, sc *script) *dynamo.StreamPoller {
	t.Helper()
	s := openStore(t)
	for i := range n {
		id := fmt.Sprintf("c%d", i+1)
		c := &herald.Component{ID: id, Name: id, Status: herald.Operational}
		storetest.MustCreateComponent(t, s, c)
	}
	arn, err := s.StreamARN(t.Context())
	if err != nil {
		t.Fatalf("stream ARN: %v", err)
	}
	p := dynamo.NewStreamPoller(newStreamsClient(endpoint(t)), arn, sc.handle)
	p.BatchSize = 10
	return p
}

func poll(t *testing.T, p *dynamo.StreamPoller, wantN int, wantErr bool) {
	t.Helper()
	n, err := p.Poll(t.Context())
	if n != wantN || (err != nil) != wantErr {
		t.Fatalf("poll: %d records accepted, error %v; want %d, error %v", n, err, wantN, wantErr)
	}
}

func wantBatches(t *testing.T, got, want [][]string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("batches handed over: %v, want %v", got, want)
	}
}

func TestPollerBatchItemFailures(t *testing.T) {
	sc := &script{answer: func(call int, e event) (response, error) {
		if call == 1 {
			return fail(e, "c4", "c2"), nil
		}
		return events.DynamoDBEventResponse{}, nil
	}}
	p := newPoller(t, 5, sc)
	poll(t, p, 1, false) // c1 accepted; c2 and everything after it come again
	poll(t, p, 4, false)
	poll(t, p, 0, false)
	wantBatches(t, sc.batches, [][]string{{"c1", "c2", "c3", "c4", "c5"}, {"c2", "c3", "c4", "c5"}})
}

func TestPollerHandlerError(t *testing.T) {
	sc := &script{answer: func(call int, e event) (response, error) {
		if call == 1 {
			return events.DynamoDBEventResponse{}, errors.New("the handler broke")
		}
		return events.DynamoDBEventResponse{}, nil
	}}
	p := newPoller(t, 3, sc)
	poll(t, p, 0, true)
	poll(t, p, 3, false)
	wantBatches(t, sc.batches, [][]string{{"c1", "c2", "c3"}, {"c1", "c2", "c3"}})
}

func TestPollerUnknownFailure(t *testing.T) {
	sc := &script{answer: func(call int, e event) (response, error) {
		if call == 1 {
			return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{
				{ItemIdentifier: "not-a-sequence-number"}}}, nil
		}
		return events.DynamoDBEventResponse{}, nil
	}}
	p := newPoller(t, 2, sc)
	poll(t, p, 0, false) // the whole batch fails, as in Lambda
	poll(t, p, 2, false)
	wantBatches(t, sc.batches, [][]string{{"c1", "c2"}, {"c1", "c2"}})
}

func TestPollerMaxAttempts(t *testing.T) {
	sc := &script{answer: func(call int, e event) (response, error) {
		return fail(e, "c2"), nil // c2 never succeeds
	}}
	p := newPoller(t, 3, sc)
	p.MaxAttempts = 2
	var dropped []string
	p.OnDrop = func(ctx context.Context, rec events.DynamoDBEventRecord) {
		dropped = append(dropped, rec.Change.NewImage["id"].String())
	}
	poll(t, p, 1, false) // c1; c2 fails once
	poll(t, p, 0, false) // c2 fails twice and is given up on
	poll(t, p, 1, false) // c3
	wantBatches(t, sc.batches, [][]string{{"c1", "c2", "c3"}, {"c2", "c3"}, {"c3"}})
	if fmt.Sprint(dropped) != "[c2]" {
		t.Fatalf("dropped %v, want [c2]", dropped)
	}
}

func TestPollerBatchSize(t *testing.T) {
	sc := &script{answer: func(int, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		return events.DynamoDBEventResponse{}, nil
	}}
	p := newPoller(t, 25, sc)
	poll(t, p, 25, false)
	var sizes []int
	for _, b := range sc.batches {
		sizes = append(sizes, len(b))
	}
	if fmt.Sprint(sizes) != "[10 10 5]" {
		t.Fatalf("batch sizes %v, want [10 10 5]", sizes)
	}
}
