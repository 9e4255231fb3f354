package herald

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// APIKey is an admin's key. The key itself is shown once; Herald keeps only
// its SHA-256 hash, which is enough for a random 256-bit secret.
type APIKey struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Hash      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	Version   int64     `json:"version"`
}

// Key prefixes say what a key is for, so that a leaked key is recognised.
const (
	AdminKeyPrefix       = "hka"
	IntegrationKeyPrefix = "hki"
)

// NewKey returns a fresh key of the form prefix_id_secret and the hash to
// store. The secret never contains '_'. The id lets the key be found without an index on its hash.
func NewKey(prefix, id string) (key, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	secret := strings.ToLower(b32.EncodeToString(b))
	return prefix + "_" + id + "_" + secret, HashSecret(secret)
}

// SplitKey returns the id and secret of a key made by NewKey with the given
// prefix, and false when key does not have that form.
func SplitKey(prefix, key string) (id, secret string, ok bool) {
	rest, ok := strings.CutPrefix(key, prefix+"_")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '_')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	id, secret = rest[:i], rest[i+1:]
	return id, secret, true
}

// HashSecret returns the hex SHA-256 of secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// SecretMatches compares secret with a stored hash in constant time.
func SecretMatches(secret, hash string) bool {
	got := HashSecret(secret)
	return subtle.ConstantTimeCompare([]byte(got), []byte(hash)) == 1
}

// RandomToken returns n random bytes, base64url-encoded without padding.
func RandomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewID returns a random id with the given prefix, such as "sub_3kX9...".
// Ids sort in no particular order.
func NewID(prefix string) string {
	b := make([]byte, 10)
	rand.Read(b)
	return prefix + "_" + strings.ToLower(b32.EncodeToString(b))
}

// NewWebhookSecret returns a Standard Webhooks signing secret.
func NewWebhookSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)
