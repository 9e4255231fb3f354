package alerts_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/herald"
)

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseAlertmanager(t *testing.T) {
	t.Run("Firing", func(t *testing.T) {
		as, err := alerts.ParseAlertmanager(mustRead(t, "alertmanager-firing.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 {
			t.Fatalf("got %d alerts, want 1", len(as))
		}
		a := as[0]
		want := herald.Alert{
			Group:       `{}/{severity=~"critical|warning"}:{alertname="APIHighLatency"}`,
			Fingerprint: "5a8b3c1d9e2f4a70",
			State:       herald.Firing,
			Component:   "API",
			Severity:    "critical",
			Summary:     "API requests are slow",
			Description: "p99 latency of the public API has been above 2s for 5 minutes.",
			StartsAt:    time.Date(2026, 12, 3, 9, 58, 0, 0, time.UTC),
		}
		if !a.StartsAt.Equal(want.StartsAt) {
			t.Errorf("StartsAt = %v, want %v", a.StartsAt, want.StartsAt)
		}
		a.StartsAt = want.StartsAt
		a.Labels = nil
		if !reflect.DeepEqual(a, want) {
			t.Errorf("alert =\n%+v\nwant\n%+v", a, want)
		}
	})
	t.Run("Resolved", func(t *testing.T) {
		as, err := alerts.ParseAlertmanager(mustRead(t, "alertmanager-resolved.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].State != herald.Recovered || as[0].Fingerprint != "5a8b3c1d9e2f4a70" {
			t.Errorf("got %+v, want one resolved alert with the firing one's fingerprint", as)
		}
	})
	t.Run("MixedGroup", func(t *testing.T) {
		as, err := alerts.ParseAlertmanager(mustRead(t, "alertmanager-two-alerts.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || as[0].State != herald.Firing || as[1].State != herald.Recovered {
			t.Fatalf("got %+v, want firing then resolved", as)
		}
		if as[0].Group != as[1].Group || as[0].Fingerprint == as[1].Fingerprint {
			t.Errorf("alerts should share a group and differ in fingerprint: %+v", as)
		}
	})
	t.Run("FingerprintFromLabels", func(t *testing.T) {
		body := `{"groupKey":"g","alerts":[{"status":"firing","labels":{"b":"2","a":"1"}},` +
			`{"status":"firing","labels":{"a":"1","b":"2"}},{"status":"firing","labels":{"a":"2"}}]}`
		as, err := alerts.ParseAlertmanager([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if as[0].Fingerprint == "" || as[0].Fingerprint != as[1].Fingerprint || as[0].Fingerprint == as[2].Fingerprint {
			t.Errorf("fingerprints %q %q %q: want equal labels to match, others to differ",
				as[0].Fingerprint, as[1].Fingerprint, as[2].Fingerprint)
		}
		if as[0].Summary != "" {
			t.Errorf("Summary = %q, want empty without annotations or alertname", as[0].Summary)
		}
	})
}

func TestParseAlertmanagerErrors(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"NotJSON", `{"groupKey":`, ""},
		{"NoGroupKey", `{"alerts":[{"status":"firing"}]}`, "groupKey"},
		{"NoAlerts", `{"groupKey":"g","alerts":[]}`, "alerts"},
		{"BadStatus", `{"groupKey":"g","alerts":[{"status":"exploding"}]}`, "alerts[0].status"},
		{"WrongType", `{"groupKey":"g","alerts":"many"}`, "alerts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := alerts.ParseAlertmanager([]byte(tt.body))
			if code := herald.ErrorCode(err); code != herald.EINVALID {
				t.Fatalf("code = %q (%v), want %q", code, err, herald.EINVALID)
			}
			if f := herald.ErrorField(err); f != tt.field {
				t.Errorf("field = %q, want %q", f, tt.field)
			}
		})
	}
}

func TestParseGeneric(t *testing.T) {
	t.Run("Single", func(t *testing.T) {
		as, err := alerts.ParseGeneric(mustRead(t, "generic-firing.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 {
			t.Fatalf("got %d alerts, want 1", len(as))
		}
		a := as[0]
		if a.Group != "checkout-errors" || a.Fingerprint != "checkout-errors" || a.State != herald.Firing ||
			a.Component != "website" || a.Severity != "major" || a.Summary != "Checkout fails for some users" {
			t.Errorf("got %+v", a)
		}
	})
	t.Run("List", func(t *testing.T) {
		as, err := alerts.ParseGeneric(mustRead(t, "generic-resolved.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].State != herald.Recovered || as[0].Summary != "checkout-errors" {
			t.Errorf("got %+v", as)
		}
	})
	t.Run("ErrMissingID", func(t *testing.T) {
		_, err := alerts.ParseGeneric([]byte(`{"alerts":[{"status":"firing"}]}`))
		if herald.ErrorField(err) != "alerts[0].id" {
			t.Errorf("err = %v, want a field error on alerts[0].id", err)
		}
	})
	t.Run("ErrMissingStatus", func(t *testing.T) {
		_, err := alerts.ParseGeneric([]byte(`{"id":"x"}`))
		if herald.ErrorField(err) != "status" {
			t.Errorf("err = %v, want a field error on status", err)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := alerts.ParseGeneric([]byte(`{"alerts":[]}`))
		if herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
}

func FuzzParseAlertmanager(f *testing.F) {
	for _, name := range []string{"alertmanager-firing.json", "alertmanager-resolved.json",
		"alertmanager-two-alerts.json"} {
		f.Add(mustRead(f, name))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		as, err := alerts.ParseAlertmanager(body)
		if err != nil {
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Fatalf("error code %q, want %q", herald.ErrorCode(err), herald.EINVALID)
			}
			return
		}
		for _, a := range as {
			if a.Group == "" || a.Fingerprint == "" || (a.State != herald.Firing && a.State != herald.Recovered) {
				t.Fatalf("parsed an incomplete alert %+v", a)
			}
		}
	})
}

func FuzzParseGeneric(f *testing.F) {
	f.Add(mustRead(f, "generic-firing.json"))
	f.Add(mustRead(f, "generic-resolved.json"))
	f.Fuzz(func(t *testing.T, body []byte) {
		as, err := alerts.ParseGeneric(body)
		if err != nil {
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Fatalf("error code %q, want %q", herald.ErrorCode(err), herald.EINVALID)
			}
			return
		}
		for _, a := range as {
			if a.Group == "" || a.Fingerprint == "" || a.Summary == "" {
				t.Fatalf("parsed an incomplete alert %+v", a)
			}
		}
	})
}
