// Package snstest stands in for Amazon SNS in tests: it signs messages as
// SNS does, with a key and a self-signed certificate made for the test,
// and answers the fetches the CloudWatch parser makes, recording them, so
// that no test reaches the network.
package snstest

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

// CertURL is where the signing certificate of every message claims to be.
const CertURL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem"

// SNS signs messages and serves its certificate.
type SNS struct {
	key  *rsa.PrivateKey
	cert []byte // PEM

	mu      sync.Mutex
	fetched []string
}

// New returns an SNS with a fresh 2048-bit key and certificate.
func New(tb testing.TB) *SNS {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "sns.eu-west-1.amazonaws.com"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	return &SNS{key: key, cert: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// Fetch answers the certificate at CertURL and any other URL with an
// empty body, as a subscription's confirmation link is answered; it
// records every URL it is asked for.
func (s *SNS) Fetch(ctx context.Context, url string) ([]byte, error) {
	s.mu.Lock()
	s.fetched = append(s.fetched, url)
	s.mu.Unlock()
	if url == CertURL {
		return s.cert, nil
	}
	return []byte("<ConfirmSubscriptionResponse/>"), nil
}

// Fetched returns the URLs fetched so far.
func (s *SNS) Fetched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.fetched...)
}

// Message is an SNS message as posted to an HTTPS subscription.
type Message struct {
	Type             string
	MessageID        string `json:"MessageId"`
	Token            string `json:",omitempty"`
	TopicArn         string
	Subject          string `json:",omitempty"`
	Message          string
	SubscribeURL     string `json:",omitempty"`
	Timestamp        string
	SignatureVersion string
	Signature        string
	SigningCertURL   string
}

// Notification returns a signed Notification carrying message.
func (s *SNS) Notification(tb testing.TB, id, message string) []byte {
	return s.Sign(tb, Message{Type: "Notification", MessageID: id,
		TopicArn: "arn:aws:sns:eu-west-1:111122223333:herald-alarms",
		Subject:  "ALARM: an example alarm", Message: message,
		Timestamp: "2026-11-20T07:12:44.402Z", SignatureVersion: "1"})
}

// Sign fills in m's certificate URL and signature, and returns its JSON.
func (s *SNS) Sign(tb testing.TB, m Message) []byte {
	tb.Helper()
	if m.SigningCertURL == "" {
		m.SigningCertURL = CertURL
	}
	h, sum := crypto.SHA1, func(b []byte) []byte { x := sha1.Sum(b); return x[:] }
	if m.SignatureVersion == "2" {
		h, sum = crypto.SHA256, func(b []byte) []byte { x := sha256.Sum256(b); return x[:] }
	}
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, h, sum([]byte(StringToSign(m))))
	if err != nil {
		tb.Fatal(err)
	}
	m.Signature = base64.StdEncoding.EncodeToString(sig)
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// StringToSign is the text SNS signs, written here from SNS's
// documentation independently of the parser.
func StringToSign(m Message) string {
	var b strings.Builder
	add := func(k, v string) { fmt.Fprintf(&b, "%s\n%s\n", k, v) }
	add("Message", m.Message)
	add("MessageId", m.MessageID)
	if m.Type == "Notification" {
		if m.Subject != "" {
			add("Subject", m.Subject)
		}
		add("Timestamp", m.Timestamp)
	} else {
		add("SubscribeURL", m.SubscribeURL)
		add("Timestamp", m.Timestamp)
		add("Token", m.Token)
	}
	add("TopicArn", m.TopicArn)
	add("Type", m.Type)
	return b.String()
}
