package site_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/site"
	"github.com/herald-status/herald/internal/statuspage"
)

// render renders st into a new folder and returns its files by path.
func render(t *testing.T, st herald.Store) map[string]string {
	t.Helper()
	dir := t.TempDir()
	r := &site.Renderer{Store: st, Page: page, Out: site.DirWriter{Dir: dir},
		Now: func() time.Time { return now }}
	if err := r.Render(context.Background()); err != nil {
		t.Fatalf("Render: %v", err)
	}
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestRender renders the fixture from the in-memory store and from the
// embedded store, and checks the same things of both.
func TestRender(t *testing.T) {
	stores := map[string]func(*testing.T) herald.Store{
		"Mem":  func(*testing.T) herald.Store { return fixture() },
		"Bolt": func(t *testing.T) herald.Store { return boltStore(t, fixture()) },
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) { checkRender(t, render(t, open(t))) })
	}
}

func checkRender(t *testing.T, files map[string]string) {

	t.Run("Files", func(t *testing.T) {
		want := []string{"api/v2/components.json", "api/v2/incidents.json",
			"api/v2/incidents/unresolved.json", "api/v2/scheduled-maintenances.json",
			"api/v2/scheduled-maintenances/active.json",
			"api/v2/scheduled-maintenances/upcoming.json", "api/v2/status.json",
			"api/v2/summary.json", "incidents/INC-0009.html", "incidents/INC-0010.html",
			"index.html"}
		var got []string
		for p := range files {
			got = append(got, p)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("files =\n%v\nwant\n%v", got, want)
		}
	})

	t.Run("NothingPrivate", func(t *testing.T) {
		for p, body := range files {
			for _, s := range []string{"SECRET-NOTE", "SECRET-DRAFT", "INC-0011"} {
				if strings.Contains(body, s) {
					t.Errorf("%s contains %q", p, s)
				}
			}
		}
	})

	t.Run("Index", func(t *testing.T) {
		idx := files["index.html"]
		for _, s := range []string{
			"Partial System Outage", // the banner: a major incident is open
			"Public API", "Partial outage", "Regions", "Frankfurt", "Virginia",
			"Degraded performance", "US East data centre",
			"API returns errors", "Bad deploy found.", "Errors on API.",
			`href="incidents/INC-0010.html"`, `href="incidents/INC-0009.html"`, "Slow dashboard",
			`<time datetime="2025-03-10T15:00:00Z">10 Mar 2025, 15:00 UTC</time>`, // ETA
			`<time datetime="2025-03-10T12:30:00Z">`,                              // next update
		} {
			if !strings.Contains(idx, s) {
				t.Errorf("index.html lacks %q", s)
			}
		}
		if strings.Contains(idx, "Old outage") {
			t.Error("index.html lists an incident resolved 30 days ago")
		}
		if i, j := strings.Index(idx, "Bad deploy found."), strings.Index(idx, "Errors on API."); i > j {
			t.Error("timeline is not newest first")
		}
	})

	t.Run("IncidentPage", func(t *testing.T) {
		p := files["incidents/INC-0009.html"]
		for _, s := range []string{"Slow dashboard", "Fixed: Slow dashboard", "Resolved",
			`href="../index.html"`} {
			if !strings.Contains(p, s) {
				t.Errorf("INC-0009 page lacks %q", s)
			}
		}
		if strings.Contains(p, "Estimated restoration") {
			t.Error("resolved incident shows an ETA")
		}
	})

	t.Run("SummaryJSON", func(t *testing.T) {
		var doc statuspage.SummaryDoc
		if err := json.Unmarshal([]byte(files["api/v2/summary.json"]), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Status.Indicator != statuspage.IndicatorMajor || doc.Page.ID != "pg1" {
			t.Errorf("status = %+v, page = %+v", doc.Status, doc.Page)
		}
		if len(doc.Incidents) != 1 || doc.Incidents[0].ID != "INC-0010" ||
			len(doc.Incidents[0].IncidentUpdates) != 2 {
			t.Errorf("incidents = %+v", doc.Incidents)
		}
		if len(doc.Components) != 5 { // four components and the Regions group
			t.Errorf("%d components, want 5", len(doc.Components))
		}
	})

	t.Run("IncidentsJSON", func(t *testing.T) {
		var doc statuspage.IncidentsDoc
		if err := json.Unmarshal([]byte(files["api/v2/incidents.json"]), &doc); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, inc := range doc.Incidents {
			ids = append(ids, inc.ID)
		}
		if want := []string{"INC-0010", "INC-0009", "INC-0008"}; !slices.Equal(ids, want) {
			t.Errorf("incidents = %v, want %v", ids, want)
		}
	})
}
