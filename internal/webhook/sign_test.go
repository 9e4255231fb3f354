package webhook_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/webhook"
)

// The example of the Standard Webhooks specification.
const (
	specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	specID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	specTS     = 1614265330
	specBody   = `{"test": 2432232314}`
	specSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestSignSpecExample(t *testing.T) {
	got, err := webhook.Sign(specSecret, specID, time.Unix(specTS, 0), []byte(specBody))
	if err != nil || got != specSig {
		t.Fatalf("Sign = %q, %v; want %q", got, err, specSig)
	}
	// The specification's libraries also take the secret without its prefix.
	got, _ = webhook.Sign(specSecret[len("whsec_"):], specID, time.Unix(specTS, 0), []byte(specBody))
	if got != specSig {
		t.Errorf("Sign without prefix = %q", got)
	}
}

func TestSignBadSecret(t *testing.T) {
	for _, secret := range []string{"", "whsec_", "whsec_not base64!"} {
		_, err := webhook.Sign(secret, "id", time.Unix(specTS, 0), nil)
		if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
			t.Errorf("Sign(%q) error = %v, want EUNPROCESSABLE", secret, err)
		}
	}
}

func specHeader(sig string, ts int64) http.Header {
	h := http.Header{}
	h.Set(webhook.HeaderID, specID)
	h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(webhook.HeaderSignature, sig)
	return h
}

func TestVerify(t *testing.T) {
	at := time.Unix(specTS, 0)
	ok := func(h http.Header, body string, now time.Time) error {
		return webhook.Verify(specSecret, h, []byte(body), now)
	}
	t.Run("OK", func(t *testing.T) {
		if err := ok(specHeader(specSig, specTS), specBody, at.Add(4*time.Minute)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OKOneOfSeveral", func(t *testing.T) {
		h := specHeader("v1a,xyz v2,abc v1,AAAA "+specSig, specTS)
		if err := ok(h, specBody, at); err != nil {
			t.Fatal(err)
		}
	})
	fail := map[string]struct {
		h    http.Header
		body string
		now  time.Time
	}{
		"ErrBody":      {specHeader(specSig, specTS), `{"test": 2432232315}`, at},
		"ErrOld":       {specHeader(specSig, specTS), specBody, at.Add(5*time.Minute + time.Second)},
		"ErrFuture":    {specHeader(specSig, specTS), specBody, at.Add(-5*time.Minute - time.Second)},
		"ErrTimestamp": {specHeader(specSig, specTS+1), specBody, at},
		"ErrNoSig":     {specHeader("", specTS), specBody, at},
		"ErrOtherKind": {specHeader("v2"+specSig[2:], specTS), specBody, at},
		"ErrNotBase64": {specHeader("v1,!!!", specTS), specBody, at},
		"ErrNoHeaders": {http.Header{}, specBody, at},
	}
	for name, tc := range fail {
		t.Run(name, func(t *testing.T) {
			if err := ok(tc.h, tc.body, tc.now); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
				t.Fatalf("Verify = %v, want EUNAUTHORIZED", err)
			}
		})
	}
	t.Run("ErrOtherSecret", func(t *testing.T) {
		err := webhook.Verify("whsec_"+"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", specHeader(specSig, specTS),
			[]byte(specBody), at)
		if herald.ErrorCode(err) != herald.EUNAUTHORIZED {
			t.Fatalf("Verify = %v, want EUNAUTHORIZED", err)
		}
	})
}
