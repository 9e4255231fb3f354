package csvio_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/herald-status/herald/internal/csvio"
	"github.com/herald-status/herald/internal/herald"
)

func TestRead(t *testing.T) {
	// A BOM, semicolons, CRLF, a quoted field holding the separator and a
	// quote, blank lines, columns in another order, and an unknown column.
	file := "\ufeffAddress;Type;Components;Consented;Notes\r\n" +
		"ops@example.com;email;\"api;web\";yes;\"said \"\"yes\"\" by phone\"\r\n" +
		"\r\n" +
		";;;;\r\n" +
		"'+15550100;sms;;;\r\n" +
		"https://hooks.example.com/x;webhook;api;0;\r\n" +
		"ops@example.com;pager;;;\r\n" +
		"who@example.com;email;;maybe;\r\n"
	res, err := csvio.Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := &csvio.Result{
		Rows: []herald.ImportRow{
			{Line: 2, Type: herald.Email, Address: "ops@example.com",
				Components: []string{"api", "web"}, Consented: true},
			{Line: 5, Type: herald.SMS, Address: "+15550100"},
			{Line: 6, Type: herald.Webhook, Address: "https://hooks.example.com/x",
				Components: []string{"api"}},
		},
		Errors: []herald.RowError{
			{Line: 7, Field: "type", Message: "type must be one of email, sms, webhook"},
			{Line: 8, Field: "consented",
				Message: "consented must be true or false (or yes, no, 1, 0, empty)"},
		},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("Read differs (-want +got):\n%s", diff)
	}
}

func TestReadCommas(t *testing.T) {
	file := "type,address,components\n" +
		"email,a@example.com,\"api,web\"\n" +
		"email,b@example.com\n" + // a short row: components empty
		"email,c@example.com,api,extra\n"
	res, err := csvio.Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 3 || len(res.Errors) != 0 {
		t.Fatalf("rows %+v, errors %+v", res.Rows, res.Errors)
	}
	if got := res.Rows[0].Components; !cmp.Equal(got, []string{"api", "web"}) {
		t.Errorf("quoted commas: components %q", got)
	}
	if res.Rows[1].Components != nil || res.Rows[2].Line != 4 {
		t.Errorf("rows %+v", res.Rows)
	}
}

func TestReadBadRows(t *testing.T) {
	file := "type,address\n" +
		"email,a\"b@example.com\n" + // a bare quote: this row only
		"email,c@example.com\n" +
		"email,d@example.com,state\n"
	res, err := csvio.Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Line != 2 || len(res.Rows) != 2 {
		t.Fatalf("errors %+v, rows %+v", res.Errors, res.Rows)
	}
}

func TestReadErrors(t *testing.T) {
	for name, file := range map[string]string{
		"empty":      "",
		"bom only":   "\ufeff",
		"no address": "type,components\nemail,api\n",
		"no type":    "address\nops@example.com\n",
		"twice":      "type,address,type\n",
		"open quote": "type,address\nemail,\"ops@example.com\n\nemail,x@example.com\n",
	} {
		res, err := csvio.Read(strings.NewReader(file))
		if herald.ErrorCode(err) != herald.EINVALID || res != nil {
			t.Errorf("%s: Read = %+v, %v; want EINVALID", name, res, err)
		}
	}
}

func TestExportRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	subs := []*herald.Subscriber{
		{ID: "sub_1", Type: herald.Email, Address: "ops@example.com", State: herald.Active,
			Components: []string{"api", "web"}, CreatedAt: at},
		{ID: "sub_2", Type: herald.SMS, Address: "+15550101", State: herald.Pending, CreatedAt: at},
		{ID: "sub_3", Type: herald.Email, Address: "=cmd@example.com", State: herald.Unsubscribed,
			CreatedAt: at},
		{ID: "sub_4", Type: herald.Webhook, Address: "https://hooks.example.com/a",
			State: herald.Active, Format: herald.FormatSlack, CreatedAt: at},
	}
	pages := 0
	var buf bytes.Buffer
	err := csvio.Export(t.Context(), &buf, func(_ context.Context, cursor string) (
		[]*herald.Subscriber, string, error) {
		pages++
		if cursor == "" {
			return subs[:2], "next", nil
		}
		return subs[2:], "", nil
	})
	if err != nil || pages != 2 {
		t.Fatalf("Export = %v after %d pages", err, pages)
	}
	out := buf.String()
	for _, want := range []string{
		"type,address,components,consented,state,format,id,created_at\n",
		"email,ops@example.com,\"api,web\",true,active,,sub_1,2026-03-01T12:00:00Z\n",
		"sms,'+15550101,,false,pending,,sub_2,",
		"email,'=cmd@example.com,,false,unsubscribed,,sub_3,",
		"webhook,https://hooks.example.com/a,,true,active,slack,sub_4,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}

	res, err := csvio.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []herald.ImportRow{
		{Line: 2, Type: herald.Email, Address: "ops@example.com",
			Components: []string{"api", "web"}, Consented: true},
		{Line: 3, Type: herald.SMS, Address: "+15550101"},
		{Line: 5, Type: herald.Webhook, Address: "https://hooks.example.com/a", Consented: true,
			Format: herald.FormatSlack},
	}
	if diff := cmp.Diff(want, res.Rows); diff != "" || res.Skipped != 1 {
		t.Errorf("re-read export: skipped %d; rows differ (-want +got):\n%s", res.Skipped, diff)
	}
}
