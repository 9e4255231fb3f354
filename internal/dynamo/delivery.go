package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// DeliveryTTL is how long a delivery record is kept after its last write;
// DynamoDB's TTL deletes it some time after that.
const DeliveryTTL = 90 * 24 * time.Hour

// deliveryItem returns d as stored, expiring DeliveryTTL from now.
func (s *Store) deliveryItem(d *herald.Delivery) (attrMap, error) {
	ix := index{gsi2pk: "DELIVERIES#" + d.IncidentID, gsi2sk: d.ID}
	item, err := encode(d, deliveryKey(d.ID), typeDelivery, ix)
	if err != nil {
		return nil, err
	}
	item[attrExpires] = num(s.now().Add(DeliveryTTL).Unix())
	return item, nil
}

// ClaimDelivery stores d if no delivery with its ID exists yet, and reports
// whether it did: false means another worker has it already. Unlike the
// creates, a claim never takes an identical stored item for its own: a
// record delivered twice builds the same delivery twice, and the second
// must lose. So when the SDK retries a claim whose answer was lost, the
// claim is lost too, and the notification is not sent: at most once.
func (s *Store) ClaimDelivery(ctx context.Context, d *herald.Delivery) (bool, error) {
	if err := requireID("id", d.ID); err != nil {
		return false, err
	}
	item, err := s.deliveryItem(d)
	if err != nil {
		return false, err
	}
	in, err := s.putInput(item, mustNotExist())
	if err != nil {
		return false, err
	}
	_, err = s.client.PutItem(ctx, in)
	var cond *types.ConditionalCheckFailedException
	if errors.As(err, &cond) {
		return false, nil
	}
	if err != nil {
		return false, storeErr(err, "claim delivery "+d.ID)
	}
	return true, nil
}

// UpdateDelivery overwrites a delivery's state; ENOTFOUND if it was never
// claimed.
func (s *Store) UpdateDelivery(ctx context.Context, d *herald.Delivery) error {
	if err := requireID("id", d.ID); err != nil {
		return err
	}
	item, err := s.deliveryItem(d)
	if err != nil {
		return err
	}
	in, err := s.putInput(item, mustExist())
	if err != nil {
		return err
	}
	if _, err := s.client.PutItem(ctx, in); err != nil {
		return notFoundOrConflict(err, "update delivery "+d.ID, "delivery "+d.ID)
	}
	return nil
}

// Deliveries returns the deliveries of one incident, oldest first, from
// GSI2.
func (s *Store) Deliveries(ctx context.Context, incidentID string) ([]*herald.Delivery, error) {
	if err := requireID("incident_id", incidentID); err != nil {
		return nil, err
	}
	in, err := s.indexQuery(gsi2, attrGSI2PK, "DELIVERIES#"+incidentID, false)
	if err != nil {
		return nil, err
	}
	var items []attrMap
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, storeErr(err, "list deliveries of "+incidentID)
		}
		items = append(items, out.Items...)
	}
	ds, err := decodeAll[herald.Delivery](items)
	if err != nil {
		return nil, err
	}
	sortOldestFirst(ds, func(d *herald.Delivery) (time.Time, string) { return d.CreatedAt, d.ID })
	return ds, nil
}
