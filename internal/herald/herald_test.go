package herald_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"EU Region":             "eu-region",
		"  API (v2) ":           "api-v2",
		"Café & Bar":            "caf-bar",
		"---":                   "",
		strings.Repeat("a", 80): strings.Repeat("a", 63),
	} {
		if got := herald.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestComponentValidate(t *testing.T) {
	ok := herald.Component{ID: "api", Name: "API", Status: herald.Operational}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid component: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(c *herald.Component)
		field string
	}{
		{"BadID", func(c *herald.Component) { c.ID = "API!" }, "id"},
		{"NoName", func(c *herald.Component) { c.Name = " " }, "name"},
		{"LongName", func(c *herald.Component) { c.Name = strings.Repeat("x", 101) }, "name"},
		{"BadStatus", func(c *herald.Component) { c.Status = "broken" }, "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			err := c.Validate()
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE || herald.ErrorField(err) != tt.field {
				t.Errorf("Validate() = %v, want an unprocessable error on %q", err, tt.field)
			}
		})
	}
}

func TestIncidentValidate(t *testing.T) {
	ok := herald.Incident{Title: "Slow API", Status: herald.Investigating, Impact: herald.ImpactMinor}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid incident: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(i *herald.Incident)
		field string
	}{
		{"NoTitle", func(i *herald.Incident) { i.Title = "" }, "title"},
		{"BadStatus", func(i *herald.Incident) { i.Status = "exploded" }, "status"},
		{"BadImpact", func(i *herald.Incident) { i.Impact = "huge" }, "impact"},
		{"DupComponent", func(i *herald.Incident) {
			i.Components = []herald.AffectedComponent{{ID: "api", Status: herald.MajorOutage},
				{ID: "api", Status: herald.PartialOutage}}
		}, "components[1].id"},
		{"BadComponentStatus", func(i *herald.Incident) {
			i.Components = []herald.AffectedComponent{{ID: "api", Status: "sad"}}
		}, "components[0].status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := ok
			tt.edit(&inc)
			if err := inc.Validate(); herald.ErrorField(err) != tt.field {
				t.Errorf("Validate() = %v, want an error on %q", err, tt.field)
			}
		})
	}
}

func TestValidateAddress(t *testing.T) {
	good := map[herald.SubscriberType]string{
		herald.Email:   "ops@example.com",
		herald.SMS:     "+15550100",
		herald.Webhook: "https://hooks.example.com/herald",
	}
	for typ, addr := range good {
		if err := herald.ValidateAddress(typ, addr); err != nil {
			t.Errorf("ValidateAddress(%s, %q) = %v", typ, addr, err)
		}
	}
	bad := map[herald.SubscriberType][]string{
		herald.Email:   {"", "ops", "Ops <ops@example.com>", "ops@example.com\r\nBcc: x@example.com"},
		herald.SMS:     {"5550100", "+0555", "+1 555 0100"},
		herald.Webhook: {"ftp://example.com", "https://", "https://user:pw@example.com/", "not a url"},
	}
	for typ, addrs := range bad {
		for _, addr := range addrs {
			if err := herald.ValidateAddress(typ, addr); herald.ErrorField(err) != "address" {
				t.Errorf("ValidateAddress(%s, %q) = %v, want an error on address", typ, addr, err)
			}
		}
	}
}

func TestSubscriberFollows(t *testing.T) {
	all := herald.Subscriber{}
	some := herald.Subscriber{Components: []string{"api", "db"}}
	if !all.Follows([]string{"web"}) || !all.Follows(nil) {
		t.Error("a subscriber with no components should follow everything")
	}
	if !some.Follows([]string{"web", "db"}) || some.Follows([]string{"web"}) || some.Follows(nil) {
		t.Error("a subscriber with components should follow only those")
	}
}

