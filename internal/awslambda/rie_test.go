package awslambda_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// The API functions' built bootstraps, run under the Lambda Runtime
// Interface Emulator against DynamoDB Local. make test installs the
// emulator and sets HERALD_TEST_RIE to its path.

const rieAdminKey = "rie-admin-key-not-a-secret"

// secretsStandIn answers Secrets Manager's GetSecretValue with the admin
// key, whatever secret is asked for (the link key too): no emulator of
// Secrets Manager runs here.
func secretsStandIn(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "secretsmanager.GetSecretValue" {
			http.Error(w, "unexpected call", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		fmt.Fprintf(w, `{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf",`+
			`"Name":"admin","SecretString":%q,"VersionId":"v1"}`, rieAdminKey)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// function is one bootstrap running under the emulator.
type function struct {
	name string
	url  string
	out  *syncBuffer
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// buildAll builds the API functions for this machine into dir.
func buildAll(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", dir+"/",
		"../../functions/incidents", "../../functions/subscriptions", "../../functions/status")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
}

func runUnderRIE(t *testing.T, rie, bootstrap string, env []string) *function {
	t.Helper()
	addr := freePort(t)
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", addr,
		"--runtime-api-address", freePort(t), bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.Env = append(os.Environ(), env...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	f := &function{name: filepath.Base(bootstrap), url: "http://" + addr +
		"/2015-03-31/functions/function/invocations", out: out}
	waitListening(t, addr)
	return f
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	for range 100 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the emulator did not listen on %s", addr)
}

// invoke sends an API Gateway v2 event from testdata, with ADMIN_KEY
// replaced by the admin key, and each of the old, new pairs in repl.
func (f *function) invoke(t *testing.T, event string, repl ...string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", event))
	if err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer(append([]string{"ADMIN_KEY", rieAdminKey}, repl...)...)
	res, err := http.Post(f.url, "application/json", strings.NewReader(r.Replace(string(b))))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var out events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("%s: %v in %s\nlog:\n%s", f.name, err, body, f.out.String())
	}
	return out
}

var initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

func TestAPIFunctionsUnderRIE(t *testing.T) {
	rie := os.Getenv("HERALD_TEST_RIE")
	endpoint := os.Getenv("HERALD_TEST_DYNAMODB_ENDPOINT")
	if rie == "" || endpoint == "" {
		t.Skip("the Runtime Interface Emulator or DynamoDB Local is not set up: use make test")
	}
	table := herald.NewID("rie-test")
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	if err := dynamo.New(db, table).CreateTable(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.DeleteTable(context.WithoutCancel(t.Context()), &dynamodb.DeleteTableInput{TableName: &table})
	})
	dir := t.TempDir()
	buildAll(t, dir)
	mailbox := newMailbox(t)
	env := []string{
		"HERALD_TABLE=" + table, "HERALD_PAGE_NAME=Example Status",
		"HERALD_PUBLIC_URL=https://status.example.com", "HERALD_EMAIL_FROM=status@example.com",
		"HERALD_ADMIN_KEY_SECRET=arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf",
		"HERALD_LINK_KEY_SECRET=arn:aws:secretsmanager:us-east-1:123456789012:secret:links-GhIjKl",
		"AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_ENDPOINT_URL_SECRETS_MANAGER=" + secretsStandIn(t),
		"AWS_ENDPOINT_URL_SESV2=" + mailbox.endpoint,
		"AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"AWS_LAMBDA_LOG_FORMAT=JSON",
	}
	incidents := runUnderRIE(t, rie, filepath.Join(dir, "incidents"), env)
	subs := runUnderRIE(t, rie, filepath.Join(dir, "subscriptions"), env)
	status := runUnderRIE(t, rie, filepath.Join(dir, "status"), env)

	t.Run("IncidentCreated", func(t *testing.T) {
		res := incidents.invoke(t, "incident-create.json")
		if res.StatusCode != http.StatusCreated || !strings.Contains(res.Body, `"id":"INC-0001"`) {
			t.Errorf("status %d body %s\nlog:\n%s", res.StatusCode, res.Body, incidents.out.String())
		}
	})
	t.Run("StatusRead", func(t *testing.T) {
		res := status.invoke(t, "status-read.json")
		var doc struct {
			Page   struct{ Name string }
			Status struct{ Indicator string }
		}
		json.Unmarshal([]byte(res.Body), &doc)
		if res.StatusCode != http.StatusOK || doc.Page.Name != "Example Status" || doc.Status.Indicator != "major" {
			t.Errorf("status %d body %s\nlog:\n%s", res.StatusCode, res.Body, status.out.String())
		}
	})
	t.Run("BadKey", func(t *testing.T) {
		res := subs.invoke(t, "subscribers-bad-key.json")
		if res.StatusCode != http.StatusUnauthorized || res.Headers["Content-Type"] != "application/problem+json" {
			t.Errorf("status %d headers %v body %s", res.StatusCode, res.Headers, res.Body)
		}
	})
	addr := table + "@example.com" // unique to the run, as the SES stand-in may be shared
	t.Run("SignUp", func(t *testing.T) {
		res := subs.invoke(t, "subscription-signup.json", "ADDRESS", addr)
		if res.StatusCode != http.StatusAccepted {
			t.Fatalf("status %d body %s\nlog:\n%s", res.StatusCode, res.Body, subs.out.String())
		}
		subject, text := mailbox.message(t, addr)
		if subject != "Confirm your subscription to Example Status" {
			t.Errorf("subject = %q", subject)
		}
		link := "https://status.example.com" + signedlink.ConfirmPath + "?token="
		if !strings.Contains(text, link) {
			t.Errorf("the confirmation lacks a link to %s:\n%s", link, text)
		}
	})
	for _, f := range []*function{incidents, subs, status} {
		if m := initReport.FindStringSubmatch(f.out.String()); m != nil {
			t.Logf("%s: init %s ms under the emulator", f.name, m[1])
		} else {
			t.Errorf("%s: no INIT REPORT in the emulator's log:\n%s", f.name, f.out.String())
		}
		if strings.Contains(f.out.String(), rieAdminKey) {
			t.Errorf("%s logged the admin key", f.name)
		}
		if strings.Contains(f.out.String(), addr) {
			t.Errorf("%s logged a subscriber's address", f.name)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the emulator's two writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
