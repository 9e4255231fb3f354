package mail

import (
	"strings"
	"unicode/utf8"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

// SMS limits: two concatenated segments hold 2×153 GSM-7 characters, or
// 2×67 UTF-16 code units once any character falls outside GSM-7.
const (
	MaxSMSGSM  = 306
	MaxSMSUCS2 = 134
)

// SMSText returns the text of the SMS about n, such as
// "Acme Status [INC-0042] Investigating: Database latency - We are looking
// into it. https://status.example.com/incidents/INC-0042.html". Typography
// is turned into GSM-7 where it can be, and the title and message are cut,
// with an ellipsis, so that the whole fits two segments; the tracking id
// and the link are always kept whole.
func SMSText(n *herald.Notification) string {
	head := "[" + oneLine(n.Incident.ID) + "] " + Label(string(n.Update.Status)) + ": "
	if name := oneLine(n.Page.Name); name != "" && utf8.RuneCountInString(name) <= 30 {
		head = name + " " + head
	}
	body := oneLine(n.Incident.Title)
	if msg := oneLine(n.Update.Message); msg != "" {
		body += " - " + msg
	}
	tail := " " + statuspage.IncidentURL(n.Page, n.Incident.ID)
	head, body, tail = toGSM(head), toGSM(body), toGSM(tail)

	cost, limit, ellipsis := gsmCost, MaxSMSGSM, "..."
	if !isGSM(head + body + tail) {
		cost, limit, ellipsis = ucs2Cost, MaxSMSUCS2, "…"
	}
	if cost(head+body+tail) <= limit {
		return head + body + tail
	}
	room := limit - cost(head) - cost(tail) - cost(ellipsis)
	return head + cut(body, room, cost) + ellipsis + tail
}

// cut returns the longest prefix of s that costs at most room, without a
// trailing space.
func cut(s string, room int, cost func(string) int) string {
	used := 0
	for i, r := range s {
		used += cost(string(r))
		if used > room {
			return strings.TrimRight(s[:i], " ")
		}
	}
	return s
}

// typography maps common characters outside GSM-7 to ones inside it, so a
// title typed on a Mac does not halve the room of an SMS.
var typography = strings.NewReplacer(
	"\u2014", "-", "\u2013", "-", "\u2010", "-", "\u2011", "-",
	"\u2018", "'", "\u2019", "'", "\u201C", `"`, "\u201D", `"`,
	"\u2026", "...", "\u00A0", " ", "\u2022", "-", "`", "'",
)

func toGSM(s string) string { return typography.Replace(s) }

// The GSM 03.38 default alphabet and its extension table, whose characters
// take two septets.
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtended = "^{}\\[~]|€\f"
)

func isGSM(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune(gsmBasic, r) && !strings.ContainsRune(gsmExtended, r) {
			return false
		}
	}
	return true
}

// gsmCost counts the septets of s, which must be GSM-7.
func gsmCost(s string) int {
	n := 0
	for _, r := range s {
		n++
		if strings.ContainsRune(gsmExtended, r) {
			n++
		}
	}
	return n
}

// ucs2Cost counts the UTF-16 code units of s.
func ucs2Cost(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}
