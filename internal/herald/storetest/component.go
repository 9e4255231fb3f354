package storetest

import (
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

func testComponents(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("CreateOK", func(t *testing.T) {
		s := open(t)
		c := MustCreateComponent(t, s, newComponent("api", "API", 1))
		wantVersion(t, c.Version, 1, "created component")
		wantEqual(t, mustComponent(t, s, "api"), c, "stored component")
	})

	t.Run("TimesInUTC", func(t *testing.T) {
		s := open(t)
		c := newComponent("api", "API", 1)
		c.CreatedAt, c.UpdatedAt = base.In(zone), at(5).In(zone)
		MustCreateComponent(t, s, c)
		got := mustComponent(t, s, "api")
		wantEqual(t, got, c, "stored component")
		wantUTC(t, "stored component", got.CreatedAt, got.UpdatedAt)
	})

	t.Run("ErrDuplicate", func(t *testing.T) {
		s := open(t)
		first := MustCreateComponent(t, s, newComponent("api", "API", 1))
		err := s.CreateComponent(t.Context(), newComponent("api", "Other API", 2))
		wantCode(t, err, herald.ECONFLICT, "create a taken id")
		wantEqual(t, mustComponent(t, s, "api"), first, "stored component")
	})

	t.Run("ErrEmptyID", func(t *testing.T) {
		err := open(t).CreateComponent(t.Context(), newComponent("", "API", 1))
		wantCode(t, err, herald.EINVALID, "create without id")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).Component(t.Context(), "ghost")
		wantCode(t, err, herald.ENOTFOUND, "read a missing component")
	})

	t.Run("Order", func(t *testing.T) {
		s := open(t)
		got, err := s.Components(t.Context())
		noError(t, err, "list no components")
		wantEqual(t, got, []*herald.Component{}, "empty list")

		// At position 1, name order (Edge, Public, Website) is not id order.
		db := MustCreateComponent(t, s, newComponent("db", "Database", 2))
		web := MustCreateComponent(t, s, newComponent("web", "Website", 1))
		api := MustCreateComponent(t, s, newComponent("api", "Public API", 1))
		eu := MustCreateComponent(t, s, newComponent("eu", "EU region", 0))
		cdn := MustCreateComponent(t, s, newComponent("cdn", "Edge network", 1))
		got, err = s.Components(t.Context())
		noError(t, err, "list components")
		wantEqual(t, got, []*herald.Component{eu, cdn, api, web, db}, "components")
	})

	t.Run("UpdateOK", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		c := mustComponent(t, s, "api")
		c.Name, c.Status, c.UpdatedAt = "Public API", herald.PartialOutage, at(1)
		noError(t, s.UpdateComponent(t.Context(), c), "update component")
		wantVersion(t, c.Version, 2, "updated component")
		wantEqual(t, mustComponent(t, s, "api"), c, "stored component")

		c.Status = herald.Operational
		noError(t, s.UpdateComponent(t.Context(), c), "update component again")
		wantVersion(t, c.Version, 3, "component updated twice")
		wantEqual(t, mustComponent(t, s, "api"), c, "stored component")
	})

	t.Run("ErrUpdateStale", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		a, b := mustComponent(t, s, "api"), mustComponent(t, s, "api")
		a.Status = herald.MajorOutage
		noError(t, s.UpdateComponent(t.Context(), a), "first update")

		b.Name = "Stale API"
		wantCode(t, s.UpdateComponent(t.Context(), b), herald.ECONFLICT, "stale update")
		wantVersion(t, b.Version, 1, "the loser's component")
		wantEqual(t, mustComponent(t, s, "api"), a, "stored component")
	})

	t.Run("ErrUpdateMissing", func(t *testing.T) {
		c := newComponent("ghost", "Ghost", 1)
		c.Version = 1
		err := open(t).UpdateComponent(t.Context(), c)
		wantCode(t, err, herald.ENOTFOUND, "update a missing component")
	})

	t.Run("DeleteOK", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		web := MustCreateComponent(t, s, newComponent("web", "Website", 2))
		noError(t, s.DeleteComponent(t.Context(), "api"), "delete component")

		_, err := s.Component(t.Context(), "api")
		wantCode(t, err, herald.ENOTFOUND, "read a deleted component")
		got, err := s.Components(t.Context())
		noError(t, err, "list components")
		wantEqual(t, got, []*herald.Component{web}, "components")

		again := newComponent("api", "API again", 1)
		again.CreatedAt = base.Add(time.Hour)
		MustCreateComponent(t, s, again)
		wantVersion(t, again.Version, 1, "re-created component")
	})

	t.Run("ErrDeleteMissing", func(t *testing.T) {
		err := open(t).DeleteComponent(t.Context(), "ghost")
		wantCode(t, err, herald.ENOTFOUND, "delete a missing component")
	})
}
