package herald

import (
	"context"
	"math/rand/v2"
	"time"
)

// Service carries out what admins and monitoring tools ask of Herald,
// keeping the rules of this package: it validates input, reads and writes
// the Store, and retries a write that lost a race. Adapters call it; it
// calls nothing but its Store.
type Service struct {
	Store Store
	Now   func() time.Time

	// Review, if set, tells the admins of each draft a monitoring tool
	// opens.
	Review ReviewSender

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
// conflict, or has lost maxAttempts races. Between attempts it waits a
// random while that grows with each loss, so that writers racing for one
// item spread out instead of colliding again.
func retry(ctx context.Context, fn func() error) error {
	var err error
	for attempt := range maxAttempts {
		if err = fn(); !IsConflict(err) {
			return err
		}
		wait := time.Duration(rand.Int64N(int64(attempt+1) * int64(5*time.Millisecond)))
		select {
		case <-ctx.Done():
			return Unavailable(ctx.Err(), "the store")
		case <-time.After(wait):
		}
	}
	return err
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }
