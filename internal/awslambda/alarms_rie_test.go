package awslambda_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
)

// invokeRaw sends an event from testdata as it is and returns what the
// function answered: "null" for success, Lambda's error object otherwise.
func (f *function) invokeRaw(t *testing.T, event string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", event))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(f.url, "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return strings.TrimSpace(string(body))
}

// TestAlarmsFunctionUnderRIE runs the built alarms function as Lambda runs
// it, against DynamoDB Local and SES: a CloudWatch alarm delivered by SNS
// opens a draft and mails it for review, a schedule tick settles, the
// alarm's OK resolves the incident; and with no integration configured,
// a delivery fails so that Lambda tries it again.
func TestAlarmsFunctionUnderRIE(t *testing.T) {
	rie := os.Getenv("HERALD_TEST_RIE")
	endpoint := os.Getenv("HERALD_TEST_DYNAMODB_ENDPOINT")
	if rie == "" || endpoint == "" {
		t.Skip("the Runtime Interface Emulator or DynamoDB Local is not set up: use make test")
	}
	table := herald.NewID("rie-alarms")
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	store := dynamo.New(db, table)
	if err := store.CreateTable(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.DeleteTable(context.WithoutCancel(t.Context()), &dynamodb.DeleteTableInput{TableName: &table})
	})
	in := &herald.Integration{Source: herald.SourceCloudWatch, Name: "Alarms"}
	if _, err := herald.NewService(store).CreateIntegration(t.Context(), in); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", dir+"/", "../../functions/alarms")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	mailbox := newMailbox(t)
	review := table + "-review@example.com" // unique to the run
	env := []string{
		"HERALD_TABLE=" + table, "HERALD_PAGE_NAME=Example Status",
		"HERALD_PUBLIC_URL=https://status.example.com", "HERALD_EMAIL_FROM=status@example.com",
		"HERALD_REVIEW_EMAIL=" + review,
		"AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_ENDPOINT_URL_SESV2=" + mailbox.endpoint,
		"AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"AWS_LAMBDA_LOG_FORMAT=JSON",
	}
	bootstrap := filepath.Join(dir, "alarms")
	alarms := runUnderRIE(t, rie, bootstrap, append(env, "HERALD_CLOUDWATCH_INTEGRATION="+in.ID))
	unset := runUnderRIE(t, rie, bootstrap, env)

	if got := alarms.invokeRaw(t, "sns-alarm.json"); got != "null" {
		t.Fatalf("SNS delivery answered %s\nlog:\n%s", got, alarms.out)
	}
	subject, text := mailbox.message(t, review)
	if subject != "[Draft to review] INC-0001 orders-api-5xx" ||
		!strings.Contains(text, "PATCH https://status.example.com/v1/incidents/INC-0001") {
		t.Errorf("review mail %q:\n%s", subject, text)
	}
	if got := alarms.invokeRaw(t, "schedule.json"); got != "null" {
		t.Errorf("schedule tick answered %s\nlog:\n%s", got, alarms.out)
	}
	if got := alarms.invokeRaw(t, "sns-ok.json"); got != "null" {
		t.Errorf("SNS delivery of OK answered %s\nlog:\n%s", got, alarms.out)
	}
	inc, err := store.Incident(t.Context(), "INC-0001")
	if err != nil || inc.Status != herald.Resolved || !inc.Draft {
		t.Errorf("INC-0001 = %+v, %v; want the draft resolved", inc, err)
	}

	got := unset.invokeRaw(t, "sns-alarm.json")
	if !strings.Contains(got, `"errorMessage"`) || !strings.Contains(got, "HERALD_CLOUDWATCH_INTEGRATION") {
		t.Errorf("with no integration, SNS delivery answered %s", got)
	}

	for _, f := range []*function{alarms, unset} {
		if strings.Contains(f.out.String(), review) {
			t.Errorf("%s logged the review address", f.name)
		}
	}
	for _, want := range []string{`"message":"alarms: SNS delivery"`,
		`"message":"alarms: settled alert groups"`} {
		if !strings.Contains(alarms.out.String(), want) {
			t.Errorf("the function's log lacks %s:\n%s", want, alarms.out)
		}
	}
}
