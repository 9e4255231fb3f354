package dynamo

import (
	"github.com/aws/aws-lambda-go/events"
	"github.com/herald-status/herald/internal/herald"
)

// ChangeFromStreamRecord turns a record of the table's stream into the
// change the embedded store would emit for the same write. ok is false for
// a record that is no visible change: a write of a counter, alert group,
// address, integration, key, delivery or open incident's copy, including
// the deletions TTL makes. A subscriber's change carries no images, as herald.Change has
// none for subscribers. Seq is the record's sequence number, which orders
// the changes of one item.
//
// The operation is the record's event name; a record with another name
// (DynamoDB Local names TTL deletions so) takes the operation its images
// imply.
func ChangeFromStreamRecord(rec events.DynamoDBEventRecord) (c herald.Change, ok bool, err error) {
	old, err := fromEventImage(rec.Change.OldImage)
	if err != nil {
		return c, false, recordErr(rec, "old image", err)
	}
	img, err := fromEventImage(rec.Change.NewImage)
	if err != nil {
		return c, false, recordErr(rec, "new image", err)
	}
	entity := stringAttr(img, attrType)
	if entity == "" {
		entity = stringAttr(old, attrType)
	}

	c = herald.Change{Seq: rec.Change.SequenceNumber, Op: opOf(rec.EventName, old, img),
		Entity: herald.Entity(entity)}
	switch c.Entity {
	case herald.EntityComponent:
		c.OldComponent, err = decodeImage[herald.Component](old)
		if err == nil {
			c.NewComponent, err = decodeImage[herald.Component](img)
		}
	case herald.EntityIncident:
		c.OldIncident, err = decodeImage[herald.Incident](old)
		if err == nil {
			c.NewIncident, err = decodeImage[herald.Incident](img)
		}
	case herald.EntitySubscriber:
	default:
		return herald.Change{}, false, nil
	}
	if err != nil {
		return herald.Change{}, false, recordErr(rec, "image", err)
	}
	return c, true, nil
}

// opOf returns the operation a record names, or the one its images imply.
func opOf(name string, old, img attrMap) herald.Op {
	switch op := herald.Op(name); op {
	case herald.OpInsert, herald.OpModify, herald.OpRemove:
		return op
	}
	switch {
	case old == nil:
		return herald.OpInsert
	case img == nil:
		return herald.OpRemove
	}
	return herald.OpModify
}

// decodeImage decodes an image into a new T, nil for no image.
func decodeImage[T any](img attrMap) (*T, error) {
	if img == nil {
		return nil, nil
	}
	v := new(T)
	if err := decode(img, v); err != nil {
		return nil, err
	}
	return v, nil
}

// recordErr reports a stream record that cannot be read: a bug or a
// foreign item, which no retry will mend.
func recordErr(rec events.DynamoDBEventRecord, part string, err error) error {
	return &herald.Error{Code: herald.EINTERNAL, Message: "a stream record cannot be read",
		Err: errorf("record %s: %s: %w", rec.Change.SequenceNumber, part, err)}
}
