package httpapi

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIPFromRemote returns the address of the peer that sent r: the
// client itself when nothing stands between, and in Lambda the sourceIp
// that API Gateway saw, which the proxy adapter puts in RemoteAddr.
func ClientIPFromRemote(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// ClientIPBehindProxy returns the client of a request that reached Herald
// through one proxy that appends the address it saw to X-Forwarded-For,
// as CloudFront does in front of API Gateway: the right-most address of
// the header that is not the peer itself. Entries to its left were written
// by the client and may be anything, so they are never used. Without the
// header it falls back to the peer.
//
// A client that calls API Gateway directly, past the proxy, can put any
// address there; the per-client limit is then only as good as that.
// Closing the API to everything but the proxy would end that.
func ClientIPBehindProxy(r *http.Request) string {
	peer := ClientIPFromRemote(r)
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if a.Unmap().String() != peer {
			return a.Unmap().String()
		}
	}
	return peer
}
