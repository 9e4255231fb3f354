package herald

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync"
)

// ImportRow is one subscriber read from an admin's file, with the line it
// began on.
type ImportRow struct {
	Line       int
	Type       SubscriberType
	Address    string
	Components []string
	Consented  bool
	Format     WebhookFormat
}

// RowError says why one row of an import was refused.
type RowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// ImportResult says what an import did.
type ImportResult struct {
	Imported int        `json:"imported"` // subscribers added
	Existing int        `json:"existing"` // rows whose address was taken: left as they were
	Errors   []RowError `json:"errors"`   // rows refused, by line
}

// ImportConcurrency is how many rows an import writes at once. The
// embedded store shares one commit among the writes waiting together, so
// more at once means fewer disk syncs; DynamoDB takes them in parallel.
const ImportConcurrency = 64

// Import adds the subscribers of rows, as Add would one at a time, and
// reports every row it refuses, with errs (rows the reader could not
// read) among them. A row whose address is subscribed already, in any
// state, is left alone: importing a file twice adds nothing the second
// time, and never brings back someone who unsubscribed. It returns an
// error only when the store fails; the rows written before stay, and
// importing the file again finishes the work.
func (s *Subscriptions) Import(ctx context.Context, rows []ImportRow,
	errs []RowError) (*ImportResult, error) {
	comps, err := s.store().Components(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(comps))
	for _, c := range comps {
		known[c.ID] = true
	}

	res := &ImportResult{Errors: append([]RowError{}, errs...)}
	seen := make(map[string]int, len(rows))
	var subs []*Subscriber
	var lines []int
	for _, row := range rows {
		sub, rerr := s.importCandidate(row, known, seen)
		if rerr != nil {
			res.Errors = append(res.Errors, *rerr)
			continue
		}
		subs, lines = append(subs, sub), append(lines, row.Line)
	}
	if err := s.importAll(ctx, subs, lines, res); err != nil {
		return nil, err
	}
	slices.SortStableFunc(res.Errors, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
	return res, nil
}

// importCandidate checks one row and returns the subscriber it makes.
func (s *Subscriptions) importCandidate(row ImportRow, known map[string]bool,
	seen map[string]int) (*Subscriber, *RowError) {
	now := s.now()
	sub := &Subscriber{
		ID: NewID("sub"), Type: row.Type, Address: NormalizeAddress(row.Type, row.Address),
		Components: row.Components, State: Active, Consented: row.Consented,
		Format: row.Format, CreatedAt: now, UpdatedAt: now,
	}
	if sub.Components == nil {
		sub.Components = []string{}
	}
	if !row.Consented {
		until := now.Add(PendingTTL)
		sub.State, sub.PendingUntil = Pending, &until
	}
	err := sub.Validate()
	if err == nil {
		err = checkFormat(sub.Type, sub.Format)
	}
	for i, id := range sub.Components {
		if err == nil && !known[id] {
			err = FieldError("components", "there is no component %s (item %d)", quote(id), i+1)
		}
	}
	if err != nil {
		return nil, &RowError{Line: row.Line, Field: ErrorField(err), Message: ErrorMessage(err)}
	}
	key := string(sub.Type) + "\x00" + sub.Address
	if first, dup := seen[key]; dup {
		return nil, &RowError{Line: row.Line, Field: "address",
			Message: "repeats the address of line " + strconv.Itoa(first)}
	}
	seen[key] = row.Line
	if sub.Type == Webhook {
		sub.Secret = NewWebhookSecret()
	}
	return sub, nil
}

// importAll writes subs with ImportConcurrency workers, counting into res,
// and returns the first store failure.
func (s *Subscriptions) importAll(ctx context.Context, subs []*Subscriber, lines []int,
	res *ImportResult) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var failed error
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(ImportConcurrency, len(subs)) {
		wg.Go(func() {
			for i := range next {
				imported, rerr, err := s.importOne(ctx, subs[i], lines[i])
				mu.Lock()
				switch {
				case err != nil && failed == nil:
					failed = err
					cancel()
				case rerr != nil:
					res.Errors = append(res.Errors, *rerr)
				}
				if err == nil && imported {
					res.Imported++
				} else if err == nil && rerr == nil {
					res.Existing++
				}
				mu.Unlock()
			}
		})
	}
	for i := range subs {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if failed == nil && ctx.Err() != nil {
		failed = Unavailable(ctx.Err(), "the import")
	}
	return failed
}

// importOne writes one subscriber and sends a pending one its
// confirmation. It reports whether the row added a subscriber, why the
// row failed if it did, and a store failure that should stop the import.
func (s *Subscriptions) importOne(ctx context.Context, sub *Subscriber,
	line int) (bool, *RowError, error) {
	if sub.Type == Webhook {
		if err := s.checkURL(ctx, sub.Address); err != nil {
			return false, rowError(line, "", err), nil
		}
	}
	err := s.store().CreateSubscriber(ctx, sub)
	if IsConflict(err) {
		return false, nil, nil
	}
	if err != nil {
		return false, nil, err
	}
	if sub.State != Pending {
		return true, nil, nil
	}
	if sub.Type == Webhook {
		res := &SignupResult{}
		if s.testWebhook(ctx, sub, res); !res.Accepted {
			return true, &RowError{Line: line, Field: "address",
				Message: "added, pending: " + res.Refusal}, nil
		}
		return true, nil, nil
	}
	if _, err := s.sendConfirmation(ctx, sub); err != nil {
		return true, rowError(line, "added, pending, but its confirmation was not sent: ", err), nil
	}
	return true, nil, nil
}

// rowError reports err on line, its message after prefix.
func rowError(line int, prefix string, err error) *RowError {
	field := ErrorField(err)
	if field == "" {
		field = "address"
	}
	return &RowError{Line: line, Field: field, Message: prefix + ErrorMessage(err)}
}
