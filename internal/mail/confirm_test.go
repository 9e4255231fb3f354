package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	heraldmail "github.com/herald-status/herald/internal/mail"
)

const confirmURL = "https://status.example.com/v1/subscriptions/confirm?token=c3Vi.1772400000.bWFj"

func confirmation() *herald.Confirmation {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return &herald.Confirmation{
		ID:   "cnf_abc",
		Page: herald.Page{Name: "Acme <b>Status</b>\r\nBcc: x@example.com", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: "sub_1", Type: herald.Email, Address: "ops@example.com",
			Components: []string{"api", "web"}},
		ExpiresAt: at.Add(72 * time.Hour), CreatedAt: at,
	}
}

func TestComposeConfirmation(t *testing.T) {
	raw, err := heraldmail.ComposeConfirmation(confirmation(), from, confirmURL)
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, raw)
	if p.subject != "Confirm your subscription to Acme <b>Status</b> Bcc: x@example.com" {
		t.Errorf("Subject = %q", p.subject)
	}
	if p.header.Get("Bcc") != "" || p.header.Get("To") != "<ops@example.com>" ||
		p.header.Get("Message-ID") != "<cnf_abc@example.com>" {
		t.Errorf("headers %v", p.header)
	}
	if p.header.Get("List-Unsubscribe") != "" {
		t.Error("a confirmation carries List-Unsubscribe; its reader is on no list yet")
	}
	text, html := p.text, p.html
	if !strings.Contains(text, confirmURL) || !strings.Contains(text, "2 components") ||
		!strings.Contains(text, "Wed 4 Mar 2026, 12:00 UTC") {
		t.Errorf("text part:\n%s", text)
	}
	if !strings.Contains(html, `href="`+strings.ReplaceAll(confirmURL, "&", "&amp;")+`"`) {
		t.Errorf("html part lacks the link:\n%s", html)
	}
	if strings.Contains(html, "<b>Status</b>") || !strings.Contains(html, "&lt;b&gt;Status") {
		t.Errorf("html part does not escape the page name:\n%s", html)
	}
}

func TestComposeConfirmationErrors(t *testing.T) {
	for name, edit := range map[string]func(c *herald.Confirmation) (string, string){
		"bad to":     func(c *herald.Confirmation) (string, string) { c.Subscriber.Address = "x"; return from, confirmURL },
		"bad from":   func(c *herald.Confirmation) (string, string) { return "nobody", confirmURL },
		"bad id":     func(c *herald.Confirmation) (string, string) { c.ID = "../x"; return from, confirmURL },
		"bad link":   func(c *herald.Confirmation) (string, string) { return from, "javascript:alert(1)" },
		"link break": func(c *herald.Confirmation) (string, string) { return from, confirmURL + "\r\nBcc: y" },
	} {
		c := confirmation()
		f, link := edit(c)
		if _, err := heraldmail.ComposeConfirmation(c, f, link); herald.ErrorCode(err) != herald.EUNPROCESSABLE {
			t.Errorf("%s: error %v, want EUNPROCESSABLE", name, err)
		}
	}
}

func TestConfirmationSMS(t *testing.T) {
	c := confirmation()
	c.Page.Name = "Acme Status"
	c.Code = "042917"
	got := heraldmail.ConfirmationSMS(c, confirmURL)
	want := "Acme Status: your code is 042917. Or confirm at " + confirmURL + " - not you? Ignore this."
	if got != want {
		t.Errorf("SMS = %q\nwant %q", got, want)
	}
	if len(got) > heraldmail.MaxSMSGSM {
		t.Errorf("SMS is %d characters, over two segments", len(got))
	}
}
