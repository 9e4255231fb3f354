package dynamo

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// DeliveryTTL is how long a delivery record is kept after its last write;
// DynamoDB's TTL deletes it some time after that.
const DeliveryTTL = 90 * 24 * time.Hour

// deliveryWrites bounds the writes one call of ClaimDeliveries or
// UpdateDeliveries has in flight. DynamoDB has no conditional batch
// write, so each delivery is its own conditional PutItem.
const deliveryWrites = 16

// deliveryItem returns d as stored at the given version, expiring
// DeliveryTTL from now.
func (s *Store) deliveryItem(d *herald.Delivery, version int64) (attrMap, error) {
	v := *d
	v.Version = version
	ix := index{gsi2pk: "DELIVERIES#" + d.IncidentID, gsi2sk: d.ID}
	item, err := encode(&v, deliveryKey(d.ID), typeDelivery, ix)
	if err != nil {
		return nil, err
	}
	item[attrExpires] = num(s.now().Add(DeliveryTTL).Unix())
	return item, nil
}

// ClaimDelivery stores d at version 1 if no delivery with its ID exists
// yet, and reports whether it did: false means another worker has it.
func (s *Store) ClaimDelivery(ctx context.Context, d *herald.Delivery) (bool, error) {
	held, err := s.ClaimDeliveries(ctx, []*herald.Delivery{d})
	if err != nil {
		return false, err
	}
	return held[0] == nil, nil
}

// ClaimDeliveries puts each of ds on condition that its key is free, a
// bounded number at a time, and answers the stored delivery of each claim
// that lost, which DynamoDB returns with the failed condition. When the
// SDK retries a put whose answer was lost, the stored twin carries the
// claim's own lease id, and the claim is its own; a claim without a lease
// id never takes a stored item for its own.
func (s *Store) ClaimDeliveries(ctx context.Context,
	ds []*herald.Delivery) ([]*herald.Delivery, error) {
	held := make([]*herald.Delivery, len(ds))
	errs := make([]error, len(ds))
	each(len(ds), func(i int) { held[i], errs[i] = s.claim(ctx, ds[i]) })
	if err := firstError(errs); err != nil {
		return nil, err
	}
	for i, d := range ds {
		if held[i] == nil {
			d.Version = 1
		}
	}
	return held, nil
}

// claim puts d at version 1 unless its key is taken, and returns the
// delivery that holds it, nil when d does.
func (s *Store) claim(ctx context.Context, d *herald.Delivery) (*herald.Delivery, error) {
	if err := requireID("id", d.ID); err != nil {
		return nil, err
	}
	item, err := s.deliveryItem(d, 1)
	if err != nil {
		return nil, err
	}
	in, err := s.putInput(item, mustNotExist())
	if err != nil {
		return nil, err
	}
	in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	_, err = s.client.PutItem(ctx, in)
	var cond *types.ConditionalCheckFailedException
	if !errors.As(err, &cond) || cond.Item == nil {
		if err != nil {
			return nil, storeErr(err, "claim delivery "+d.ID)
		}
		return nil, nil
	}
	old := new(herald.Delivery)
	if err := decode(cond.Item, old); err != nil {
		return nil, err
	}
	if d.LeaseID != "" && old.LeaseID == d.LeaseID && old.Version == 1 {
		return nil, nil // our own put, retried
	}
	return old, nil
}

// Delivery returns one delivery, strongly consistent; ENOTFOUND if there
// is none.
func (s *Store) Delivery(ctx context.Context, id string) (*herald.Delivery, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	d := new(herald.Delivery)
	if err := s.get(ctx, deliveryKey(id), d, "delivery "+id); err != nil {
		return nil, err
	}
	return d, nil
}

// UpdateDelivery puts d on condition that its stored version is still
// d.Version, and moves d.Version on; ENOTFOUND if it was never claimed,
// ECONFLICT if its version moved.
func (s *Store) UpdateDelivery(ctx context.Context, d *herald.Delivery) error {
	if err := requireID("id", d.ID); err != nil {
		return err
	}
	item, err := s.deliveryItem(d, d.Version+1)
	if err != nil {
		return err
	}
	if err := s.replace(ctx, item, d.Version, "delivery "+d.ID); err != nil {
		return err
	}
	d.Version++
	return nil
}

// UpdateDeliveries writes each of ds as UpdateDelivery does, a bounded
// number at a time, and answers one error per delivery.
func (s *Store) UpdateDeliveries(ctx context.Context, ds []*herald.Delivery) []error {
	errs := make([]error, len(ds))
	each(len(ds), func(i int) { errs[i] = s.UpdateDelivery(ctx, ds[i]) })
	return errs
}

// Deliveries returns a page of one incident's deliveries in id order,
// from GSI2.
func (s *Store) Deliveries(ctx context.Context, incidentID string,
	o herald.ListOptions) ([]*herald.Delivery, string, error) {
	if err := requireID("incident_id", incidentID); err != nil {
		return nil, "", err
	}
	items, next, err := s.page(ctx, gsi2List("DELIVERIES#"+incidentID, false), o, "deliveries")
	if err != nil {
		return nil, "", err
	}
	ds, err := decodeAll[herald.Delivery](items)
	return ds, next, err
}

// each calls fn for 0 to n-1, deliveryWrites at a time, and waits.
func each(n int, fn func(i int)) {
	if n == 1 {
		fn(0)
		return
	}
	sem := make(chan struct{}, deliveryWrites)
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			fn(i)
		})
	}
	wg.Wait()
}

// firstError returns the first error of errs that is not nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
