package local

import (
	"context"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
)

// TestRetryQueueSurvivesRestart schedules retries, opens the queue again
// from its folder, and finds them there, each handed out once when due.
func TestRetryQueueSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	q, err := newRetryQueue(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, r := range []fanout.Retry{
		{DeliveryID: "due", Attempt: 2, Due: now.Add(-time.Second)},
		{DeliveryID: "later", Attempt: 3, Due: now.Add(time.Hour)},
	} {
		if err := q.Schedule(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}

	q2, err := newRetryQueue(dir)
	if err != nil {
		t.Fatal(err)
	}
	due, next := q2.due(now)
	if len(due) != 1 || due[0].DeliveryID != "due" || due[0].Attempt != 2 {
		t.Fatalf("due = %+v, want the one due retry", due)
	}
	if !next.Equal(now.Add(time.Hour)) {
		t.Errorf("next = %v, want the later retry's due time", next)
	}
	q3, _ := newRetryQueue(dir)
	if again, _ := q3.due(now); len(again) != 0 {
		t.Errorf("a retry handed out came back after a restart: %+v", again)
	}
}
