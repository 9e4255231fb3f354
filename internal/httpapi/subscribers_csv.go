package httpapi

import (
	"context"
	"errors"
	"mime"
	"net/http"

	"github.com/herald-status/herald/internal/csvio"
	"github.com/herald-status/herald/internal/herald"
)

// maxImport is the largest CSV file an import reads: some 200,000 rows,
// within what API Gateway passes to a Lambda.
const maxImport = 8 << 20

// importAnswer is the answer to an import.
type importAnswer struct {
	*herald.ImportResult
	Skipped int `json:"skipped"` // rows marked unsubscribed
}

// importSubscribers answers POST /v1/subscribers/import with what the
// text/csv body added, what it found there already, and every row it
// refused, by line (see package csvio for the columns).
func (a *api) importSubscribers(w http.ResponseWriter, r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "text/csv" {
		return herald.Errorf(codeMediaType, "send the file as text/csv")
	}
	body := http.MaxBytesReader(w, r.Body, maxImport)
	file, err := csvio.Read(body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return herald.Errorf(codeTooLarge, "the file must be at most %d bytes; split it, "+
			"as importing is idempotent", maxImport)
	}
	if err != nil {
		return err
	}
	res, err := a.subs.Import(r.Context(), file.Rows, file.Errors)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, importAnswer{ImportResult: res, Skipped: file.Skipped})
}

// exportSubscribers answers GET /v1/subscribers/export with every
// subscriber passing the list's filters as CSV, streamed a page at a time.
func (a *api) exportSubscribers(w http.ResponseWriter, r *http.Request) error {
	f := subscriberFilter(r)
	if err := f.Validate(); err != nil {
		return err
	}
	pages := func(ctx context.Context, cursor string) ([]*herald.Subscriber, string, error) {
		return a.subs.Search(ctx, f, herald.ListOptions{Cursor: cursor, Limit: 500})
	}
	// The first page is read before anything is written, so that a store
	// that is down gets a problem rather than half a file.
	first, next, err := pages(r.Context(), "")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="subscribers.csv"`)
	err = csvio.Export(r.Context(), w, func(ctx context.Context, cursor string) (
		[]*herald.Subscriber, string, error) {
		if cursor == "" {
			return first, next, nil
		}
		return pages(ctx, cursor)
	})
	if err != nil {
		// Too late for a problem: the file is cut short, which a reader
		// sees as a missing last line, and the log says why.
		a.log.ErrorContext(r.Context(), "export failed", "request_id",
			requestID(r.Context()), "error", err.Error())
	}
	return nil
}
