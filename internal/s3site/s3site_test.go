package s3site_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/herald-status/herald/internal/s3site"
)

// fakeS3 starts gofakes3 behind a recorder of each PUT's Cache-Control,
// which gofakes3 itself does not keep.
func fakeS3(t *testing.T) (*s3.Client, map[string]string) {
	t.Helper()
	backend := s3mem.New()
	faker := gofakes3.New(backend)
	var mu sync.Mutex
	cache := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			mu.Lock()
			cache[r.URL.Path] = r.Header.Get("Cache-Control")
			mu.Unlock()
		}
		faker.Server().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client := s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{
		Bucket: aws.String("status-site")}); err != nil {
		t.Fatal(err)
	}
	return client, cache
}

func TestWriteFile(t *testing.T) {
	ctx := context.Background()
	client, cache := fakeS3(t)
	w := &s3site.Writer{Client: client, Bucket: "status-site"}
	body := []byte(`{"page":{"name":"Example"}}`)
	if err := w.WriteFile(ctx, "api/v2/summary.json", "application/json", body); err != nil {
		t.Fatal(err)
	}
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("status-site"),
		Key: aws.String("api/v2/summary.json")})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(out.Body)
	if !bytes.Equal(got, body) || aws.ToString(out.ContentType) != "application/json" {
		t.Errorf("stored %q as %q", got, aws.ToString(out.ContentType))
	}
	cc := cache["/status-site/api/v2/summary.json"]
	if !strings.Contains(cc, "max-age=30") {
		t.Errorf("Cache-Control sent = %q, want a short max-age", cc)
	}
}

func TestWriteFileUnavailable(t *testing.T) {
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"),
		UsePathStyle: true, Credentials: credentials.NewStaticCredentialsProvider("t", "t", ""),
		RetryMaxAttempts: 1})
	w := &s3site.Writer{Client: client, Bucket: "b"}
	err := w.WriteFile(context.Background(), "index.html", "text/html", []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "unavailable") {
		t.Errorf("err = %v, want an unavailable error", err)
	}
}
