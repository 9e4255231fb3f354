package webhook

import (
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
)

// errRefusedAddress is returned, inside the client's error, when a webhook
// would connect to an address that is not on the public internet.
var errRefusedAddress = errors.New("webhook: refused a non-public address")

// errRedirect is returned, inside the client's error, for a redirect that
// is not followed.
var errRedirect = errors.New("webhook: redirect not followed")

// maxRedirects is how many redirects one delivery follows.
const maxRedirects = 3

// reserved holds the ranges that are neither loopback, private, link-local
// nor multicast by netip's methods but are not the public internet either.
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("::/96"),           // IPv4-compatible, deprecated
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
}

// Embedded IPv4: NAT64 and 6to4 addresses reach the IPv4 address inside
// them, which must pass the same checks.
var (
	nat64 = netip.MustParsePrefix("64:ff9b::/96")
	sixTo = netip.MustParsePrefix("2002::/16")
)

// public reports whether a webhook may connect to a. With allowLoopback it
// also lets loopback through, and nothing else.
func public(a netip.Addr, allowLoopback bool) bool {
	a = a.Unmap()
	if a.IsLoopback() {
		return allowLoopback
	}
	if a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() ||
		a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() || !a.IsValid() {
		return false
	}
	for _, p := range reserved {
		if p.Contains(a) {
			return false
		}
	}
	if inner, ok := embedded(a); ok {
		return public(inner, false)
	}
	return true
}

// embedded returns the IPv4 address inside a NAT64 or 6to4 address.
func embedded(a netip.Addr) (netip.Addr, bool) {
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixTo.Contains(a):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}

// control is the dialer's Control function: it runs after the name is
// resolved and before each connection is made, so a name that resolves to
// a private address, now or after a rebinding, is refused at the moment
// of the call.
func control(allowLoopback bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !public(ap.Addr(), allowLoopback) {
			return errRefusedAddress
		}
		return nil
	}
}

// checkRedirect follows at most maxRedirects redirects, and only those
// that keep the method and body (307 and 308) on the same host and scheme.
// A 301, 302 or 303 would turn the POST into a GET without its body, and
// a receiver answering 200 to that would hide a lost message.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	switch {
	case len(via) > maxRedirects:
		return errRedirect
	case req.Method != http.MethodPost:
		return errRedirect
	case !strings.EqualFold(req.URL.Host, first.Host) || req.URL.Scheme != first.Scheme:
		return errRedirect
	}
	return nil
}
