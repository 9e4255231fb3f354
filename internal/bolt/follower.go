package bolt

import (
	"bytes"
	"context"
	"slices"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// The follower index holds a key for each active subscriber and each
// component it follows: type, NUL, component id, NUL, subscriber id. A
// subscriber that follows every component has one key with an empty
// component id. So the subscribers fan-out owes one channel's
// notifications of an incident are a few ranges of keys, merged.

// bucketFollowers is the follower index.
var bucketFollowers = []byte("subscriber_follow")

// followPrefix is the start of the keys of type t's followers of one
// component, "" for those that follow every component.
func followPrefix(t herald.SubscriberType, component string) []byte {
	return []byte(string(t) + "\x00" + component + "\x00")
}

// followKeys returns the index keys of s: none unless it is active.
func followKeys(s *herald.Subscriber) [][]byte {
	if s == nil || s.State != herald.Active {
		return nil
	}
	comps := s.Components
	if len(comps) == 0 {
		comps = []string{""}
	}
	keys := make([][]byte, 0, len(comps))
	for _, c := range comps {
		keys = append(keys, append(followPrefix(s.Type, c), s.ID...))
	}
	return keys
}

// indexFollower replaces old's keys in the follower index by s's; either
// may be nil.
func indexFollower(tx *bbolt.Tx, old, s *herald.Subscriber) error {
	b := tx.Bucket(bucketFollowers)
	for _, k := range followKeys(old) {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	for _, k := range followKeys(s) {
		if err := b.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// rebuildFollowers fills the follower index from the active subscribers,
// for a file written before the index existed.
func rebuildFollowers(tx *bbolt.Tx) error {
	subs := tx.Bucket(bucketSubscribers)
	return tx.Bucket(bucketActive).ForEach(func(k, _ []byte) error {
		s, err := get[herald.Subscriber](subs, string(k))
		if err != nil || s == nil {
			return err
		}
		return indexFollower(tx, nil, s)
	})
}

// Followers returns the active subscribers of type t that follow one of
// components or every component, in id order, from the id after the
// cursor. A limit of 0 or less means 100; at most 1000 are returned.
func (db *DB) Followers(ctx context.Context, t herald.SubscriberType, components []string,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	after, err := decodeCursor(o.Cursor)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(o.Limit)
	out := make([]*herald.Subscriber, 0, min(n, 128))
	var next string
	err = db.view(ctx, "list followers", func(tx *bbolt.Tx) error {
		m := newFollowMerge(tx.Bucket(bucketFollowers), t, components, after)
		subs := tx.Bucket(bucketSubscribers)
		id := m.next()
		for ; id != nil && len(out) < n; id = m.next() {
			s, err := indexed[herald.Subscriber](subs, string(id))
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		if id != nil { // the page is full and another follows
			next = encodeCursor([]byte(out[len(out)-1].ID))
		}
		return nil
	})
	return out, next, err
}

// followMerge walks several ranges of the follower index at once, in
// subscriber id order, each id once.
type followMerge struct {
	heads []followHead
}

// followHead is one range: its prefix, its cursor and the id it is on,
// nil when it has run out.
type followHead struct {
	prefix []byte
	c      *bbolt.Cursor
	id     []byte
}

func newFollowMerge(b *bbolt.Bucket, t herald.SubscriberType, components []string,
	after []byte) *followMerge {
	comps := append([]string{""}, components...)
	slices.Sort(comps)
	m := &followMerge{}
	for _, c := range slices.Compact(comps) {
		h := followHead{prefix: followPrefix(t, c), c: b.Cursor()}
		k, _ := seekAfter(h.c, append(slices.Clip(h.prefix), after...))
		h.set(k)
		m.heads = append(m.heads, h)
	}
	return m
}

func (h *followHead) set(k []byte) {
	h.id = nil
	if bytes.HasPrefix(k, h.prefix) {
		h.id = k[len(h.prefix):]
	}
}

// next returns the least id of any range and moves every range past it;
// nil when all have run out.
func (m *followMerge) next() []byte {
	var least []byte
	for _, h := range m.heads {
		if h.id != nil && (least == nil || bytes.Compare(h.id, least) < 0) {
			least = h.id
		}
	}
	if least == nil {
		return nil
	}
	least = bytes.Clone(least) // the cursors' keys are valid only until they move
	for i := range m.heads {
		if h := &m.heads[i]; h.id != nil && bytes.Equal(h.id, least) {
			k, _ := h.c.Next()
			h.set(k)
		}
	}
	return least
}
