package buildcmd

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestBuildExitsOnLinkOut runs the command on a site holding a symbolic
// link to a file outside it: exit status 1, and public/ as it was.
func TestBuildExitsOnLinkOut(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for name, data := range map[string]string{
		"content/ok.md":     "---\ntitle: OK\n---\n# OK\n",
		"public/index.html": "last good",
		"secret.txt":        "SECRET",
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		if name == "secret.txt" {
			p = filepath.Join(dir, name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(site, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../secret.txt", filepath.Join(site, "static", "secret.txt")); err != nil {
		t.Skip("symbolic links:", err)
	}
	if code := Build("build", []string{"-src", site}, io.Discard, io.Discard); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	entries, _ := os.ReadDir(filepath.Join(site, "public"))
	data, _ := os.ReadFile(filepath.Join(site, "public", "index.html"))
	if len(entries) != 1 || string(data) != "last good" {
		t.Errorf("public/ changed: %d entries, index.html %q", len(entries), data)
	}
}
