package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCache: a cache holding a symbolic link, which a pull request
// could commit to have the build publish the link's target as the
// scoring module, is refused with what to do.
func TestCheckCache(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(dir, "site", ".cache")
	if err := os.MkdirAll(filepath.Join(cache, "wasm"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cache, "wasm", "wasm_exec.js"), []byte("js"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckCache(cache, true); err != nil {
		t.Fatalf("a cache of files: %v", err)
	}
	if err := CheckCache(filepath.Join(dir, "none"), true); err != nil {
		t.Fatalf("no cache yet: %v", err)
	}

	// A cache named on the command line may itself be a link.
	named := filepath.Join(dir, "named")
	if err := os.Symlink(cache, named); err != nil {
		t.Skip("symbolic links:", err)
	}
	if err := CheckCache(named, false); err != nil {
		t.Errorf("a cache folder named through a link: %v", err)
	}
	if err := CheckCache(named, true); err == nil || !strings.Contains(err.Error(), "named is a symbolic link to "+cache) {
		t.Errorf("the site's own .cache as a link: %v", err)
	}

	if err := os.Symlink("/etc/passwd", filepath.Join(cache, "wasm", "scorer.wasm")); err != nil {
		t.Fatal(err)
	}
	for _, own := range []bool{true, false} {
		err := CheckCache(cache, own)
		if err == nil || !strings.Contains(err.Error(), "scorer.wasm is a symbolic link to /etc/passwd") || !strings.Contains(err.Error(), "delete "+cache) {
			t.Errorf("a link in the cache: %v", err)
		}
	}
}
