package csvio

import (
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// The columns Read knows.
const (
	colType       = "type"
	colAddress    = "address"
	colComponents = "components"
	colConsented  = "consented"
	colFormat     = "format"
	colState      = "state"
)

// columns maps each known column of the header to its index.
func columns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := cols[name]; dup && name != "" {
			return nil, herald.Errorf(herald.EINVALID, "the header names the column %q twice", name)
		}
		cols[name] = i
	}
	for _, need := range []string{colType, colAddress} {
		if _, ok := cols[need]; !ok {
			return nil, herald.Errorf(herald.EINVALID, "the header row has no %q column; "+
				"it needs at least type,address", need)
		}
	}
	return cols, nil
}

// parseRow turns one record into a row, or says why it cannot, or that it
// is to be skipped.
func parseRow(rec []string, cols map[string]int, line int) (herald.ImportRow, bool,
	*herald.RowError) {
	field := func(name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	fail := func(col, msg string) (herald.ImportRow, bool, *herald.RowError) {
		return herald.ImportRow{}, false, &herald.RowError{Line: line, Field: col, Message: msg}
	}
	if strings.EqualFold(field(colState), string(herald.Unsubscribed)) {
		return herald.ImportRow{}, true, nil
	}
	typ := herald.SubscriberType(strings.ToLower(field(colType)))
	if !typ.Valid() {
		return fail(colType, "type must be one of email, sms, webhook")
	}
	consented, ok := parseBool(field(colConsented))
	if !ok {
		return fail(colConsented, "consented must be true or false (or yes, no, 1, 0, empty)")
	}
	return herald.ImportRow{
		Line:       line,
		Type:       typ,
		Address:    unguard(field(colAddress)),
		Components: splitComponents(field(colComponents)),
		Consented:  consented,
		Format:     herald.WebhookFormat(strings.ToLower(field(colFormat))),
	}, false, nil
}

// parseBool reads a consent mark.
func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(s) {
	case "true", "yes", "y", "1":
		return true, true
	case "false", "no", "n", "0", "":
		return false, true
	}
	return false, false
}

// splitComponents splits a list of component ids on commas, semicolons,
// spaces and bars.
func splitComponents(s string) []string {
	ids := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '|' || r == ' ' || r == '\t'
	})
	if len(ids) == 0 {
		return nil
	}
	return ids
}
