package alerts

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// CloudWatch reads Amazon CloudWatch alarms that SNS delivers to an HTTPS
// subscription. Every message must carry a valid SNS signature; a
// subscription confirmation is answered by visiting its SubscribeURL, and
// an unsubscribe confirmation is acknowledged. Make one with NewCloudWatch
// and share it: it keeps the certificates it has fetched.
type CloudWatch struct {
	verifier *snsVerifier
}

// NewCloudWatch returns a CloudWatch parser that reaches SNS with fetch.
func NewCloudWatch(fetch Fetch) *CloudWatch {
	return &CloudWatch{verifier: &snsVerifier{fetch: fetch, keys: map[string]*rsa.PublicKey{}}}
}

// Parse reads one SNS message posted to POST /v1/integrations/cloudwatch.
func (c *CloudWatch) Parse(ctx context.Context, in *herald.Intake) (*herald.Parsed, error) {
	var m snsMessage
	if err := decodeBody(in.Body, &m); err != nil {
		return nil, err
	}
	switch m.Type {
	case "Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation":
	case "":
		return nil, invalid("Type", "is required: is this an Amazon SNS message?")
	default:
		return nil, invalid("Type", fmt.Sprintf("%q is not an SNS message type", clipped(m.Type)))
	}
	if err := c.verifier.verify(ctx, &m); err != nil {
		return nil, err
	}

	switch m.Type {
	case "SubscriptionConfirmation":
		if err := checkSNSURL("SubscribeURL", m.SubscribeURL); err != nil {
			return nil, err
		}
		if _, err := c.verifier.fetch(ctx, m.SubscribeURL); err != nil {
			return nil, herald.Unavailable(fmt.Errorf("confirm SNS subscription: %w", err),
				"SNS")
		}
		return test("subscribed to the SNS topic %s", m.TopicArn), nil
	case "UnsubscribeConfirmation":
		return ignored("unsubscribed from the SNS topic %s", m.TopicArn), nil
	}
	return ParseAlarm(m.Message)
}

// cwAlarm is the message CloudWatch publishes when an alarm changes state.
type cwAlarm struct {
	AlarmName        string `json:"AlarmName"`
	AlarmDescription string `json:"AlarmDescription"`
	AWSAccountID     string `json:"AWSAccountId"`
	NewStateValue    string `json:"NewStateValue"`
	NewStateReason   string `json:"NewStateReason"`
	StateChangeTime  string `json:"StateChangeTime"`
	Region           string `json:"Region"`
	AlarmArn         string `json:"AlarmArn"`
	Trigger          struct {
		MetricName string `json:"MetricName"`
		Namespace  string `json:"Namespace"`
		Dimensions []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"Dimensions"`
	} `json:"Trigger"`
}

// ParseAlarm reads a CloudWatch alarm's SNS message, as it comes to an
// HTTPS subscription or to a Lambda. The alarm's ARN is the dedup key;
// ALARM fires and OK recovers; INSUFFICIENT_DATA changes nothing. Its name
// is the title, its description and the reason for the change the message,
// and its namespace, metric and dimensions are labels. StateChangeTime has
// an offset without a colon. A message that is no alarm, such as one
// published by hand from the SNS console, opens nothing.
func ParseAlarm(message string) (*herald.Parsed, error) {
	var a cwAlarm
	if json.Unmarshal([]byte(message), &a) != nil || a.AlarmName == "" || a.NewStateValue == "" {
		return test("an SNS message that is not a CloudWatch alarm arrived; it opens no incident"), nil
	}
	var st herald.AlertState
	switch a.NewStateValue {
	case "ALARM":
		st = herald.Firing
	case "OK":
		st = herald.Recovered
	case "INSUFFICIENT_DATA":
		return ignored("alarm %s has insufficient data; that changes nothing", a.AlarmName), nil
	default:
		return nil, invalid("Message.NewStateValue", fmt.Sprintf(
			"must be ALARM, OK or INSUFFICIENT_DATA, not %q", clipped(a.NewStateValue)))
	}
	labels := map[string]string{}
	setLabel(labels, "alarm_name", a.AlarmName)
	setLabel(labels, "account", a.AWSAccountID)
	setLabel(labels, "region", a.Region)
	setLabel(labels, "namespace", a.Trigger.Namespace)
	setLabel(labels, "metric_name", a.Trigger.MetricName)
	for _, d := range a.Trigger.Dimensions {
		setLabel(labels, d.Name, d.Value)
	}
	key := first(a.AlarmArn, strings.Join([]string{a.AWSAccountID, a.Region, a.AlarmName}, "/"))
	started, _ := parseTime(a.StateChangeTime, "")
	return alerts(herald.Alert{
		Group: key, Fingerprint: key, State: st, Summary: a.AlarmName,
		Description: strings.TrimSpace(first(a.AlarmDescription) + "\n\n" + a.NewStateReason),
		StartsAt:    started, Labels: labels,
	}), nil
}
