package herald

import (
	"context"
	"time"
)

// Service carries out what admins and monitoring tools ask of Herald,
// keeping the rules of this package: it validates input, reads and writes
// the Store, and retries a write that lost a race. Adapters call it; it
// calls nothing but its Store.
type Service struct {
	Store Store
	Now   func() time.Time

	// bootstrapHash is the hash of the admin key given in configuration,
	// which is never stored.
	bootstrapHash string
}

// NewService returns a Service over store.
func NewService(store Store) *Service {
	return &Service{Store: store, Now: time.Now}
}

// maxAttempts bounds the retries of a read-modify-write that keeps losing
// to concurrent writers; past it the caller gets ECONFLICT.
const maxAttempts = 8

// retry runs fn until it succeeds, fails with something other than a
// conflict, or has lost maxAttempts races.
func retry(ctx context.Context, fn func() error) error {
	var err error
	for range maxAttempts {
		if err = fn(); !IsConflict(err) {
			return err
		}
		if ctx.Err() != nil {
			return Unavailable(ctx.Err(), "the store")
		}
	}
	return err
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }
