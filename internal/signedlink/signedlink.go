// Package signedlink makes and checks the tokens in the links that change a
// subscription: confirm, manage and unsubscribe. A token names one
// subscriber, is good for one purpose and expires; it is signed with
// HMAC-SHA256 so that nobody can make one for someone else.
//
// A token is three base64url fields joined by dots: the subscriber id, the
// expiry in Unix seconds, and the MAC over the purpose, id and expiry. The
// purpose is not written in the token; the verifier names the one it
// expects, so a token made for one purpose fails for every other.
package signedlink

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// The purposes a token can be made for.
const (
	Unsubscribe = "unsubscribe"
	Manage      = "manage"
	Confirm     = "confirm"
)

// MinKeyLen is the shortest signing key NewSigner accepts. Use 32 random
// bytes.
const MinKeyLen = 16

// Signer makes and checks tokens with one secret key. It is safe for
// concurrent use.
type Signer struct {
	key []byte
}

// NewSigner returns a Signer that signs with key. It panics if key is
// shorter than MinKeyLen: a weak key is a configuration mistake that must
// stop the program at start rather than sign links anyone could forge.
func NewSigner(key []byte) *Signer {
	if len(key) < MinKeyLen {
		panic("signedlink: key must be at least " + strconv.Itoa(MinKeyLen) + " bytes")
	}
	return &Signer{key: append([]byte(nil), key...)}
}

var b64 = base64.RawURLEncoding

// Sign returns a URL-safe token that names subscriberID for purpose until
// expires.
func (s *Signer) Sign(subscriberID, purpose string, expires time.Time) string {
	exp := strconv.FormatInt(expires.Unix(), 10)
	mac := s.mac(purpose, subscriberID, exp)
	return b64.EncodeToString([]byte(subscriberID)) + "." + exp + "." + b64.EncodeToString(mac)
}

// Verify checks that token was made by this Signer for purpose and has not
// expired at now, and returns the subscriber it names. It returns an
// EINVALID error for a token that is not one at all, and EUNAUTHORIZED for
// one that is forged, altered, made for another purpose, or expired.
func (s *Signer) Verify(token, purpose string, now time.Time) (string, error) {
	id, _, err := s.VerifyExpiry(token, purpose, now)
	return id, err
}

// VerifyExpiry is Verify that also returns when the token expires, as
// signed in it: confirmations use it to tell the latest link from earlier
// ones.
func (s *Signer) VerifyExpiry(token, purpose string, now time.Time) (string, time.Time, error) {
	idField, exp, macField, ok := split(token)
	if !ok {
		return "", time.Time{}, errMalformed
	}
	id, err := b64.DecodeString(idField)
	if err != nil {
		return "", time.Time{}, errMalformed
	}
	got, err := b64.DecodeString(macField)
	if err != nil {
		return "", time.Time{}, errMalformed
	}

	// The signature first, so that nothing is learned from a forged token.
	if !hmac.Equal(got, s.mac(purpose, string(id), exp)) {
		return "", time.Time{}, herald.Errorf(herald.EUNAUTHORIZED,
			"the link is not valid for this action; use the link from your latest message")
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return "", time.Time{}, errMalformed
	}
	expires := time.Unix(unix, 0)
	if now.After(expires) {
		return "", time.Time{}, herald.Errorf(herald.EUNAUTHORIZED, "the link has expired; ask for a new one")
	}
	return string(id), expires, nil
}

// errMalformed is the answer to a token that is not one at all.
var errMalformed = herald.Errorf(herald.EINVALID, "the link is incomplete or malformed")

// mac binds the three parts with separators that cannot occur in them:
// purpose is a word, exp is digits, and the id comes last.
func (s *Signer) mac(purpose, id, exp string) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte("herald-link\x00" + purpose + "\x00" + exp + "\x00" + id))
	return h.Sum(nil)
}

func split(token string) (id, exp, mac string, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}
