package dynamo

import (
	"context"
	"errors"
	"reflect"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// Store is a herald.Store kept in one DynamoDB table. It is safe for
// concurrent use; build one per process and share it.
type Store struct {
	client *dynamodb.Client
	table  string
	now    func() time.Time
}

var _ herald.Store = (*Store)(nil)

// New returns a Store over the named table. CreateTable makes the table
// where no template has.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table, now: time.Now}
}

// Table returns the name of the table the store uses.
func (s *Store) Table() string { return s.table }

// get reads the item with the given key into v, strongly consistent. It
// returns ENOTFOUND, naming what, when there is no such item.
func (s *Store) get(ctx context.Context, k key, v any, what string) error {
	item, err := s.getItem(ctx, k, what)
	if err != nil {
		return err
	}
	return decode(item, v)
}

// getItem reads the item with the given key, strongly consistent.
func (s *Store) getItem(ctx context.Context, k key, what string) (attrMap, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      &s.table,
		Key:            k.attrs(),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, storeErr(err, "get "+what)
	}
	if out.Item == nil {
		return nil, herald.Errorf(herald.ENOTFOUND, "%s not found", what)
	}
	return out.Item, nil
}

// create puts item on condition that no item has its key, and returns
// ECONFLICT when one does.
func (s *Store) create(ctx context.Context, item attrMap, what string) error {
	in, err := s.putInput(item, mustNotExist())
	if err != nil {
		return err
	}
	in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	if _, err := s.client.PutItem(ctx, in); err != nil && !ownWrite(err, item) {
		return storeErr(err, "create "+what)
	}
	return nil
}

// replace puts item on condition that the stored item's version is
// version. It returns ENOTFOUND, naming what, when there is no item to
// replace and ECONFLICT when its version has moved on.
func (s *Store) replace(ctx context.Context, item attrMap, version int64,
	what string) error {
	in, err := s.putInput(item, versionIs(version))
	if err != nil {
		return err
	}
	in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	if _, err := s.client.PutItem(ctx, in); err != nil && !ownWrite(err, item) {
		return notFoundOrConflict(err, "update "+what, what)
	}
	return nil
}

// queryAll returns every item of one base-table partition.
func (s *Store) queryAll(ctx context.Context, pk, what string) ([]attrMap, error) {
	in, err := s.partitionQuery(pk)
	if err != nil {
		return nil, err
	}
	var items []attrMap
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, storeErr(err, "list "+what)
		}
		items = append(items, out.Items...)
	}
	return items, nil
}

// decodeAll decodes items into a new slice of *T.
func decodeAll[T any](items []attrMap) ([]*T, error) {
	out := make([]*T, 0, len(items))
	for _, it := range items {
		v := new(T)
		if err := decode(it, v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ownWrite reports whether err is a failed condition against an item
// exactly like item: the SDK retried a put whose first attempt succeeded
// but whose answer was lost, and the write is done.
func ownWrite(err error, item attrMap) bool {
	var cond *types.ConditionalCheckFailedException
	if !errors.As(err, &cond) || cond.Item == nil {
		return false
	}
	var got, want map[string]any
	if attributevalue.UnmarshalMap(cond.Item, &got) != nil ||
		attributevalue.UnmarshalMap(item, &want) != nil {
		return false
	}
	return reflect.DeepEqual(got, want)
}

// decode reads a stored item into v, a pointer to a domain type.
func decode(item attrMap, v any) error {
	err := attributevalue.UnmarshalMapWithOptions(item, v, func(o *attributevalue.DecoderOptions) {
		o.TagKey = "json"
	})
	if err != nil {
		return &herald.Error{Code: herald.EINTERNAL, Message: "a stored item cannot be read",
			Err: errorf("decode %s: %w", itemName(item), err)}
	}
	return nil
}
