package site_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/herald-status/herald/internal/site"
)

func TestDirWriter(t *testing.T) {
	dir := t.TempDir()
	w := site.DirWriter{Dir: dir}
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		for _, body := range []string{"first", "second"} {
			if err := w.WriteFile(ctx, "api/v2/status.json", "application/json", []byte(body)); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, "api", "v2", "status.json"))
			if err != nil || string(got) != body {
				t.Fatalf("read %q, %v; want %q", got, err, body)
			}
		}
		left, _ := filepath.Glob(filepath.Join(dir, "api", "v2", ".tmp-*"))
		if len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})

	t.Run("BadPath", func(t *testing.T) {
		for _, p := range []string{"", "/etc/x", "../x", "a/../../x", "a//b", "a/./b", `a\b`} {
			if err := w.WriteFile(ctx, p, "text/plain", []byte("x")); err == nil {
				t.Errorf("WriteFile(%q) succeeded", p)
			}
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "x")); err == nil {
			t.Error("wrote outside the folder")
		}
	})

	t.Run("Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := w.WriteFile(ctx, "a.html", "text/html", nil); err == nil {
			t.Error("WriteFile with a canceled context succeeded")
		}
	})
}

func TestCacheControl(t *testing.T) {
	for p, want := range map[string]string{
		"index.html":           "public, max-age=30",
		"incidents/INC-1.html": "public, max-age=30",
		"api/v2/summary.json":  "public, max-age=30",
		"logo.png":             "public, max-age=300",
	} {
		if got := site.CacheControl(p); got != want {
			t.Errorf("CacheControl(%q) = %q, want %q", p, got, want)
		}
	}
}
