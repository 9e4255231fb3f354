package signedlink_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

var (
	key   = bytes.Repeat([]byte{7}, 32)
	now   = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	later = now.Add(time.Hour)
)

func TestVerify(t *testing.T) {
	s := signedlink.NewSigner(key)
	tok := s.Sign("sub_abc", signedlink.Unsubscribe, later)

	t.Run("OK", func(t *testing.T) {
		id, err := s.Verify(tok, signedlink.Unsubscribe, now)
		if err != nil || id != "sub_abc" {
			t.Fatalf("Verify = %q, %v; want sub_abc", id, err)
		}
		if url.QueryEscape(tok) != tok {
			t.Errorf("token %q is not URL-safe", tok)
		}
	})
	t.Run("ErrForged", func(t *testing.T) {
		other := signedlink.NewSigner(bytes.Repeat([]byte{8}, 32))
		forged := other.Sign("sub_abc", signedlink.Unsubscribe, later)
		mustFail(t, s, forged, signedlink.Unsubscribe, herald.EUNAUTHORIZED)
	})
	t.Run("ErrOtherSubscriber", func(t *testing.T) {
		// The id swapped for another's, the signature kept.
		parts := strings.Split(tok, ".")
		other := strings.Split(s.Sign("sub_xyz", signedlink.Unsubscribe, later), ".")
		mustFail(t, s, other[0]+"."+parts[1]+"."+parts[2], signedlink.Unsubscribe,
			herald.EUNAUTHORIZED)
	})
	t.Run("ErrExtendedExpiry", func(t *testing.T) {
		parts := strings.Split(tok, ".")
		mustFail(t, s, parts[0]+".99999999999."+parts[2], signedlink.Unsubscribe,
			herald.EUNAUTHORIZED)
	})
	t.Run("ErrAlteredSignature", func(t *testing.T) {
		parts := strings.Split(tok, ".")
		mac := []byte(parts[2])
		if mac[0] = 'A'; parts[2][0] == 'A' {
			mac[0] = 'B'
		}
		mustFail(t, s, parts[0]+"."+parts[1]+"."+string(mac), signedlink.Unsubscribe,
			herald.EUNAUTHORIZED)
	})
	t.Run("ErrExpired", func(t *testing.T) {
		id, err := s.Verify(tok, signedlink.Unsubscribe, later.Add(time.Second))
		if herald.ErrorCode(err) != herald.EUNAUTHORIZED || id != "" {
			t.Fatalf("Verify after expiry = %q, %v; want EUNAUTHORIZED", id, err)
		}
		if !strings.Contains(herald.ErrorMessage(err), "expired") {
			t.Errorf("message %q does not say the link expired", herald.ErrorMessage(err))
		}
	})
	t.Run("ErrWrongPurpose", func(t *testing.T) {
		mustFail(t, s, tok, signedlink.Manage, herald.EUNAUTHORIZED)
		mustFail(t, s, tok, signedlink.Confirm, herald.EUNAUTHORIZED)
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		for _, bad := range []string{"", "abc", "a.b", "a..c", "!!.1.x", tok + ".x", "YQ.1.*"} {
			mustFail(t, s, bad, signedlink.Unsubscribe, herald.EINVALID)
		}
	})
}

// mustFail checks that Verify refuses tok at now with the given code.
func mustFail(t *testing.T, s *signedlink.Signer, tok, purpose, code string) {
	t.Helper()
	id, err := s.Verify(tok, purpose, now)
	if err == nil {
		t.Fatalf("Verify(%q) = %q, nil; want %s error", tok, id, code)
	}
	if got := herald.ErrorCode(err); got != code {
		t.Errorf("Verify(%q) code = %s, want %s (%v)", tok, got, code, err)
	}
	if id != "" {
		t.Errorf("Verify(%q) returned id %q with an error", tok, id)
	}
}

func TestNewSignerShortKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewSigner accepted an 8-byte key")
		}
	}()
	signedlink.NewSigner(make([]byte, 8))
}

func TestLinker(t *testing.T) {
	s := signedlink.NewSigner(key)
	l := &signedlink.Linker{Signer: s, BaseURL: "https://api.example.com/",
		Now: func() time.Time { return now }}
	links := l.Links(&herald.Subscriber{ID: "sub_abc"})

	for purpose, link := range map[string]string{
		signedlink.Unsubscribe: links.Unsubscribe,
		signedlink.Manage:      links.Manage,
	} {
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		if u.Scheme != "https" || u.Host != "api.example.com" || !strings.HasSuffix(u.Path, "/"+purpose) {
			t.Errorf("%s link = %s", purpose, link)
		}
		id, err := s.Verify(u.Query().Get("token"), purpose, now.Add(300*24*time.Hour))
		if err != nil || id != "sub_abc" {
			t.Errorf("%s token: Verify = %q, %v", purpose, id, err)
		}
	}
}

func TestVerifyExpiry(t *testing.T) {
	s := signedlink.NewSigner(key)
	id, got, err := s.VerifyExpiry(s.Sign("sub_abc", signedlink.Confirm, later), signedlink.Confirm, now)
	if err != nil || id != "sub_abc" || got.Unix() != later.Unix() {
		t.Errorf("VerifyExpiry = %q, %v, %v; want sub_abc, %v", id, got, err, later)
	}
	for _, bad := range []string{"", "a.b", "a.x.c"} {
		if _, got, err := s.VerifyExpiry(bad, signedlink.Confirm, now); err == nil || !got.IsZero() {
			t.Errorf("VerifyExpiry(%q) read an expiry %v", bad, got)
		}
	}
}
