package httpapi_test

import (
	"net/http/httptest"
	"testing"

	"github.com/herald-status/herald/internal/httpapi"
)

func TestClientIP(t *testing.T) {
	for _, tc := range []struct {
		remote, forwarded  string
		fromRemote, behind string
	}{
		// Locally: the peer, with or without a port.
		{"192.0.2.1:4000", "", "192.0.2.1", "192.0.2.1"},
		{"[2001:db8::1]:4000", "", "2001:db8::1", "2001:db8::1"},
		// Lambda: API Gateway's sourceIp, no port; behind CloudFront the
		// edge's address, with the viewer appended to X-Forwarded-For.
		{"198.51.100.7", "", "198.51.100.7", "198.51.100.7"},
		{"130.176.0.10", "203.0.113.5", "130.176.0.10", "203.0.113.5"},
		// What the client wrote itself is to the left, and ignored.
		{"130.176.0.10", "10.9.9.9, 1.2.3.4, 203.0.113.5", "130.176.0.10", "203.0.113.5"},
		// A proxy that appends the peer as well: skipped.
		{"130.176.0.10", "203.0.113.5, 130.176.0.10", "130.176.0.10", "203.0.113.5"},
		// Garbage stops the walk at the peer.
		{"130.176.0.10", "203.0.113.5, not-an-ip", "130.176.0.10", "130.176.0.10"},
	} {
		req := httptest.NewRequest("POST", "/v1/subscriptions", nil)
		req.RemoteAddr = tc.remote
		if tc.forwarded != "" {
			req.Header.Set("X-Forwarded-For", tc.forwarded)
		}
		if got := httpapi.ClientIPFromRemote(req); got != tc.fromRemote {
			t.Errorf("ClientIPFromRemote(%q) = %q, want %q", tc.remote, got, tc.fromRemote)
		}
		if got := httpapi.ClientIPBehindProxy(req); got != tc.behind {
			t.Errorf("ClientIPBehindProxy(%q, %q) = %q, want %q", tc.remote, tc.forwarded, got,
				tc.behind)
		}
	}
}
