package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/browsertest"
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

// buildDefaultSite builds the site in the repository, with its worksheets,
// into a fresh folder.
func buildDefaultSite(t testing.TB) (string, *Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := New(withScorer(t, Options{Site: os.DirFS("../.."), SiteDir: "../..", Defaults: latticework.Default, Out: out})).Build(context.Background())
	if err != nil {
		t.Fatalf("the default site does not build:\n%v", err)
	}
	return out, res
}

// serveDefaultSite builds the repository's site and serves it on
// 127.0.0.1 for a browser test, which it skips where Chromium is missing.
func serveDefaultSite(t testing.TB) *httptest.Server {
	t.Helper()
	if browsertest.ExecPath() == "" {
		t.Skip("Chromium not installed (apt-get install chromium): skipping browser test")
	}
	out, _ := buildDefaultSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv
}
