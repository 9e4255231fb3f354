package webhook

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// Checker checks a webhook URL when a subscriber gives it, before anything
// is stored: its host, a literal address or every address its name
// resolves to, must be public by the same rule the Sender's dialer keeps
// at every call (see public). It implements herald.URLChecker.
type Checker struct {
	// AllowLoopback lets loopback addresses through, and plain http to
	// them, for `make run` and tests. Never set it in AWS.
	AllowLoopback bool

	// Lookup resolves a host name; net.DefaultResolver's LookupNetIP
	// when nil.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

var _ herald.URLChecker = (*Checker)(nil)

// refused is the message of every URL refused for where it points.
const refused = "must not point at a loopback, private, link-local, unique-local or " +
	"cloud metadata address"

// CheckURL returns nil for a URL a webhook may be sent to, an
// EUNPROCESSABLE error about the address field for one that is refused,
// and EUNAVAILABLE when its name cannot be resolved for now.
func (c *Checker) CheckURL(ctx context.Context, raw string) error {
	target, err := parseTarget(raw)
	if err != nil {
		return herald.FieldError("address", "must be an https URL without a user name or password")
	}
	addrs, err := c.resolve(ctx, target.Hostname())
	if err != nil {
		return err
	}
	loopback := true
	for _, a := range addrs {
		if !public(a, c.AllowLoopback) {
			return herald.FieldError("address", refused)
		}
		loopback = loopback && a.Unmap().IsLoopback()
	}
	if target.Scheme != "https" && !loopback {
		return herald.FieldError("address", "must be an https URL")
	}
	return nil
}

// resolve returns the addresses of host: the host itself if it is an IP
// address, else what the name resolves to.
func (c *Checker) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	host = strings.TrimSuffix(host, ".")
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	if host == "" {
		return nil, herald.FieldError("address", "must name a host")
	}
	lookup := c.Lookup
	if lookup == nil {
		lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	addrs, err := lookup(ctx, host)
	var dnsErr *net.DNSError
	switch {
	case err == nil && len(addrs) > 0:
		return addrs, nil
	case err == nil, errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return nil, herald.FieldError("address", "names a host that does not resolve")
	}
	return nil, &herald.Error{Code: herald.EUNAVAILABLE, Err: err,
		Message: "the webhook host could not be resolved just now; try again"}
}
