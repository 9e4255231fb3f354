package webhook_test

import (
	"context"
	"net"
	"net/netip"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/webhook"
)

// fakeDNS resolves the names of these tests without a network.
func fakeDNS(_ context.Context, host string) ([]netip.Addr, error) {
	switch host {
	case "hooks.example.com":
		return []netip.Addr{netip.MustParseAddr("93.184.215.14")}, nil
	case "rebind.example.com": // one public address and one private
		return []netip.Addr{netip.MustParseAddr("93.184.215.14"), netip.MustParseAddr("10.1.2.3")}, nil
	case "metadata.example.com":
		return []netip.Addr{netip.MustParseAddr("fd00:ec2::254")}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestCheckURL(t *testing.T) {
	strict := &webhook.Checker{Lookup: fakeDNS}
	loose := &webhook.Checker{Lookup: fakeDNS, AllowLoopback: true}
	for _, tc := range []struct {
		url           string
		strict, loose string // the error code expected, "" for none
	}{
		{"https://hooks.example.com/herald", "", ""},
		{"http://hooks.example.com/herald", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://127.0.0.1/hook", herald.EUNPROCESSABLE, ""},
		{"http://127.0.0.1:8080/hook", herald.EUNPROCESSABLE, ""},
		{"https://[::1]/hook", herald.EUNPROCESSABLE, ""},
		{"https://10.0.0.1/hook", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://192.168.1.10/hook", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://169.254.169.254/latest/meta-data/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://[fd00:ec2::254]/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://[::ffff:10.0.0.1]/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://[fe80::1]/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://rebind.example.com/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://metadata.example.com/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://nowhere.example.com/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"https://user:pw@hooks.example.com/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
		{"ftp://hooks.example.com/", herald.EUNPROCESSABLE, herald.EUNPROCESSABLE},
	} {
		for _, c := range []struct {
			name    string
			checker *webhook.Checker
			want    string
		}{{"strict", strict, tc.strict}, {"loopback allowed", loose, tc.loose}} {
			err := c.checker.CheckURL(t.Context(), tc.url)
			if got := herald.ErrorCode(err); got != c.want {
				t.Errorf("%s: CheckURL(%s) = %v, want code %q", c.name, tc.url, err, c.want)
			}
			if err != nil && herald.ErrorField(err) != "address" {
				t.Errorf("%s: CheckURL(%s) names field %q", c.name, tc.url, herald.ErrorField(err))
			}
		}
	}
}

// TestCheckURLLocalhost resolves a real name, localhost, through the
// system's resolver.
func TestCheckURLLocalhost(t *testing.T) {
	err := (&webhook.Checker{}).CheckURL(t.Context(), "https://localhost/hook")
	if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Errorf("CheckURL(localhost) = %v, want EUNPROCESSABLE", err)
	}
	err = (&webhook.Checker{AllowLoopback: true}).CheckURL(t.Context(), "http://localhost:9/hook")
	if err != nil {
		t.Errorf("CheckURL(localhost) with loopback allowed = %v", err)
	}
}
