package mail_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	heraldmail "github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
)

const from = "Acme Status <status@example.com>"

var links = signedlink.Links{
	Unsubscribe: "https://api.example.com/v1/subscriptions/unsubscribe?token=abc.1.def",
	Manage:      "https://api.example.com/v1/subscriptions/manage?token=abc.1.ghi",
}

// notification returns a published incident update for ops@example.com.
func notification() *herald.Notification {
	at := time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)
	eta := at.Add(2 * time.Hour)
	next := at.Add(30 * time.Minute)
	return &herald.Notification{
		ID:         "upd_1.sub_1.email",
		Page:       herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: "sub_1", Type: herald.Email, Address: "ops@example.com"},
		Incident: herald.Incident{
			ID: "INC-0042", Title: "Database latency", Status: herald.Investigating,
			Impact: herald.ImpactMajor, ETA: &eta, NextUpdateAt: &next,
			Components: []herald.AffectedComponent{
				{ID: "api", Status: herald.PartialOutage},
				{ID: "web", Status: herald.DegradedPerformance},
			},
		},
		Update: herald.Update{
			ID: "upd_1", Kind: herald.KindCreated, Status: herald.Investigating,
			Message: "Queries are slow.\nWe are looking into it.", CreatedAt: at,
		},
		Components: []herald.Component{{ID: "api", Name: "API"}, {ID: "web", Name: "Website"}},
		CreatedAt:  at,
	}
}

// parsed is a composed message read back with the standard library.
type parsed struct {
	header      mail.Header
	subject     string
	text, html  string
	textType    string
	htmlType    string
	partsParsed int
}

func mustParse(t *testing.T, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, raw)
	}
	p := parsed{header: msg.Header}
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	typ, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || typ != "multipart/alternative" {
		t.Fatalf("Content-Type = %q, %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var order []string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("NextPart: %v", err)
		}
		body, err := io.ReadAll(part) // the reader undoes quoted-printable
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		ct := part.Header.Get("Content-Type")
		typ, _, _ := mime.ParseMediaType(ct)
		order = append(order, typ)
		switch {
		case strings.HasPrefix(ct, "text/plain"):
			p.text, p.textType = string(body), ct
		case strings.HasPrefix(ct, "text/html"):
			p.html, p.htmlType = string(body), ct
		}
		p.partsParsed++
	}
	// A client shows the last part it can, so plain text must come first.
	if strings.Join(order, ",") != "text/plain,text/html" {
		t.Errorf("parts %v, want text then HTML", order)
	}
	return p
}

func TestCompose(t *testing.T) {
	raw, err := heraldmail.Compose(notification(), from, links)
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, raw)

	for name, want := range map[string]string{
		"From":                  `"Acme Status" <status@example.com>`,
		"To":                    "<ops@example.com>",
		"Message-ID":            "<upd_1.sub_1.email@example.com>",
		"MIME-Version":          "1.0",
		"List-Unsubscribe":      "<" + links.Unsubscribe + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Auto-Submitted":        "auto-generated",
	} {
		if got := p.header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if p.subject != "[INC-0042] Database latency — Investigating" {
		t.Errorf("Subject = %q", p.subject)
	}
	if d, err := p.header.Date(); err != nil || !d.Equal(notification().CreatedAt) {
		t.Errorf("Date = %v, %v", d, err)
	}
	if p.partsParsed != 2 || p.textType != "text/plain; charset=utf-8" ||
		p.htmlType != "text/html; charset=utf-8" {
		t.Fatalf("parts: %d, text %q, html %q", p.partsParsed, p.textType, p.htmlType)
	}

	for _, want := range []string{
		"Database latency", "INC-0042", "Investigating", "Major impact",
		"Queries are slow.\r\nWe are looking into it.", // the text part has CRLF lines
		"API: Partial outage", "Website: Degraded performance",
		"Expected restoration: Sat 1 Mar 2025, 14:30 UTC",
		"Next update by: Sat 1 Mar 2025, 13:00 UTC",
		"https://status.example.com/incidents/INC-0042.html",
		"Unsubscribe: " + links.Unsubscribe, links.Manage,
	} {
		if !strings.Contains(p.text, want) {
			t.Errorf("text part lacks %q:\n%s", want, p.text)
		}
	}
	for _, want := range []string{
		"<h1", ">Database latency</h1>", "<li>API: Partial outage</li>",
		`href="https://status.example.com/incidents/INC-0042.html"`,
		`href="https://api.example.com/v1/subscriptions/unsubscribe?token=abc.1.def"`,
		"Sat 1 Mar 2025, 14:30 UTC",
	} {
		if !strings.Contains(p.html, want) {
			t.Errorf("HTML part lacks %q:\n%s", want, p.html)
		}
	}
}

func TestComposeHostileTitle(t *testing.T) {
	n := notification()
	n.Incident.Title = "Down\r\nBcc: victim@example.com\r\n\r\n<script>alert(1)</script>"
	n.Update.Message = `<img src=x onerror="alert(2)"> & more`
	n.Components[0].Name = "<b>API</b>"
	raw, err := heraldmail.Compose(n, from, links)
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, raw)

	if len(p.header["Bcc"]) != 0 {
		t.Fatalf("title injected a Bcc header: %q", p.header["Bcc"])
	}
	if strings.ContainsAny(p.subject, "\r\n") ||
		p.subject != "[INC-0042] Down Bcc: victim@example.com <script>alert(1)</script>"+
			" — Investigating" {
		t.Errorf("Subject = %q", p.subject)
	}
	for _, bad := range []string{"<script", "<img", "<b>API"} {
		if strings.Contains(p.html, bad) {
			t.Errorf("HTML part contains %q unescaped:\n%s", bad, p.html)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x",
		"&amp; more", "&lt;b&gt;API&lt;/b&gt;"} {
		if !strings.Contains(p.html, want) {
			t.Errorf("HTML part lacks escaped %q", want)
		}
	}
	if !strings.Contains(p.text, `<img src=x onerror="alert(2)"> & more`) {
		t.Errorf("text part altered the message:\n%s", p.text)
	}
}

func TestComposeLongUnicodeSubject(t *testing.T) {
	n := notification()
	n.Incident.Title = strings.Repeat("データベースの遅延", 22) // 198 runes
	raw, err := heraldmail.Compose(n, from, links)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if len(line) > 998 || (len(line) > 78 && strings.Contains(strings.TrimSpace(line), " ")) {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
	}
	if p := mustParse(t, raw); p.subject != "[INC-0042] "+n.Incident.Title+" — Investigating" {
		t.Errorf("Subject decoded to %q", p.subject)
	}
}

func TestComposeErrors(t *testing.T) {
	type input struct {
		n     *herald.Notification
		from  string
		links signedlink.Links
	}
	tests := map[string]func(in *input){
		"ErrFrom":          func(in *input) { in.from = "nobody" },
		"ErrTo":            func(in *input) { in.n.Subscriber.Address = "x\r\nBcc: y@example.com" },
		"ErrNamedTo":       func(in *input) { in.n.Subscriber.Address = "Eve <eve@example.com>" },
		"ErrID":            func(in *input) { in.n.ID = "a>b" },
		"ErrNoUnsubscribe": func(in *input) { in.links.Unsubscribe = "" },
		"ErrLinkScheme":    func(in *input) { in.links.Unsubscribe = "javascript:alert(1)" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			in := &input{n: notification(), from: from, links: links}
			mutate(in)
			raw, err := heraldmail.Compose(in.n, in.from, in.links)
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
				t.Fatalf("Compose = %d bytes, %v; want EUNPROCESSABLE", len(raw), err)
			}
		})
	}
}
