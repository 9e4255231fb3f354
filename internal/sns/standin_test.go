package sns_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
)

// standIn answers SNS's Query protocol as SNS does for Publish, the one
// action no SNS emulator offers for phone numbers, and keeps every SMS
// it accepts. Told to, it answers with an error instead.
type standIn struct {
	*httptest.Server

	mu      sync.Mutex
	sent    []published
	calls   int
	errCode string // when set, every call fails with this code
	errHTTP int
	errText string
}

// published is one SMS the stand-in accepted.
type published struct {
	PhoneNumber string
	Message     string
	Attributes  map[string]string // name to string value
	DataTypes   map[string]string // name to data type
}

func newStandIn(tb testing.TB) *standIn {
	tb.Helper()
	s := &standIn{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// fail makes every later call fail with code, as SNS does, with a message
// that names the phone number as SNS's often do.
func (s *standIn) fail(status int, code, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errHTTP, s.errCode, s.errText = status, code, text
}

func (s *standIn) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("X-Amzn-Requestid", fmt.Sprintf("req-%04d", s.calls)) // as SNS sends it
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost ||
		r.PostForm.Get("Action") != "Publish" || r.PostForm.Get("Version") != "2010-03-31" {
		writeError(w, http.StatusBadRequest, "InvalidAction", "not a Publish call")
		return
	}
	if s.errCode != "" {
		writeError(w, s.errHTTP, s.errCode, s.errText)
		return
	}
	p := published{
		PhoneNumber: r.PostForm.Get("PhoneNumber"),
		Message:     r.PostForm.Get("Message"),
		Attributes:  map[string]string{},
		DataTypes:   map[string]string{},
	}
	for i := 1; ; i++ {
		prefix := fmt.Sprintf("MessageAttributes.entry.%d.", i)
		name := r.PostForm.Get(prefix + "Name")
		if name == "" {
			break
		}
		p.Attributes[name] = r.PostForm.Get(prefix + "Value.StringValue")
		p.DataTypes[name] = r.PostForm.Get(prefix + "Value.DataType")
	}
	s.sent = append(s.sent, p)
	fmt.Fprintf(w, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">`+
		`<PublishResult><MessageId>msg-%04d</MessageId></PublishResult>`+
		`<ResponseMetadata><RequestId>req-%04d</RequestId></ResponseMetadata>`+
		`</PublishResponse>`, len(s.sent), s.calls)
}

func writeError(w http.ResponseWriter, status int, code, text string) {
	w.WriteHeader(status)
	var msg strings.Builder
	xml.EscapeText(&msg, []byte(text))
	fmt.Fprintf(w, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">`+
		`<Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>`+
		`<RequestId>%s</RequestId></ErrorResponse>`, code, msg.String(),
		w.Header().Get("X-Amzn-Requestid"))
}

// published returns what the stand-in accepted, and how many calls came.
func (s *standIn) published() ([]published, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]published(nil), s.sent...), s.calls
}

// client returns an SNS client for the stand-in that tries each call once.
func (s *standIn) client() *awssns.Client {
	return awssns.New(awssns.Options{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint:     aws.String(s.URL),
		RetryMaxAttempts: 1,
	})
}
