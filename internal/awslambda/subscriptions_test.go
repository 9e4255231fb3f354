package awslambda_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/signedlink"
)

// secretConfig returns an AWS configuration whose Secrets Manager answers
// every GetSecretValue with secret, and the count of calls it gets.
func secretConfig(t *testing.T, secret string) (aws.Config, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		fmt.Fprintf(w, `{"Name":"links","SecretString":%q,"VersionId":"v1"}`, secret)
	}))
	t.Cleanup(srv.Close)
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}, &calls
}

const linkSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:links-GhIjKl"

func TestLinker(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		const key = "0123456789abcdef0123456789abcdef"
		cfg, _ := secretConfig(t, key)
		l, got, err := awslambda.Linker(t.Context(), cfg, linkSecret, "https://status.example.com/")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != key {
			t.Errorf("key = %q, want the secret as stored", got)
		}
		// A link signed with the key, as the fan-out signs, is accepted.
		link, err := url.Parse(l.ConfirmURL("sub_1", time.Now().Add(time.Hour)))
		if err != nil || link.Host != "status.example.com" || link.Path != signedlink.ConfirmPath {
			t.Fatalf("ConfirmURL = %v, %v", link, err)
		}
		other := signedlink.NewSigner([]byte(key))
		if id, err := other.Verify(link.Query().Get("token"), signedlink.Confirm, time.Now()); err != nil ||
			id != "sub_1" {
			t.Errorf("the token does not verify with the same key: %q, %v", id, err)
		}
	})
	t.Run("ErrShortKey", func(t *testing.T) {
		cfg, _ := secretConfig(t, "too-short")
		_, _, err := awslambda.Linker(t.Context(), cfg, linkSecret, "https://status.example.com")
		if err == nil || !strings.Contains(err.Error(), "shorter than") {
			t.Errorf("Linker with a short key = %v, want an error", err)
		}
	})
	t.Run("ErrNoPublicURL", func(t *testing.T) {
		cfg, calls := secretConfig(t, "0123456789abcdef0123456789abcdef")
		_, _, err := awslambda.Linker(t.Context(), cfg, linkSecret, "")
		if err == nil || !strings.Contains(err.Error(), "HERALD_PUBLIC_URL") {
			t.Errorf("Linker without a public URL = %v", err)
		}
		if calls.Load() != 0 {
			t.Errorf("Secrets Manager was called %d times", calls.Load())
		}
	})
}

func TestRate(t *testing.T) {
	if r, err := awslambda.Rate("HERALD_EMAIL_RATE", "14"); err != nil || r != 14 {
		t.Errorf("Rate(14) = %v, %v", r, err)
	}
	if r, err := awslambda.Rate("HERALD_EMAIL_RATE", ""); err != nil || r != 0 {
		t.Errorf("Rate(\"\") = %v, %v; want no limit", r, err)
	}
	_, err := awslambda.Rate("HERALD_SMS_RATE", "fast")
	if err == nil || !strings.Contains(err.Error(), "HERALD_SMS_RATE") {
		t.Errorf("Rate(fast) = %v, want an error naming the variable", err)
	}
}
