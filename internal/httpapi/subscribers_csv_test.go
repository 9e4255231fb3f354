package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// postCSV posts a CSV file to the import endpoint with the admin key.
func (e *env) postCSV(t *testing.T, file string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", "/v1/subscribers/import", strings.NewReader(file))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+e.key)
	return mustServe(t, e.h, req)
}

type importResult struct {
	Imported, Existing, Skipped int
	Errors                      []struct {
		Line           int
		Field, Message string
	}
}

func TestImportCSV(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	e.mustCreateComponent(t, "web", "Web")
	file := "\ufefftype;address;components;consented\r\n" +
		"email;ops@example.com;\"api,web\";yes\r\n" +
		"\r\n" +
		"email;\"Dev;Team@example.com\";;\r\n" + // a quoted semicolon: not an address
		"sms;+15550100;web;true\r\n" +
		";;;\r\n" +
		"email;OPS@example.com;;yes\r\n" + // the first row again
		"email;new@example.com;;\r\n" +
		"webhook;https://hooks.example.com/a;api;1\r\n"
	rec := e.postCSV(t, file)
	mustStatus(t, rec, http.StatusOK)
	res := decodeAs[importResult](t, rec)
	if res.Imported != 4 || res.Existing != 0 || len(res.Errors) != 2 {
		t.Fatalf("import = %+v", res)
	}
	if res.Errors[0].Line != 4 || res.Errors[0].Field != "address" ||
		res.Errors[1].Line != 7 || !strings.Contains(res.Errors[1].Message, "line 2") {
		t.Errorf("errors %+v", res.Errors)
	}
	if c := e.stored(t, herald.Email, "ops@example.com"); c.State != herald.Active ||
		len(c.Components) != 2 {
		t.Errorf("the consented row: %+v", c)
	}
	if st := e.stored(t, herald.Email, "new@example.com").State; st != herald.Pending ||
		len(e.sent.all()) != 1 {
		t.Errorf("the row without consent is %s, %d confirmations", st, len(e.sent.all()))
	}

	// The same file again adds nothing and sends nothing.
	rec = e.postCSV(t, file)
	mustStatus(t, rec, http.StatusOK)
	again := decodeAs[importResult](t, rec)
	if again.Imported != 0 || again.Existing != 4 || len(again.Errors) != 2 ||
		len(e.sent.all()) != 1 {
		t.Errorf("second import = %+v, %d sent", again, len(e.sent.all()))
	}
	counts := decodeAs[herald.SubscriberCounts](t, e.do(t, "GET", "/v1/subscribers/counts", nil))
	if counts.Total != 4 || counts.ByState[herald.Active] != 3 || counts.ByType[herald.SMS] != 1 {
		t.Errorf("counts %+v", counts)
	}
}

func TestImportCSVErrors(t *testing.T) {
	e := newEnv(t)
	mustProblem(t, e.postCSV(t, "address,components\nops@example.com,\n"),
		http.StatusBadRequest, "")
	mustProblem(t, e.postCSV(t, ""), http.StatusBadRequest, "")
	mustProblem(t, e.postCSV(t, "type,address\nemail,\"ops@example.com\n"),
		http.StatusBadRequest, "")
	req := httptest.NewRequest("POST", "/v1/subscribers/import", strings.NewReader("type,address\n"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.key)
	mustProblem(t, mustServe(t, e.h, req), http.StatusUnsupportedMediaType, "")
	if l := e.subscribers(t, ""); len(l.Items) != 0 {
		t.Errorf("a refused file stored %+v", l.Items)
	}
}

func TestExportCSV(t *testing.T) {
	e := newEnv(t)
	var rows strings.Builder
	rows.WriteString("type,address,consented\n")
	for i := range 1200 { // more than two pages of the export
		fmt.Fprintf(&rows, "email,r%04d@example.com,yes\n", i)
	}
	rows.WriteString("sms,+15550177,no\nemail,=cmd@example.com,yes\n")
	mustStatus(t, e.postCSV(t, rows.String()), http.StatusOK)

	rec := e.do(t, "GET", "/v1/subscribers/export", nil)
	mustStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("headers %v", rec.Header())
	}
	body := rec.Body.String()
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) != 1203 || !strings.HasPrefix(lines[0], "type,address,components,consented") {
		t.Fatalf("%d lines; first %q", len(lines), lines[0])
	}
	for _, want := range []string{"\nsms,'+15550177,,false,pending,", "\nemail,'=cmd@example.com,,true,active,"} {
		if !strings.Contains(body, want) {
			t.Errorf("export lacks %q", want)
		}
	}

	// An export imported again finds everything there already.
	res := decodeAs[importResult](t, e.postCSV(t, body))
	if res.Imported != 0 || res.Existing != 1202 || len(res.Errors) != 0 {
		t.Errorf("re-importing the export: %+v", res)
	}
	pending := e.do(t, "GET", "/v1/subscribers/export?state=pending&type=sms", nil)
	if n := strings.Count(pending.Body.String(), "\n"); n != 2 {
		t.Errorf("filtered export has %d lines:\n%s", n, pending.Body)
	}
	mustProblem(t, e.do(t, "GET", "/v1/subscribers/export?state=gone", nil),
		http.StatusBadRequest, "state")
}

func TestSearchSubscribers(t *testing.T) {
	e := newEnv(t)
	mustStatus(t, e.postCSV(t, "type,address,consented\nemail,a@example.com,yes\n"+
		"email,b@example.org,no\nsms,+15550101,yes\n"), http.StatusOK)
	for query, want := range map[string]int{
		"": 3, "?state=active": 2, "?type=sms": 1, "?q=example.org": 1, "?q=example&state=pending": 1,
		"?q=nobody": 0,
	} {
		if l := e.subscribers(t, query); len(l.Items) != want {
			t.Errorf("GET /v1/subscribers%s: %d items, want %d", query, len(l.Items), want)
		}
	}
	mustProblem(t, e.do(t, "GET", "/v1/subscribers?type=pigeon", nil), http.StatusBadRequest, "type")
	one := e.subscribers(t, "?type=sms").Items[0]
	got := decodeAs[herald.Subscriber](t, e.do(t, "GET", "/v1/subscribers/"+one.ID, nil))
	if got.ID != one.ID || got.Address != "+15550101" {
		t.Errorf("GET one: %+v", got)
	}
	mustProblem(t, e.do(t, "GET", "/v1/subscribers/sub_nope", nil), http.StatusNotFound, "")
}
