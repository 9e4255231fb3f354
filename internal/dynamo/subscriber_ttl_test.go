package dynamo_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// TestPendingExpiry checks that a pending subscriber and the item that
// reserves its address carry the same TTL, and that confirming takes it
// off both, so that TTL never deletes one without the other.
func TestPendingExpiry(t *testing.T) {
	s := openStore(t)
	client := newClient(endpoint(t))
	until := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
	sub := &herald.Subscriber{ID: "sub_ttl", Type: herald.Email, Address: "ttl@example.com",
		State: herald.Pending, PendingUntil: &until, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := s.CreateSubscriber(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	want := strconv.FormatInt(until.Unix(), 10)
	for _, k := range [][2]string{{"SUBSCRIBER#sub_ttl", "SUBSCRIBER"},
		{"ADDRESS#email#ttl@example.com", "ADDRESS"}} {
		if got := expiresAt(t, client, s.Table(), k); got != want {
			t.Errorf("%s expires_at = %q, want %s", k[0], got, want)
		}
	}

	sub.State, sub.PendingUntil = herald.Active, nil
	if err := s.UpdateSubscriber(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	for _, k := range [][2]string{{"SUBSCRIBER#sub_ttl", "SUBSCRIBER"},
		{"ADDRESS#email#ttl@example.com", "ADDRESS"}} {
		if got := expiresAt(t, client, s.Table(), k); got != "" {
			t.Errorf("after confirming, %s expires_at = %q, want none", k[0], got)
		}
	}
}

// expiresAt returns the expires_at of the item with key k, "" if none.
func expiresAt(t *testing.T, c *dynamodb.Client, table string, k [2]string) string {
	t.Helper()
	out, err := c.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: &table,
		Key: map[string]types.AttributeValue{
			"PK": &types.AttributeValueMemberS{Value: k[0]},
			"SK": &types.AttributeValueMemberS{Value: k[1]},
		}})
	if err != nil || out.Item == nil {
		t.Fatalf("get %s: %v (item %v)", k[0], err, out.Item)
	}
	if n, ok := out.Item["expires_at"].(*types.AttributeValueMemberN); ok {
		return n.Value
	}
	return ""
}
