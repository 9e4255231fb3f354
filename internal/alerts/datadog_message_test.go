package alerts

import "testing"

func TestDatadogMessage(t *testing.T) {
	for in, want := range map[string]string{
		"Latency is high. @webhook-herald":              "Latency is high.",
		"@slack-ops-alerts\nCheckout p99 above 2s.":     "Checkout p99 above 2s.",
		"Tell @ops@example.com and @pagerduty-Team now": "Tell and now",
		"No handles in this one; email@example.com ok":  "No handles in this one; email@example.com ok",
	} {
		if got := datadogMessage(in); got != want {
			t.Errorf("datadogMessage(%q) = %q, want %q", in, got, want)
		}
	}
}
