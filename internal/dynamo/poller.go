package dynamo

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// StreamHandler handles a batch of stream records as a Lambda function
// does: records named in BatchItemFailures, and every one after the first
// of them, are delivered again; an error fails the whole batch.
type StreamHandler func(ctx context.Context, e events.DynamoDBEvent) (
	events.DynamoDBEventResponse, error)

// StreamPoller reads a table's stream and hands its records to a handler
// in batches, standing in for the Lambda event source mapping where
// nothing else triggers one: on DynamoDB Local, in the local runner and in
// tests. It reads every shard from its oldest record, a shard's parent
// before the shard, and keeps its place in memory only. A StreamPoller
// must not be used from two goroutines at once.
type StreamPoller struct {
	client  *dynamodbstreams.Client
	arn     string
	handler StreamHandler
	shards  map[string]*shardState

	// BatchSize is the most records in one batch; 0 means 100.
	BatchSize int32

	// MaxAttempts is how often a batch starting at one record is delivered
	// before that record is given up on, as a Lambda's maximum retry
	// attempts; 0 means no limit.
	MaxAttempts int

	// OnDrop, if set, is given each record given up on, as a Lambda's
	// on-failure destination would be.
	OnDrop func(ctx context.Context, rec events.DynamoDBEventRecord)
}

// shardState is the poller's place in one shard.
type shardState struct {
	after    string // the last sequence number handled; "" for none
	attempts int    // deliveries of the batch starting after it
	closed   bool   // every record of a closed shard is handled
}

// NewStreamPoller returns a poller of the stream with the given ARN (see
// Store.StreamARN) that hands records to h.
func NewStreamPoller(client *dynamodbstreams.Client, streamARN string,
	h StreamHandler) *StreamPoller {
	return &StreamPoller{client: client, arn: streamARN, handler: h,
		shards: map[string]*shardState{}}
}

// Run polls the stream every interval until ctx ends, logging the polls
// that fail, and returns ctx's error.
func (p *StreamPoller) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := p.Poll(ctx); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "stream poll failed", "stream", p.arn, "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Poll hands every record written since the last poll to the handler, and
// returns how many the handler accepted. A shard whose batch fails is left
// until the next poll, which delivers the failed records again; the
// handler's error, if it returned one, is returned.
func (p *StreamPoller) Poll(ctx context.Context) (int, error) {
	shards, err := p.listShards(ctx)
	if err != nil {
		return 0, err
	}
	listed := map[string]bool{}
	for _, sh := range shards {
		listed[aws.ToString(sh.ShardId)] = true
	}
	total := 0
	for _, sh := range shards {
		id := aws.ToString(sh.ShardId)
		st := p.state(id)
		if st.closed || !p.parentDone(sh, listed) {
			continue
		}
		n, err := p.pollShard(ctx, id, st)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// listShards returns every shard of the stream.
func (p *StreamPoller) listShards(ctx context.Context) ([]types.Shard, error) {
	var shards []types.Shard
	in := &dynamodbstreams.DescribeStreamInput{StreamArn: &p.arn}
	for {
		out, err := p.client.DescribeStream(ctx, in)
		if err != nil {
			return nil, storeErr(err, "describe stream")
		}
		shards = append(shards, out.StreamDescription.Shards...)
		in.ExclusiveStartShardId = out.StreamDescription.LastEvaluatedShardId
		if in.ExclusiveStartShardId == nil {
			return shards, nil
		}
	}
}

func (p *StreamPoller) state(shardID string) *shardState {
	st, ok := p.shards[shardID]
	if !ok {
		st = &shardState{}
		p.shards[shardID] = st
	}
	return st
}

// parentDone reports whether sh's parent, if the stream still lists it,
// is read to its end, so that an item's changes are handed over in order.
func (p *StreamPoller) parentDone(sh types.Shard, listed map[string]bool) bool {
	parent := aws.ToString(sh.ParentShardId)
	return parent == "" || !listed[parent] || p.state(parent).closed
}
