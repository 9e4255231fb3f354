package alerts

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// snsMessage is the envelope SNS posts to an HTTPS subscription, and hands
// a Lambda in each record. Field names match either spelling.
type snsMessage struct {
	Type             string `json:"Type"`
	MessageID        string `json:"MessageId"`
	Token            string `json:"Token"`
	TopicArn         string `json:"TopicArn"`
	Subject          string `json:"Subject"`
	Message          string `json:"Message"`
	SubscribeURL     string `json:"SubscribeURL"`
	Timestamp        string `json:"Timestamp"`
	SignatureVersion string `json:"SignatureVersion"`
	Signature        string `json:"Signature"`
	SigningCertURL   string `json:"SigningCertURL"`
}

// Fetch gets the body at an HTTPS URL on SNS: a signing certificate, or a
// subscription's confirmation link. Tests give one that never calls out.
type Fetch func(ctx context.Context, url string) ([]byte, error)

// snsHost is the host of every URL SNS sends: its signing certificates and
// its subscription confirmation links.
var snsHost = regexp.MustCompile(`^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$`)

// checkSNSURL refuses a URL that is not https on an SNS host, so that a
// forged message cannot make Herald fetch anything else.
func checkSNSURL(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || !snsHost.MatchString(u.Hostname()) ||
		u.Port() != "" || u.User != nil {
		return &herald.Error{Code: herald.EUNAUTHORIZED, Field: field,
			Message: field + " must be an https URL on an sns.<region>.amazonaws.com host"}
	}
	return nil
}

// snsVerifier checks SNS message signatures, keeping the certificates it
// has fetched.
type snsVerifier struct {
	fetch Fetch
	mu    sync.Mutex
	keys  map[string]*rsa.PublicKey
}

var errBadSignature = &herald.Error{Code: herald.EUNAUTHORIZED, Field: "Signature",
	Message: "the SNS signature does not verify"}

// verify checks m's signature against the certificate at its
// SigningCertURL, which must be on SNS.
func (v *snsVerifier) verify(ctx context.Context, m *snsMessage) error {
	if err := checkSNSURL("SigningCertURL", m.SigningCertURL); err != nil {
		return err
	}
	var h crypto.Hash
	switch m.SignatureVersion {
	case "1":
		h = crypto.SHA1
	case "2":
		h = crypto.SHA256
	default:
		return &herald.Error{Code: herald.EUNAUTHORIZED, Field: "SignatureVersion",
			Message: "SignatureVersion must be 1 or 2"}
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil || len(sig) == 0 {
		return errBadSignature
	}
	key, err := v.key(ctx, m.SigningCertURL)
	if err != nil {
		return err
	}
	if rsa.VerifyPKCS1v15(key, h, digest(h, m.stringToSign()), sig) != nil {
		return errBadSignature
	}
	return nil
}

// stringToSign is what SNS signs: named fields, each as its name, a line
// break, its value and a line break, in this order.
func (m *snsMessage) stringToSign() string {
	fields := [][2]string{{"Message", m.Message}, {"MessageId", m.MessageID}}
	if m.Type == "Notification" {
		if m.Subject != "" {
			fields = append(fields, [2]string{"Subject", m.Subject})
		}
		fields = append(fields, [2]string{"Timestamp", m.Timestamp})
	} else {
		fields = append(fields, [2]string{"SubscribeURL", m.SubscribeURL},
			[2]string{"Timestamp", m.Timestamp}, [2]string{"Token", m.Token})
	}
	fields = append(fields, [2]string{"TopicArn", m.TopicArn}, [2]string{"Type", m.Type})
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f[0] + "\n" + f[1] + "\n")
	}
	return b.String()
}

func digest(h crypto.Hash, s string) []byte {
	if h == crypto.SHA1 {
		sum := sha1.Sum([]byte(s))
		return sum[:]
	}
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// key returns the RSA key of the certificate at url, fetching it once.
func (v *snsVerifier) key(ctx context.Context, url string) (*rsa.PublicKey, error) {
	v.mu.Lock()
	key := v.keys[url]
	v.mu.Unlock()
	if key != nil {
		return key, nil
	}
	body, err := v.fetch(ctx, url)
	if err != nil {
		return nil, herald.Unavailable(fmt.Errorf("fetch SNS certificate: %w", err),
			"SNS's signing certificate")
	}
	block, _ := pem.Decode(body)
	if block == nil {
		return nil, errBadSignature
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, errBadSignature
	}
	key, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, errBadSignature
	}
	v.mu.Lock()
	if len(v.keys) >= 32 {
		clear(v.keys) // SNS uses few certificates; this bounds a flood of forged URLs
	}
	v.keys[url] = key
	v.mu.Unlock()
	return key, nil
}

// snsClient fetches from SNS: a short timeout, no redirects.
var snsClient = &http.Client{
	Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return errors.New("SNS does not redirect")
	},
}

// FetchHTTPS returns a Fetch that GETs with client and reads at most
// 64 KiB of a 200 answer. Its errors name the host and path only: a
// SubscribeURL's query carries the subscription's token.
func FetchHTTPS(client *http.Client) Fetch {
	return func(ctx context.Context, raw string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
		if err != nil {
			return nil, errors.New("the URL is malformed")
		}
		where := req.URL.Host + req.URL.Path
		res, err := client.Do(req)
		if err != nil {
			var uerr *url.Error
			if errors.As(err, &uerr) {
				err = uerr.Err
			}
			return nil, fmt.Errorf("GET %s: %w", where, err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s", where, res.Status)
		}
		return io.ReadAll(io.LimitReader(res.Body, 64<<10))
	}
}
