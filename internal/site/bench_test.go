package site_test

import (
	"context"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/site"
)

type discard struct{}

func (discard) WriteFile(context.Context, string, string, []byte) error { return nil }

// BenchmarkRender renders a page of 20 components, 5 open incidents with 10
// updates each and 50 resolved incidents, writing nowhere: the cost of
// reading the store fake, building the documents and executing templates.
func BenchmarkRender(b *testing.B) {
	r := &site.Renderer{Store: bigStore(), Page: page, Out: discard{},
		Now: func() time.Time { return now }, RecentDays: 30}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Render(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderToDir is BenchmarkRender writing each file to a folder.
func BenchmarkRenderToDir(b *testing.B) {
	r := &site.Renderer{Store: bigStore(), Page: page, Out: site.DirWriter{Dir: b.TempDir()},
		Now: func() time.Time { return now }, RecentDays: 30}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Render(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderBolt is BenchmarkRender reading from the embedded store.
func BenchmarkRenderBolt(b *testing.B) {
	r := &site.Renderer{Store: boltStoreB(b, bigStore()), Page: page, Out: discard{},
		Now: func() time.Time { return now }, RecentDays: 30}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Render(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
