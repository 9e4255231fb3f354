package statuspage_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// shape returns the set of key paths in a decoded JSON value, such as
// "incident.incident_updates[].body". The keys of every element of an
// array are merged; a null or scalar adds only its own path.
func shape(v any, prefix string, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			shape(e, p, out)
		}
	case []any:
		for _, e := range v {
			shape(e, prefix+"[]", out)
		}
	}
}

// shapeOf returns the key paths of a JSON document.
func shapeOf(t *testing.T, body []byte) map[string]bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, body)
	}
	out := map[string]bool{}
	shape(v, "", out)
	return out
}

// sampleShape returns the key paths of a sample in testdata.
func sampleShape(t *testing.T, name string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return shapeOf(t, b)
}

// missing returns the paths in want that got lacks, sorted.
func missing(want, got map[string]bool) []string {
	var out []string
	for k := range want {
		if !got[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// sameShape fails the test unless got and the sample have the same key
// paths.
func sameShape(t *testing.T, sample string, got []byte) {
	t.Helper()
	want, have := sampleShape(t, sample), shapeOf(t, got)
	if m := missing(want, have); len(m) > 0 {
		t.Errorf("%s: our output lacks %v", sample, m)
	}
	if m := missing(have, want); len(m) > 0 {
		t.Errorf("%s: our output adds %v", sample, m)
	}
	if len(want) == 0 {
		t.Fatalf("%s: empty sample", sample)
	}
}
