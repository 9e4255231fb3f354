package herald

import "context"

// Op says what a change did to an entity.
type Op string

// The change operations, as a DynamoDB stream names them.
const (
	OpInsert Op = "INSERT"
	OpModify Op = "MODIFY"
	OpRemove Op = "REMOVE"
)

// Entity names the kind of thing a change is about.
type Entity string

// The entities whose changes are visible.
const (
	EntityComponent  Entity = "component"
	EntityIncident   Entity = "incident"
	EntitySubscriber Entity = "subscriber"
)

// Change is a record of one write of something visible, with the item as it
// was before and after, the way a DynamoDB stream record carries them. Every
// store emits changes in commit order; fan-out and rendering are driven by
// them, never by request handlers.
type Change struct {
	Seq    string // orders changes within one source
	Op     Op
	Entity Entity

	OldComponent, NewComponent *Component
	OldIncident, NewIncident   *Incident
}

// NewPublicUpdates returns the public updates that the change adds to an
// incident, oldest first: the updates fan-out must announce.
func (c *Change) NewPublicUpdates() []Update {
	if c.Entity != EntityIncident || c.NewIncident == nil || c.NewIncident.Draft {
		return nil
	}
	seen := map[string]bool{}
	if c.OldIncident != nil && !c.OldIncident.Draft {
		for _, u := range c.OldIncident.Updates {
			seen[u.ID] = true
		}
	}
	var out []Update
	ups := c.NewIncident.Updates
	for i := len(ups) - 1; i >= 0; i-- {
		if ups[i].Public() && !seen[ups[i].ID] {
			out = append(out, ups[i])
		}
	}
	return out
}

// ChangeFeed is a store's change log, read in order by a consumer that
// keeps its own place. The embedded store implements it; in AWS the
// DynamoDB stream plays its part.
type ChangeFeed interface {
	// Changes returns up to limit changes after the one with sequence
	// after ("" for the first), in commit order; none when there are none.
	Changes(ctx context.Context, after string, limit int) ([]Change, error)

	// Cursor returns the last sequence the named consumer acknowledged, or
	// "" when it has acknowledged none.
	Cursor(ctx context.Context, consumer string) (string, error)

	// SetCursor records that the named consumer has handled every change
	// up to and including seq.
	SetCursor(ctx context.Context, consumer, seq string) error
}
