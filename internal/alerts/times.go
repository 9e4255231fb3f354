package alerts

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Tools write times in many ways. parseTime reads them all: RFC 3339; an
// offset without a colon (CloudWatch's +0000); no zone at all (Pingdom,
// Uptime Kuma), which means UTC unless offset, "+0100" or "+01:00", says
// otherwise; a space for the T; and Unix time in seconds or milliseconds.
// It returns false for anything else, and for times before 2000 or more
// than a day ahead, which no tool reporting an alert now would send.
func parseTime(s, offset string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return plausible(epoch(n))
	}
	for _, layout := range zoned {
		if t, err := time.Parse(layout, s); err == nil {
			return plausible(t.UTC())
		}
	}
	loc := time.UTC
	if off, ok := parseOffset(offset); ok {
		loc = time.FixedZone(offset, off)
	}
	for _, layout := range unzoned {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return plausible(t.UTC())
		}
	}
	return time.Time{}, false
}

var zoned = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
}

var unzoned = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006.01.02 15:04:05", // Zabbix's {EVENT.DATE} {EVENT.TIME}
}

// epoch reads Unix time in milliseconds when it is too large to be
// seconds of this era.
func epoch(n int64) time.Time {
	if n > 1e11 || n < -1e11 {
		return time.UnixMilli(n).UTC()
	}
	return time.Unix(n, 0).UTC()
}

// parseOffset reads "+0100", "+01:00" or "-05:30" as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ":", "")
	if len(s) != 5 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil || h > 14 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

func plausible(t time.Time) (time.Time, bool) {
	if t.Year() < 2000 || t.After(time.Now().Add(24*time.Hour)) {
		return time.Time{}, false
	}
	return t, true
}

// flexString reads a JSON string or number as a string: templated tools
// send ids and times either way.
type flexString string

// UnmarshalJSON accepts a string, a number, or null.
func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n.String())
	return nil
}
