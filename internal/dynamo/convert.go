package dynamo

import (
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The Lambda event library and the SDK each have their own attribute
// value type; these functions carry values from one to the other, so that
// a stream record can be read with attributevalue and a record read from
// DynamoDB Local can be handed over as a Lambda event.

// eventImage is an item as a Lambda event's stream record holds it.
type eventImage = map[string]events.DynamoDBAttributeValue

// fromEventImage converts a stream record's image to SDK attribute values.
func fromEventImage(img eventImage) (attrMap, error) {
	if img == nil {
		return nil, nil
	}
	out := make(attrMap, len(img))
	for name, av := range img {
		v, err := fromEvent(av)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// fromEvent converts one value. A zero DynamoDBAttributeValue, which the
// library's own decoding never makes, is refused rather than let its
// accessors panic.
func fromEvent(av events.DynamoDBAttributeValue) (_ types.AttributeValue, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed attribute value: %v", r)
		}
	}()
	switch av.DataType() {
	case events.DataTypeString:
		return &types.AttributeValueMemberS{Value: av.String()}, nil
	case events.DataTypeNumber:
		return &types.AttributeValueMemberN{Value: av.Number()}, nil
	case events.DataTypeBoolean:
		return &types.AttributeValueMemberBOOL{Value: av.Boolean()}, nil
	case events.DataTypeNull:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case events.DataTypeBinary:
		return &types.AttributeValueMemberB{Value: av.Binary()}, nil
	case events.DataTypeStringSet:
		return &types.AttributeValueMemberSS{Value: av.StringSet()}, nil
	case events.DataTypeNumberSet:
		return &types.AttributeValueMemberNS{Value: av.NumberSet()}, nil
	case events.DataTypeBinarySet:
		return &types.AttributeValueMemberBS{Value: av.BinarySet()}, nil
	case events.DataTypeList:
		list := make([]types.AttributeValue, len(av.List()))
		for i, e := range av.List() {
			if list[i], err = fromEvent(e); err != nil {
				return nil, err
			}
		}
		return &types.AttributeValueMemberL{Value: list}, nil
	case events.DataTypeMap:
		m, err := fromEventImage(av.Map())
		if err != nil {
			return nil, err
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	}
	return nil, fmt.Errorf("unknown attribute type %d", av.DataType())
}

// toEventImage converts SDK attribute values to a stream record's image.
func toEventImage(item attrMap) (eventImage, error) {
	if item == nil {
		return nil, nil
	}
	out := make(eventImage, len(item))
	for name, av := range item {
		v, err := toEvent(av)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// toEvent converts one value.
func toEvent(av types.AttributeValue) (events.DynamoDBAttributeValue, error) {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value), nil
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value), nil
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value), nil
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute(), nil
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value), nil
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value), nil
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value), nil
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value), nil
	case *types.AttributeValueMemberL:
		list := make([]events.DynamoDBAttributeValue, len(v.Value))
		for i, e := range v.Value {
			var err error
			if list[i], err = toEvent(e); err != nil {
				return events.DynamoDBAttributeValue{}, err
			}
		}
		return events.NewListAttribute(list), nil
	case *types.AttributeValueMemberM:
		m, err := toEventImage(v.Value)
		if err != nil {
			return events.DynamoDBAttributeValue{}, err
		}
		return events.NewMapAttribute(m), nil
	}
	return events.DynamoDBAttributeValue{}, fmt.Errorf("unknown attribute value %T", av)
}