func TestKeys(t *testing.T) {
	key, hash := herald.NewKey(herald.AdminKeyPrefix, "key_abc")
	id, secret, ok := herald.SplitKey(herald.AdminKeyPrefix, key)
	if !ok || id != "key_abc" {
		t.Fatalf("SplitKey(%q) = %q, %v", key, id, ok)
	}
	if !herald.SecretMatches(secret, hash) || herald.SecretMatches(secret+"x", hash) {
		t.Error("SecretMatches should accept the secret and nothing else")
	}
	if strings.Contains(hash, secret) {
		t.Error("the hash must not contain the secret")
	}
	for _, bad := range []string{"", "hka_", "hka_id_", "hki_key_abc_x", "hka__x"} {
		if _, _, ok := herald.SplitKey(herald.AdminKeyPrefix, bad); ok {
			t.Errorf("SplitKey(%q) accepted a malformed key", bad)
		}
	}
}

func TestImpactOf(t *testing.T) {
	for sev, want := range map[string]herald.Impact{
		"critical": herald.ImpactCritical, "PAGE": herald.ImpactCritical, "error": herald.ImpactMajor,
		"warning": herald.ImpactMinor, "": herald.ImpactMinor, "info": herald.ImpactNone,
	} {
		if got := herald.ImpactOf(sev); got != want {
			t.Errorf("ImpactOf(%q) = %q, want %q", sev, got, want)
		}
	}
}

func TestNewPublicUpdates(t *testing.T) {
	note := herald.Update{ID: "u1", Kind: herald.KindNote}
	created := herald.Update{ID: "u2", Kind: herald.KindCreated}
	updated := herald.Update{ID: "u3", Kind: herald.KindUpdated}
	draft := &herald.Incident{Draft: true, Updates: []herald.Update{note}}
	pub := &herald.Incident{Updates: []herald.Update{created, note}}
	later := &herald.Incident{Updates: []herald.Update{updated, created, note}}

	tests := []struct {
		name     string
		old, new *herald.Incident
		want     []string
	}{
		{"DraftCreated", nil, draft, nil},
		{"Published", draft, pub, []string{"u2"}},
		{"CreatedPublic", nil, pub, []string{"u2"}},
		{"Updated", pub, later, []string{"u3"}},
		{"Replayed", later, later, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := herald.Change{Entity: herald.EntityIncident, OldIncident: tt.old, NewIncident: tt.new}
			var got []string
			for _, u := range c.NewPublicUpdates() {
				got = append(got, u.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("NewPublicUpdates() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNullable(t *testing.T) {
	var p herald.IncidentPatch
	if err := json.Unmarshal([]byte(`{"eta":null,"next_update_at":"2026-12-03T10:00:00Z"}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.ETA.Set || p.ETA.Value != nil {
		t.Errorf("eta: null should be set and empty, got %+v", p.ETA)
	}
	if !p.NextUpdateAt.Set || p.NextUpdateAt.Value == nil || p.NextUpdateAt.Value.Hour() != 10 {
		t.Errorf("next_update_at should be set to 10:00, got %+v", p.NextUpdateAt)
	}
	if p.Title != nil {
		t.Error("an absent field should stay nil")
	}
}

func TestErrors(t *testing.T) {
	err := herald.FieldError("title", "is required")
	if herald.ErrorCode(err) != herald.EUNPROCESSABLE || herald.ErrorMessage(err) != "is required" {
		t.Errorf("FieldError: code %q message %q", herald.ErrorCode(err), herald.ErrorMessage(err))
	}
	wrapped := herald.Unavailable(errSecret{}, "the store")
	if strings.Contains(herald.ErrorMessage(wrapped), "secret") {
		t.Error("ErrorMessage leaks the cause")
	}
	if herald.ErrorCode(errSecret{}) != herald.EINTERNAL || herald.ErrorMessage(errSecret{}) != "internal error" {
		t.Error("a foreign error should be internal, with a generic message")
	}
}

type errSecret struct{}

func (errSecret) Error() string { return "secret database password in error text" }
