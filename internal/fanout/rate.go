package fanout

import (
	"context"

	"golang.org/x/time/rate"

	"github.com/herald-status/herald/internal/herald"
)

// limiter returns the rate limiter of channel t, shared by every run of f;
// nil when t has no rate. Its bucket holds a tenth of a second's sends, so
// that a chunk goes out as soon as its share of the rate allows, in a
// burst no bigger than that.
func (f *Fanout) limiter(t herald.SubscriberType) *rate.Limiter {
	f.limitersMu.Lock()
	defer f.limitersMu.Unlock()
	if l, ok := f.limiters[t]; ok {
		return l
	}
	if f.limiters == nil {
		f.limiters = map[herald.SubscriberType]*rate.Limiter{}
	}
	var l *rate.Limiter
	if perSecond := f.Rates[t]; perSecond > 0 {
		l = rate.NewLimiter(rate.Limit(perSecond), max(1, int(perSecond/10)))
	}
	f.limiters[t] = l
	return l
}

// wait returns once channel t's rate allows n more sends, or with ctx's
// error if ctx ends first.
func (f *Fanout) wait(ctx context.Context, t herald.SubscriberType, n int) error {
	l := f.limiter(t)
	for l != nil && n > 0 {
		k := min(n, l.Burst())
		if err := l.WaitN(ctx, k); err != nil {
			return err
		}
		n -= k
	}
	return nil
}
