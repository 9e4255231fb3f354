package awslambda_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/awslambda"
)

// TestOpen checks the start-up steps the mains share up to the first AWS
// call; the functions under the Runtime Interface Emulator (rie_test.go)
// take them all the way, against DynamoDB Local.
func TestOpen(t *testing.T) {
	prev := slog.Default() // Init sets Lambda's logger as the default
	t.Cleanup(func() { slog.SetDefault(prev) })
	t.Setenv("AWS_REGION", "us-east-1")

	t.Run("OK", func(t *testing.T) {
		cfg, store, err := awslambda.Open(t.Context(), "herald")
		if err != nil || store == nil || cfg.Region != "us-east-1" {
			t.Fatalf("Open = %v, %v, %v", cfg.Region, store, err)
		}
	})
	t.Run("ErrNoTable", func(t *testing.T) {
		_, _, err := awslambda.Open(t.Context(), "")
		if err == nil || !strings.Contains(err.Error(), "HERALD_TABLE") {
			t.Errorf("Open without a table = %v, want an error naming HERALD_TABLE", err)
		}
	})
	t.Run("ErrNoAdminKey", func(t *testing.T) {
		_, svc, err := awslambda.OpenService(t.Context(), "herald", "")
		if err == nil || !strings.Contains(err.Error(), "admin key") || svc != nil {
			t.Errorf("OpenService without an admin key secret = %v, %v", svc, err)
		}
	})
}
