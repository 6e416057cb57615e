package build

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/latticework/latticework/internal/wasmbuild"
)

var scorer = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(wasmbuild.CacheDir("../.."), "wasm")
	_, err := wasmbuild.Ensure(context.Background(), "../..", dir)
	return dir, err
})

// withScorer sets the options a site with worksheets needs: the scoring
// module, compiled once for the test run (and reused across runs while its
// sources are unchanged), and the cache that keeps its compressed copies.
func withScorer(t testing.TB, opts Options) Options {
	t.Helper()
	dir, err := scorer()
	if err != nil {
		t.Fatal(err)
	}
	opts.WASMDir, opts.CacheDir = dir, wasmbuild.CacheDir("../..")
	return opts
}
