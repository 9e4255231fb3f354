package webhook

import (
	"net/netip"
	"testing"
)

func TestPublic(t *testing.T) {
	tests := map[string]bool{
		"93.184.215.14":        true,
		"1.1.1.1":              true,
		"2606:4700:4700::1111": true,
		"64:ff9b::5db8:d70e":   true, // NAT64 of a public address
		"127.0.0.1":            false,
		"127.8.9.10":           false,
		"::1":                  false,
		"10.1.2.3":             false,
		"172.31.255.255":       false,
		"192.168.0.1":          false,
		"169.254.169.254":      false,
		"fe80::1":              false,
		"fc00::1":              false,
		"fd12:3456::1":         false,
		"0.0.0.0":              false,
		"::":                   false,
		"100.64.0.1":           false,
		"100.127.255.254":      false,
		"224.0.0.1":            false,
		"ff02::1":              false,
		"255.255.255.255":      false,
		"198.18.0.1":           false,
		"::ffff:10.0.0.1":      false,
		"64:ff9b::a00:1":       false, // NAT64 of 10.0.0.1
		"2002:a00:1::1":        false, // 6to4 of 10.0.0.1
		"::10.0.0.1":           false,
	}
	for addr, want := range tests {
		if got := public(netip.MustParseAddr(addr), false); got != want {
			t.Errorf("public(%s) = %v, want %v", addr, got, want)
		}
	}
	if !public(netip.MustParseAddr("127.0.0.1"), true) || !public(netip.MustParseAddr("::1"), true) {
		t.Error("allowLoopback did not let loopback through")
	}
	if public(netip.MustParseAddr("10.0.0.1"), true) ||
		public(netip.MustParseAddr("::ffff:169.254.169.254"), true) {
		t.Error("allowLoopback let a non-loopback address through")
	}
}
