package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// pollShard hands the shard's records after st.after to the handler, batch
// by batch, until it has read them all or a batch fails.
func (p *StreamPoller) pollShard(ctx context.Context, shardID string, st *shardState) (int, error) {
	in := &dynamodbstreams.GetShardIteratorInput{StreamArn: &p.arn, ShardId: &shardID,
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon}
	if st.after != "" {
		in.ShardIteratorType = types.ShardIteratorTypeAfterSequenceNumber
		in.SequenceNumber = aws.String(st.after)
	}
	itOut, err := p.client.GetShardIterator(ctx, in)
	if err != nil {
		return 0, storeErr(err, "get iterator of shard "+shardID)
	}

	total := 0
	for it := itOut.ShardIterator; it != nil; {
		out, err := p.client.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{
			ShardIterator: it, Limit: aws.Int32(p.batchSize()),
		})
		if err != nil {
			return total, storeErr(err, "read shard "+shardID)
		}
		if len(out.Records) == 0 {
			// An open shard has nothing more for now; a closed one is done.
			st.closed = out.NextShardIterator == nil
			return total, nil
		}
		n, err := p.deliver(ctx, st, out.Records)
		total += n
		if err != nil || n < len(out.Records) {
			return total, err
		}
		it = out.NextShardIterator
	}
	st.closed = true
	return total, nil
}

func (p *StreamPoller) batchSize() int32 {
	if p.BatchSize <= 0 {
		return 100
	}
	return p.BatchSize
}

// deliver hands one batch to the handler and moves st past the records it
// accepted, or past the first failed one once that has failed MaxAttempts
// times. It returns how many records the handler accepted.
func (p *StreamPoller) deliver(ctx context.Context, st *shardState,
	recs []types.Record) (int, error) {
	ev, err := p.event(recs)
	if err != nil {
		return 0, err
	}
	resp, err := p.handler(ctx, ev)
	ok := len(recs)
	switch {
	case err != nil:
		ok, err = 0, fmt.Errorf("stream handler: %w", err)
	case len(resp.BatchItemFailures) > 0:
		ok = firstFailed(ev, resp)
	}
	if ok > 0 {
		st.after, st.attempts = ev.Records[ok-1].Change.SequenceNumber, 0
	}
	if ok == len(recs) {
		return ok, nil
	}

	st.attempts++
	if p.MaxAttempts > 0 && st.attempts >= p.MaxAttempts {
		if p.OnDrop != nil {
			p.OnDrop(ctx, ev.Records[ok])
		}
		st.after, st.attempts = ev.Records[ok].Change.SequenceNumber, 0
	}
	return ok, err
}

// firstFailed returns the index of the earliest record a response names as
// failed; 0, failing the whole batch, when it names one not in the batch,
// as Lambda does.
func firstFailed(ev events.DynamoDBEvent, resp events.DynamoDBEventResponse) int {
	at := make(map[string]int, len(ev.Records))
	for i, r := range ev.Records {
		at[r.Change.SequenceNumber] = i
	}
	first := len(ev.Records)
	for _, f := range resp.BatchItemFailures {
		i, ok := at[f.ItemIdentifier]
		if !ok {
			return 0
		}
		first = min(first, i)
	}
	return first
}
