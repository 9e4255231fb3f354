package csvio

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// header is the first row Export writes.
var header = []string{colType, colAddress, colComponents, colConsented, colState, colFormat,
	"id", "created_at"}

// Page returns one page of subscribers after cursor, and the cursor of
// the next ("" after the last); Subscriptions.Search has this shape.
type Page func(ctx context.Context, cursor string) ([]*herald.Subscriber, string, error)

// Export writes a header and every subscriber that pages gives, one row
// each, flushing after every page so that a long list streams.
func Export(ctx context.Context, w io.Writer, pages Page) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	cursor := ""
	for {
		subs, next, err := pages(ctx, cursor)
		if err != nil {
			return err
		}
		for _, s := range subs {
			if err := cw.Write(record(s)); err != nil {
				return err
			}
		}
		if cw.Flush(); cw.Error() != nil || next == "" {
			return cw.Error()
		}
		cursor = next
	}
}

// record is the row of one subscriber. An active subscriber has agreed,
// by confirming or through an admin, so it is marked consented.
func record(s *herald.Subscriber) []string {
	return []string{
		string(s.Type), guard(s.Address), strings.Join(s.Components, ","),
		strconv.FormatBool(s.State == herald.Active), string(s.State), string(s.Format),
		s.ID, s.CreatedAt.UTC().Format(time.RFC3339),
	}
}

// guard keeps a spreadsheet from reading a cell as a formula: a value that
// starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets take as "this is text" and do not show.
// Phone numbers, which start with +, are written so too; Read takes the
// apostrophe off again.
func guard(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// unguard undoes guard.
func unguard(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
