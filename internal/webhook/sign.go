package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// The Standard Webhooks headers.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// Tolerance is how far a webhook's timestamp may be from the receiver's
// clock, either way, before Verify refuses it as a possible replay.
const Tolerance = 5 * time.Minute

// SecretPrefix starts every Standard Webhooks signing secret.
const SecretPrefix = "whsec_"

// Sign returns the webhook-signature value for a message: "v1," and the
// base64 HMAC-SHA256 of id, the Unix timestamp and body joined by dots,
// keyed with the base64-decoded part of secret after "whsec_". It returns
// EUNPROCESSABLE for a secret that is not of that form; the error never
// quotes the secret.
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, ts.Unix(), body)), nil
}

// Verify checks the Standard Webhooks headers of a received message as a
// receiver must: the id, timestamp and signature are present, the
// timestamp is within Tolerance of now, and one of the space-separated
// signatures is a v1 signature of this id, timestamp and body. It returns
// an EUNAUTHORIZED error for a message that fails, and EUNPROCESSABLE for
// a malformed secret.
func Verify(secret string, h http.Header, body []byte, now time.Time) error {
	key, err := secretKey(secret)
	if err != nil {
		return err
	}
	id, tsText, sigs := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if id == "" || tsText == "" || sigs == "" {
		return herald.Errorf(herald.EUNAUTHORIZED, "the webhook lacks a Standard Webhooks header")
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return herald.Errorf(herald.EUNAUTHORIZED, "the webhook timestamp is not a number")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Tolerance || d < -Tolerance {
		return herald.Errorf(herald.EUNAUTHORIZED, "the webhook timestamp is too far from now")
	}

	want := mac(key, id, ts, body)
	for _, sig := range strings.Fields(sigs) {
		version, value, ok := strings.Cut(sig, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(value)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return herald.Errorf(herald.EUNAUTHORIZED, "no webhook signature matches")
}

func mac(key []byte, id string, ts int64, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "."))
	h.Write(body)
	return h.Sum(nil)
}

// secretKey returns the key bytes of a "whsec_" secret. Like the
// specification's own libraries, it also takes the base64 part alone.
func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, SecretPrefix))
	if err != nil || len(key) == 0 {
		return nil, herald.Errorf(herald.EUNPROCESSABLE,
			"the webhook signing secret must be %q followed by base64", SecretPrefix)
	}
	return key, nil
}
