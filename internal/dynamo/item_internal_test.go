package dynamo

import (
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// TestLoggableHidesAddresses: errors name items by key, and an address
// item's key holds the address itself.
func TestLoggableHidesAddresses(t *testing.T) {
	for _, addr := range []string{"ana@example.com", "+15550123"} {
		k := addressKey(herald.Email, addr)
		name := itemName(k.attrs())
		if strings.Contains(name, addr) || !strings.HasPrefix(name, "ADDRESS#email#") {
			t.Errorf("itemName = %q, want the address hidden and its type kept", name)
		}
	}
	if got := loggable("INCIDENT#INC-0042"); got != "INCIDENT#INC-0042" {
		t.Errorf("loggable changed an incident key: %q", got)
	}
}
