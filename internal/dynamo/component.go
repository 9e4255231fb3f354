package dynamo

import (
	"cmp"
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/herald-status/herald/internal/herald"
)

// componentItem returns c as stored at the given version.
func componentItem(c *herald.Component, version int64) (attrMap, error) {
	v := *c
	v.Version = version
	return encode(&v, componentKey(c.ID), typeComponent, index{})
}

// CreateComponent stores a new component at version 1; ECONFLICT if its
// id is taken.
func (s *Store) CreateComponent(ctx context.Context, c *herald.Component) error {
	if err := requireID("id", c.ID); err != nil {
		return err
	}
	item, err := componentItem(c, 1)
	if err != nil {
		return err
	}
	if err := s.create(ctx, item, "component "+c.ID); err != nil {
		return err
	}
	c.Version = 1
	return nil
}

// Component returns one component; ENOTFOUND if there is none.
func (s *Store) Component(ctx context.Context, id string) (*herald.Component, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	c := new(herald.Component)
	if err := s.get(ctx, componentKey(id), c, "component "+id); err != nil {
		return nil, err
	}
	return c, nil
}

// Components returns every component, ordered by position, then name, then
// id.
func (s *Store) Components(ctx context.Context) ([]*herald.Component, error) {
	items, err := s.queryAll(ctx, componentKey("").pk, "components")
	if err != nil {
		return nil, err
	}
	cs, err := decodeAll[herald.Component](items)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(cs, func(a, b *herald.Component) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.ID, b.ID))
	})
	return cs, nil
}

// UpdateComponent writes c if its stored version is still c.Version, and
// increments c.Version. ENOTFOUND if there is no such component, ECONFLICT
// if its version moved.
func (s *Store) UpdateComponent(ctx context.Context, c *herald.Component) error {
	if err := requireID("id", c.ID); err != nil {
		return err
	}
	item, err := componentItem(c, c.Version+1)
	if err != nil {
		return err
	}
	if err := s.replace(ctx, item, c.Version, "component "+c.ID); err != nil {
		return err
	}
	c.Version++
	return nil
}

// DeleteComponent removes a component; ENOTFOUND if there is none.
func (s *Store) DeleteComponent(ctx context.Context, id string) error {
	if err := requireID("id", id); err != nil {
		return err
	}
	e, err := condition(mustExist())
	if err != nil {
		return err
	}
	_, err = s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &s.table,
		Key:                       componentKey(id).attrs(),
		ConditionExpression:       e.Condition(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
	})
	if err != nil {
		return notFoundOrConflict(err, "delete component "+id, "component "+id)
	}
	return nil
}
