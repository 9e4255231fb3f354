package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	heraldmail "github.com/herald-status/herald/internal/mail"
)

func review() *herald.Review {
	at := time.Date(2026, 11, 20, 7, 12, 0, 0, time.UTC)
	return &herald.Review{
		Incident: herald.Incident{ID: "INC-0007", Title: "Orders <b>API</b> down", Draft: true,
			Impact: herald.ImpactCritical, StartedAt: at, CreatedAt: at,
			Components: []herald.AffectedComponent{{ID: "api", Status: herald.MajorOutage}}},
		Integration: herald.Integration{Name: "CloudWatch alarms", Source: herald.SourceCloudWatch},
		Components:  []herald.Component{{ID: "api", Name: "Orders API"}},
		Original: "Original alert from CloudWatch alarms (cloudwatch):\n\n[firing] orders-api-5xx\n" +
			"<script>alert(1)</script>\nLabels: ApiName=orders",
	}
}

func TestComposeReview(t *testing.T) {
	page := herald.Page{Name: "Acme Status", URL: "https://status.example.com"}
	msg, err := heraldmail.ComposeReview(review(), page, from, "oncall@example.com",
		"https://api.example.com")
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, msg)
	if p.subject != "[Draft to review] INC-0007 Orders <b>API</b> down" ||
		p.header.Get("To") != "<oncall@example.com>" || p.header.Get("List-Unsubscribe") != "" ||
		p.header.Get("Message-Id") != "<review.INC-0007@example.com>" {
		t.Errorf("headers %v", p.header)
	}
	text, html := p.text, p.html
	for _, want := range []string{"Orders API (Major outage)", "Impact: Critical",
		"<script>alert(1)</script>", "POST https://api.example.com/v1/incidents/INC-0007/publish",
		"CloudWatch alarms (cloudwatch)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text part lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "<b>API</b>") ||
		!strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the HTML part does not escape the tool's text:\n%s", html)
	}

	t.Run("ErrAddress", func(t *testing.T) {
		_, err := heraldmail.ComposeReview(review(), page, from, "not an address", "https://api.example.com")
		if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
			t.Errorf("err = %v", err)
		}
	})
}
