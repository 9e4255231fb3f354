package dynamo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// Attribute names the table design adds to the entities' own.
const (
	attrPK      = "PK"
	attrSK      = "SK"
	attrGSI1PK  = "GSI1PK"
	attrGSI1SK  = "GSI1SK"
	attrGSI2PK  = "GSI2PK"
	attrGSI2SK  = "GSI2SK"
	attrType    = "entity"
	attrVersion = "version"
	attrExpires = "expires_at"
	attrKeyHash = "key_hash"
)

// Index names.
const (
	gsi1 = "GSI1"
	gsi2 = "GSI2"
)

// The values of the entity attribute. Component, incident and subscriber are
// the herald.Entity names, which the stream makes visible.
const (
	typeComponent   = string(herald.EntityComponent)
	typeIncident    = string(herald.EntityIncident)
	typeSubscriber  = string(herald.EntitySubscriber)
	typeCounter     = "counter"
	typeGroup       = "group"
	typeAddress     = "address"
	typeIntegration = "integration"
	typeAPIKey      = "apikey"
	typeDelivery    = "delivery"
	typeOpen        = "open_incident"
)

// attrMap is an item, or part of one, as the SDK holds it.
type attrMap = map[string]types.AttributeValue

// key is an item's primary key.
type key struct{ pk, sk string }

func (k key) attrs() attrMap {
	return attrMap{attrPK: str(k.pk), attrSK: str(k.sk)}
}

// index holds an item's GSI keys; an empty pair leaves it out of that index.
type index struct{ gsi1pk, gsi1sk, gsi2pk, gsi2sk string }

// encode returns v's attributes, named by their JSON tags, with the key,
// index keys and type added.
func encode(v any, k key, typ string, ix index) (attrMap, error) {
	m, err := attributevalue.MarshalMapWithOptions(v, func(o *attributevalue.EncoderOptions) {
		o.TagKey = "json"
		o.EncodeTime = func(t time.Time) (types.AttributeValue, error) {
			return str(t.UTC().Format(time.RFC3339Nano)), nil
		}
	})
	if err != nil {
		return nil, &herald.Error{Code: herald.EINTERNAL, Message: "cannot encode an item",
			Err: errorf("encode %s %s: %w", typ, loggable(k.pk), err)}
	}
	m[attrPK], m[attrSK], m[attrType] = str(k.pk), str(k.sk), str(typ)
	if ix.gsi1pk != "" {
		m[attrGSI1PK], m[attrGSI1SK] = str(ix.gsi1pk), str(ix.gsi1sk)
	}
	if ix.gsi2pk != "" {
		m[attrGSI2PK], m[attrGSI2SK] = str(ix.gsi2pk), str(ix.gsi2sk)
	}
	return m, nil
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

// stringAttr returns the string attribute name of item, or "".
func stringAttr(item attrMap, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// itemName names an item in error messages by its key.
func itemName(item attrMap) string {
	return loggable(stringAttr(item, attrPK)) + "/" + stringAttr(item, attrSK)
}

// loggable returns a partition key fit for an error that may be logged:
// an address item's key names the subscriber's e-mail address or phone
// number, which logs must never hold, so only its type is kept.
func loggable(pk string) string {
	rest, ok := strings.CutPrefix(pk, "ADDRESS#")
	if !ok {
		return pk
	}
	t, _, _ := strings.Cut(rest, "#")
	return "ADDRESS#" + t + "#…"
}

// requireID returns EINVALID, naming field, for an empty id or key: one
// that would make a key of only its prefix.
func requireID(field, id string) error {
	if id == "" {
		return &herald.Error{Code: herald.EINVALID, Field: field, Message: "is required"}
	}
	return nil
}

func errorf(format string, args ...any) error {
	return fmt.Errorf("dynamo: "+format, args...)
}

// The keys of each kind of item.

func componentKey(id string) key { return key{"COMPONENTS", "COMPONENT#" + id} }
func incidentKey(id string) key  { return key{"INCIDENT#" + id, "INCIDENT"} }
func counterKey(name string) key { return key{"COUNTER#" + name, "COUNTER"} }
func groupKey(k string) key      { return key{"GROUP#" + k, "GROUP"} }
func subscriberKey(id string) key {
	return key{"SUBSCRIBER#" + id, "SUBSCRIBER"}
}
func addressKey(t herald.SubscriberType, addr string) key {
	return key{"ADDRESS#" + string(t) + "#" + addr, "ADDRESS"}
}
func integrationKey(id string) key { return key{"INTEGRATIONS", "INTEGRATION#" + id} }
func apiKeyKey(id string) key      { return key{"APIKEYS", "APIKEY#" + id} }
func deliveryKey(id string) key    { return key{"DELIVERY#" + id, "DELIVERY"} }

// incidentState names the incident filter an incident passes, besides all.
func incidentState(inc *herald.Incident) herald.IncidentFilter {
	switch {
	case inc.Draft:
		return herald.FilterDraft
	case inc.Status == herald.Resolved:
		return herald.FilterResolved
	}
	return herald.FilterUnresolved
}

// incidentWhen is the sort key of an incident in its lists: newest first
// is highest first.
func incidentWhen(inc *herald.Incident) string {
	return inc.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000000Z") + "#" + inc.ID
}

// incidentIndex returns an incident's GSI keys; see the package doc. An
// open incident is listed by its copy in the base table instead of GSI1.
func incidentIndex(inc *herald.Incident) index {
	ix := index{gsi2pk: "INCIDENTS", gsi2sk: incidentWhen(inc)}
	if st := incidentState(inc); st != herald.FilterUnresolved {
		ix.gsi1pk, ix.gsi1sk = "INCIDENTS#"+string(st), incidentWhen(inc)
	}
	return ix
}

// openKey is the key of an open incident's copy.
func openKey(inc *herald.Incident) key {
	return key{"INCIDENTS#" + string(herald.FilterUnresolved), incidentWhen(inc)}
}

// subscriberIndex puts every subscriber in GSI2 and active ones in GSI1.
func subscriberIndex(sub *herald.Subscriber) index {
	ix := index{gsi2pk: "SUBSCRIBERS", gsi2sk: sub.ID}
	if sub.State == herald.Active {
		ix.gsi1pk, ix.gsi1sk = "SUBSCRIBERS#active", sub.ID
	}
	return ix
}
