package alerts

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	at := time.Date(2026, 11, 20, 7, 12, 44, 318e6, time.UTC)
	tests := []struct {
		in, offset string
		want       time.Time
	}{
		{"2026-11-20T07:12:44.318Z", "", at},
		{"2026-11-20T08:12:44.318+01:00", "", at},
		{"2026-11-20T07:12:44.318+0000", "", at},                   // CloudWatch: no colon in the offset
		{"2026-11-20T02:12:44.318-0500", "", at},                   // and a negative one
		{"1795158764318", "", at},                                  // epoch milliseconds
		{"1795158764", "", at.Truncate(time.Second)},               // epoch seconds
		{"2026-11-20T07:12:44.318", "", at},                        // no zone: UTC
		{"2026-11-20 07:12:44.318", "", at},                        // Uptime Kuma
		{"2026-11-20 08:12:44.318", "+01:00", at},                  // no zone, offset given
		{"2026.11.20 08:12:44", "+0100", at.Truncate(time.Second)}, // Zabbix
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in, tt.offset)
		if !ok || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q, %q) = %v, %v; want %v in UTC", tt.in, tt.offset, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
		"2999-01-01T00:00:00Z", "12", "2026-13-40T99:00:00Z"} {
		if got, ok := parseTime(bad, ""); ok {
			t.Errorf("parseTime(%q) = %v, want false", bad, got)
		}
	}
	if _, ok := parseOffset("+2500"); ok {
		t.Error("parseOffset(+2500) is no offset")
	}
}
