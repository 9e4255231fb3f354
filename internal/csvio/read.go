package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// Result is what Read found in a file: the rows to import, the rows it
// could not use, and how many it skipped on purpose.
type Result struct {
	Rows    []herald.ImportRow
	Errors  []herald.RowError
	Skipped int // rows marked unsubscribed
}

// bom is the UTF-8 byte-order mark that spreadsheets put first.
const bom = "\ufeff"

// Read reads a subscriber CSV. It returns an EINVALID error, and no rows,
// when the file itself cannot be used: no header, a header without type
// or address, or a quote that never closes. A row that cannot be used is
// reported in Result.Errors with its line and the others are read on.
func Read(r io.Reader) (*Result, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.Comma = separator(br)
	cr.FieldsPerRecord = -1 // rows are checked against the header here
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, herald.Errorf(herald.EINVALID, "the file is empty; it needs a header row "+
			"such as type,address,components")
	}
	if err != nil {
		return nil, parseError(err)
	}
	cols, err := columns(header)
	if err != nil {
		return nil, err
	}
	return readRows(cr, cols)
}

// separator looks at the header line and picks a semicolon if it has
// more of them than commas, as spreadsheets in many locales write.
func separator(br *bufio.Reader) rune {
	line, _ := br.Peek(4096) // a short file gives what it has; Read reports errors
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if bytes.Count(line, []byte{';'}) > bytes.Count(line, []byte{','}) {
		return ';'
	}
	return ','
}

// readRows reads every row after the header.
func readRows(cr *csv.Reader, cols map[string]int) (*Result, error) {
	res := &Result{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return res, nil
		}
		line, _ := cr.FieldPos(0)
		var perr *csv.ParseError
		if errors.As(err, &perr) && !errors.Is(perr.Err, csv.ErrQuote) {
			res.Errors = append(res.Errors, herald.RowError{Line: perr.StartLine,
				Message: perr.Err.Error()})
			continue
		}
		if err != nil {
			return nil, parseError(err)
		}
		if blank(rec) {
			continue
		}
		row, skip, rerr := parseRow(rec, cols, line)
		switch {
		case rerr != nil:
			res.Errors = append(res.Errors, *rerr)
		case skip:
			res.Skipped++
		default:
			res.Rows = append(res.Rows, row)
		}
	}
}

// blank reports whether every field of rec is empty: a row of separators
// that a spreadsheet left.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func parseError(err error) error {
	var perr *csv.ParseError
	if errors.As(err, &perr) {
		return herald.Errorf(herald.EINVALID, "line %d: %v; nothing was imported",
			perr.StartLine, perr.Err)
	}
	return &herald.Error{Code: herald.EINVALID, Message: "the file could not be read", Err: err}
}
