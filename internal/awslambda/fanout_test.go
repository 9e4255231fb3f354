package awslambda

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{"": 0, "14": 14, "0.5": 0.5, "200": 200} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("parseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "-3", "fast", "NaN", "+Inf"} {
		if _, err := parseRate(in); err == nil {
			t.Errorf("parseRate(%q) took it", in)
		}
	}
}

// TestDeliveryConfig checks that a function missing its configuration
// refuses to start, naming what is missing, before it calls AWS.
func TestDeliveryConfig(t *testing.T) {
	ok := Delivery{Table: "herald", PublicURL: "https://status.example.com",
		LinkKeySecret: "arn:aws:secretsmanager:us-east-1:123456789012:secret:links",
		QueueURL:      "https://sqs.us-east-1.amazonaws.com/123456789012/retries"}
	noQueue := ok
	noQueue.QueueURL = ""
	if _, _, err := Fanout(t.Context(), aws.Config{}, noQueue, "", ""); err == nil ||
		!strings.Contains(err.Error(), "HERALD_WEBHOOK_QUEUE_URL") {
		t.Errorf("fan-out without a queue: %v", err)
	}
	if _, _, err := Fanout(t.Context(), aws.Config{}, ok, "many", ""); err == nil ||
		!strings.Contains(err.Error(), "email rate") {
		t.Errorf("fan-out with a bad rate: %v", err)
	}
	if _, err := RetryHandler(t.Context(), aws.Config{}, ok, ""); err == nil ||
		!strings.Contains(err.Error(), "HERALD_WEBHOOK_DLQ_URL") {
		t.Errorf("retry handler without a dead-letter queue: %v", err)
	}
}
