package dynamo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/herald-status/herald/internal/herald"
)

// Page sizes: a list asked for no limit gets defaultLimit items, and none
// gets more than maxLimit.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// list names one partition, of the base table or a GSI, that a paged
// list reads.
type list struct {
	index, pkAttr, skAttr, pk string // index "" is the base table
	desc                      bool   // highest sort key first
}

var (
	incidentsList   = gsi2List("INCIDENTS", true)
	subscribersList = gsi2List("SUBSCRIBERS", false)
	activeList      = gsi1List("SUBSCRIBERS#active", false)
)

// incidentStateList lists the incidents passing one filter other than all:
// open ones from their copies in the base table, strongly consistent, so
// that working out a component's status never misses an incident just
// opened; the others from GSI1.
func incidentStateList(f herald.IncidentFilter) list {
	if f == herald.FilterUnresolved {
		return list{pkAttr: attrPK, skAttr: attrSK, pk: "INCIDENTS#" + string(f), desc: true}
	}
	return gsi1List("INCIDENTS#"+string(f), true)
}

func gsi1List(pk string, desc bool) list {
	return list{index: gsi1, pkAttr: attrGSI1PK, skAttr: attrGSI1SK, pk: pk, desc: desc}
}

func gsi2List(pk string, desc bool) list {
	return list{index: gsi2, pkAttr: attrGSI2PK, skAttr: attrGSI2SK, pk: pk, desc: desc}
}

// keyNames are the attributes that locate an item in the list's index.
func (l list) keyNames() []string {
	if l.index == "" {
		return []string{attrPK, attrSK}
	}
	return []string{attrPK, attrSK, l.pkAttr, l.skAttr}
}

// query returns the Query of the list's partition.
func (s *Store) query(l list) (*dynamodb.QueryInput, error) {
	if l.index == "" {
		in, err := s.partitionQuery(l.pk)
		if err == nil {
			in.ScanIndexForward = aws.Bool(!l.desc)
		}
		return in, err
	}
	return s.indexQuery(l.index, l.pkAttr, l.pk, l.desc)
}

// page returns one page of l: at most o.Limit items after o.Cursor, and the
// cursor of the next page, "" when there are no more. It asks for one item
// more than it returns, so that a full last page has no next cursor.
func (s *Store) page(ctx context.Context, l list, o herald.ListOptions,
	what string) ([]attrMap, string, error) {
	in, err := s.query(l)
	if err != nil {
		return nil, "", err
	}
	return s.pageOf(ctx, l, in, o, what)
}

// pageOf is page with the Query of l given, so that a caller can add a
// filter. A filtered Query reads whole pages of DynamoDB's own, as its
// Limit would count the items read rather than those that pass.
func (s *Store) pageOf(ctx context.Context, l list, in *dynamodb.QueryInput,
	o herald.ListOptions, what string) ([]attrMap, string, error) {
	limit := defaultLimit
	if o.Limit > 0 {
		limit = min(o.Limit, maxLimit)
	}
	if in.FilterExpression == nil {
		in.Limit = aws.Int32(int32(limit + 1))
	}
	if o.Cursor != "" {
		var err error
		if in.ExclusiveStartKey, err = l.decodeCursor(o.Cursor); err != nil {
			return nil, "", err
		}
	}

	var items []attrMap
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() && len(items) <= limit {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, "", storeErr(err, "list "+what)
		}
		items = append(items, out.Items...)
	}
	if len(items) <= limit {
		return items, "", nil
	}
	items = items[:limit]
	return items, l.encodeCursor(items[limit-1]), nil
}

// encodeCursor returns the key of item in the list's index, as an opaque
// string.
func (l list) encodeCursor(item attrMap) string {
	k := map[string]string{}
	for _, name := range l.keyNames() {
		k[name] = stringAttr(item, name)
	}
	b, _ := json.Marshal(k) // a map of strings always encodes
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the ExclusiveStartKey a cursor stands for, and
// EINVALID for a cursor this list did not give.
func (l list) decodeCursor(cursor string) (attrMap, error) {
	bad := &herald.Error{Code: herald.EINVALID, Field: "cursor",
		Message: "the cursor is not one this list gave"}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, bad
	}
	var k map[string]string
	if err := json.Unmarshal(b, &k); err != nil {
		return nil, bad
	}
	names := slices.Sorted(maps.Keys(k))
	if !slices.Equal(names, slices.Sorted(slices.Values(l.keyNames()))) || k[l.pkAttr] != l.pk {
		return nil, bad
	}
	start := make(attrMap, len(k))
	for name, v := range k {
		if v == "" {
			return nil, bad
		}
		start[name] = str(v)
	}
	return start, nil
}
