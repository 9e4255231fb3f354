package awslambda

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
)

// ChangeHandler handles one change; fanout.Fanout is one.
type ChangeHandler interface {
	HandleChange(ctx context.Context, c herald.Change) error
}

// Stream handles the table's stream batches for the fan-out function.
type Stream struct {
	Handler ChangeHandler
	Log     *slog.Logger
}

// Handle turns each record into a change and hands it on, in order. At the
// first record that fails it stops and names that record, by its sequence
// number, as the batch's failure: Lambda then delivers it and every later
// record again, and deliveries already made are not repeated. A record
// that is no visible change (a delivery, a counter) succeeds at once.
func (s *Stream) Handle(ctx context.Context, e events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var resp events.DynamoDBEventResponse
	start := time.Now()
	handled := 0
	for _, rec := range e.Records {
		if err := s.handle(ctx, rec); err != nil {
			// Fan-out has logged its own failure; this names the record.
			s.Log.WarnContext(ctx, "stream record will be delivered again",
				"seq", rec.Change.SequenceNumber, "event_id", rec.EventID,
				"error_code", herald.ErrorCode(err))
			resp.BatchItemFailures = []events.DynamoDBBatchItemFailure{
				{ItemIdentifier: rec.Change.SequenceNumber},
			}
			break
		}
		handled++
	}
	s.Log.InfoContext(ctx, "stream batch", "records", len(e.Records), "handled", handled,
		"failed", len(resp.BatchItemFailures), "took_ms", time.Since(start).Milliseconds())
	return resp, nil
}

func (s *Stream) handle(ctx context.Context, rec events.DynamoDBEventRecord) error {
	c, ok, err := dynamo.ChangeFromStreamRecord(rec)
	if err != nil {
		s.Log.ErrorContext(ctx, "stream record does not decode", "seq",
			rec.Change.SequenceNumber, "err", err)
		return err
	}
	if !ok {
		return nil
	}
	return s.Handler.HandleChange(ctx, c)
}
