package mail_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	heraldmail "github.com/herald-status/herald/internal/mail"
)

const incidentURL = "https://status.example.com/incidents/INC-0042.html"

func TestSMSText(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		n := notification()
		n.Incident.Title = "Database “latency” — EU"
		got := heraldmail.SMSText(n)
		want := "Acme Status [INC-0042] Investigating: Database \"latency\" - EU - " +
			"Queries are slow. We are looking into it. " + incidentURL
		if got != want {
			t.Errorf("SMSText =\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("LongGSM", func(t *testing.T) {
		n := notification()
		n.Update.Message = strings.Repeat("Replicas are catching up {slowly}. ", 20)
		got := heraldmail.SMSText(n)
		if septets(got) > heraldmail.MaxSMSGSM {
			t.Errorf("%d septets, want at most %d: %q", septets(got), heraldmail.MaxSMSGSM, got)
		}
		if septets(got) < heraldmail.MaxSMSGSM-2 {
			t.Errorf("%d septets: cut more than needed", septets(got))
		}
		if !strings.HasPrefix(got, "Acme Status [INC-0042] Investigating: Database latency") ||
			!strings.HasSuffix(got, "... "+incidentURL) {
			t.Errorf("lost the tracking id or link: %q", got)
		}
	})
	t.Run("LongUnicode", func(t *testing.T) {
		n := notification()
		n.Incident.Title = "Задержка базы данных"
		n.Update.Message = strings.Repeat("Реплики догоняют. ", 20)
		got := heraldmail.SMSText(n)
		if units := utf8.RuneCountInString(got); units > heraldmail.MaxSMSUCS2 {
			t.Errorf("%d UTF-16 units, want at most %d: %q", units, heraldmail.MaxSMSUCS2, got)
		}
		if !strings.Contains(got, "[INC-0042]") || !strings.HasSuffix(got, "… "+incidentURL) {
			t.Errorf("lost the tracking id or link: %q", got)
		}
	})
	t.Run("OneLine", func(t *testing.T) {
		n := notification()
		n.Incident.Title = "A\r\nB\tC"
		if got := heraldmail.SMSText(n); strings.ContainsAny(got, "\r\n\t") {
			t.Errorf("SMSText kept control characters: %q", got)
		}
	})
}

// septets counts GSM-7 septets, two for each character of the extension
// table used in the tests.
func septets(s string) int {
	return utf8.RuneCountInString(s) + strings.Count(s, "{") + strings.Count(s, "}")
}
