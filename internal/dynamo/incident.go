package dynamo

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// maxTxItems is DynamoDB's limit on the items of one transaction.
const maxTxItems = 100

// NextIncidentNumber returns a number never returned before, from 1, by
// adding one to the counter item.
func (s *Store) NextIncidentNumber(ctx context.Context) (int64, error) {
	upd := expression.Add(expression.Name("n"), expression.Value(1)).
		Set(expression.Name(attrType), expression.Value(typeCounter))
	e, err := build(expression.NewBuilder().WithUpdate(upd))
	if err != nil {
		return 0, err
	}
	out, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       counterKey("incident").attrs(),
		UpdateExpression:          e.Update(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
		ReturnValues:              types.ReturnValueUpdatedNew,
	})
	if err != nil {
		return 0, storeErr(err, "count incidents")
	}
	n, ok := out.Attributes["n"].(*types.AttributeValueMemberN)
	if !ok {
		return 0, &herald.Error{Code: herald.EINTERNAL, Message: "the incident counter is damaged",
			Err: errorf("counter has no number n")}
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		return 0, &herald.Error{Code: herald.EINTERNAL, Message: "the incident counter is damaged",
			Err: errorf("counter n = %q: %w", n.Value, err)}
	}
	return v, nil
}

// SaveIncident writes an incident with the components whose status it sets
// and its alert group in one transaction. Each item is written only if its
// stored version is still the one it carries (or, at version 0, if it does
// not exist); otherwise nothing is written and the answer is ECONFLICT. On
// success every item's Version is incremented.
func (s *Store) SaveIncident(ctx context.Context, w herald.IncidentWrite) error {
	if w.Incident == nil {
		return herald.Errorf(herald.EINTERNAL, "an incident write needs an incident")
	}
	if err := checkWrite(w); err != nil {
		return err
	}
	if n := 2 + len(w.Components) + btoi(w.Group != nil); n > maxTxItems {
		return herald.Errorf(herald.EUNPROCESSABLE, "an incident can change at most %d "+
			"components at once", maxTxItems-3)
	}
	tx, err := s.incidentTx(w)
	if err != nil {
		return err
	}
	if err := s.transact(ctx, "save incident "+w.Incident.ID, tx...); err != nil {
		return err
	}

	w.Incident.Version++
	for _, c := range w.Components {
		c.Version++
	}
	if w.Group != nil {
		w.Group.Version++
	}
	return nil
}

// checkWrite refuses an incident write with an empty id or key.
func checkWrite(w herald.IncidentWrite) error {
	if err := requireID("id", w.Incident.ID); err != nil {
		return err
	}
	for i, c := range w.Components {
		if err := requireID("components["+strconv.Itoa(i)+"].id", c.ID); err != nil {
			return err
		}
	}
	if w.Group != nil {
		return requireID("group.key", w.Group.Key)
	}
	return nil
}

// incidentTx returns the conditional puts of an incident write.
func (s *Store) incidentTx(w herald.IncidentWrite) ([]types.TransactWriteItem, error) {
	inc := *w.Incident
	inc.Version++
	item, err := encode(&inc, incidentKey(inc.ID), typeIncident, incidentIndex(&inc))
	if err != nil {
		return nil, err
	}
	put, err := s.txPut(item, versionCond(w.Incident.Version))
	if err != nil {
		return nil, err
	}
	open, err := s.openCopy(&inc)
	if err != nil {
		return nil, err
	}
	tx := []types.TransactWriteItem{put, open}

	for _, c := range w.Components {
		item, err := componentItem(c, c.Version+1)
		if err != nil {
			return nil, err
		}
		if put, err = s.txPut(item, versionCond(c.Version)); err != nil {
			return nil, err
		}
		tx = append(tx, put)
	}

	if w.Group != nil {
		g := *w.Group
		g.Version++
		item, err := encode(&g, groupKey(g.Key), typeGroup, groupIndex(&g))
		if err != nil {
			return nil, err
		}
		if put, err = s.txPut(item, versionCond(w.Group.Version)); err != nil {
			return nil, err
		}
		tx = append(tx, put)
	}
	return tx, nil
}

// openCopy is the write that keeps the copy of an open incident in the
// base table: a put while it is open, a delete (of nothing, usually)
// otherwise. It relies on an incident's created_at never changing.
func (s *Store) openCopy(inc *herald.Incident) (types.TransactWriteItem, error) {
	if !inc.Open() {
		return types.TransactWriteItem{Delete: &types.Delete{
			TableName: &s.table, Key: openKey(inc).attrs(),
		}}, nil
	}
	item, err := encode(inc, openKey(inc), typeOpen, index{})
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item}}, nil
}

// Incident returns one incident; ENOTFOUND if there is none.
func (s *Store) Incident(ctx context.Context, id string) (*herald.Incident, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	inc := new(herald.Incident)
	if err := s.get(ctx, incidentKey(id), inc, "incident "+id); err != nil {
		return nil, err
	}
	return inc, nil
}

// Incidents returns incidents passing f, newest first, a page at a time:
// open ones from their copies in the base table, drafts and resolved ones
// from GSI1, all from GSI2. An unknown filter or cursor is EINVALID.
func (s *Store) Incidents(ctx context.Context, f herald.IncidentFilter,
	o herald.ListOptions) ([]*herald.Incident, string, error) {
	l := incidentsList
	switch f {
	case herald.FilterAll, "":
	case herald.FilterDraft, herald.FilterUnresolved, herald.FilterResolved:
		l = incidentStateList(f)
	default:
		return nil, "", &herald.Error{Code: herald.EINVALID, Field: "state",
			Message: "must be one of draft, unresolved, resolved, all"}
	}
	items, next, err := s.page(ctx, l, o, "incidents")
	if err != nil {
		return nil, "", err
	}
	incs, err := decodeAll[herald.Incident](items)
	return incs, next, err
}

// AlertGroup returns the alert group with the given key; ENOTFOUND if
// there is none.
func (s *Store) AlertGroup(ctx context.Context, key string) (*herald.AlertGroup, error) {
	if err := requireID("key", key); err != nil {
		return nil, err
	}
	g := new(herald.AlertGroup)
	if err := s.get(ctx, groupKey(key), g, "alert group"); err != nil {
		return nil, err
	}
	return g, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
