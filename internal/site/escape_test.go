package site_test

import (
	"strings"
	"testing"
)

// TestEscaping puts markup and attribute payloads in every text a person or
// tool can send, and checks that no page carries one raw.
func TestEscaping(t *testing.T) {
	const (
		script = `<script>alert(1)</script>`
		attr   = `"onmouseover=alert(1) x="`
		img    = `<img src=x onerror=alert(1)>`
	)
	st := fixture()
	st.comps[0].Name = script
	st.comps[1].Group = attr
	st.comps[2].Description = img
	inc := st.incs[0]
	inc.Title = script + attr
	inc.Updates[0].Message = "line one\n" + img + attr
	st.incs[1].Title = attr

	files := render(t, st)
	for p, body := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, raw := range []string{"<script>", "<img", `"onmouseover=`} {
			if strings.Contains(body, raw) {
				t.Errorf("%s carries %q raw", p, raw)
			}
		}
	}

	idx := files["index.html"]
	for _, esc := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;onmouseover=",
		"&lt;img src=x onerror=alert(1)&gt;"} {
		if !strings.Contains(idx, esc) {
			t.Errorf("index.html lacks the escaped form %q", esc)
		}
	}
	if !strings.Contains(files["incidents/INC-0010.html"], "&lt;script&gt;") {
		t.Error("incident page lacks the escaped title")
	}

	// JSON encodes <, > and & as \u escapes, so the documents are safe to
	// embed too.
	for _, p := range []string{"api/v2/summary.json", "api/v2/incidents.json"} {
		if strings.Contains(files[p], "<script>") || strings.Contains(files[p], "<img") {
			t.Errorf("%s carries markup raw", p)
		}
	}
}

// TestUnsafeID checks that an incident id that cannot name a file gets no
// page, and that the index still shows the incident.
func TestUnsafeID(t *testing.T) {
	st := fixture()
	st.incs[0].ID = "../../etc/passwd"
	files := render(t, st)
	for p := range files {
		if strings.Contains(p, "passwd") || strings.Contains(p, "..") {
			t.Errorf("wrote %s", p)
		}
	}
	if !strings.Contains(files["index.html"], "API returns errors") {
		t.Error("index.html lacks the incident")
	}
}
