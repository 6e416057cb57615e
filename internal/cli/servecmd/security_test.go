package servecmd

import (
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestServeRefusesLinksOut runs the dev server over real HTTP on a site
// that gains symbolic links out of it, to a file and to a folder: the
// rebuild fails naming each link, the last good site stays served, and
// neither target is ever served.
func TestServeRefusesLinksOut(t *testing.T) {
	secretDir := t.TempDir()
	secret := filepath.Join(secretDir, "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET-OUTSIDE-THE-SITE"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, base, ev := startServe(t, map[string]string{
		"content/a.md":      page("A", "Alpha."),
		"static/robots.txt": "User-agent: *\n",
	})

	for name, target := range map[string]string{
		"static/secret.txt": secret,
		"static/outside":    secretDir,
		"content/b.png":     "/etc/passwd",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	// The watcher may see the links in more than one batch: wait for the
	// errors that name all three.
	for {
		e := waitFor(t, ev, "errors: [{")
		if strings.Contains(e, "static/outside") && strings.Contains(e, "static/secret.txt") && strings.Contains(e, "content/b.png") {
			if !strings.Contains(e, "symbolic link to "+secret+", outside the site folder") {
				t.Errorf("errors event does not name the target: %s", e)
			}
			break
		}
	}
	for _, p := range []string{"/secret.txt", "/outside/secret.txt", "/b.png"} {
		if code, body := get(t, base+p); code == 200 || strings.Contains(body, "SECRET") || strings.Contains(body, "root:") {
			t.Errorf("%s: %d, served a file outside the site", p, code)
		}
	}
	if code, body := get(t, base+"/a/"); code != 200 || !strings.Contains(body, "Alpha.") {
		t.Errorf("last good page not served: %d", code)
	}
}

// TestServeHeadersMatchPages: over real HTTP, a built page's
// Content-Security-Policy header is the policy the layouts wrote into the
// page, inline script hashes included, with frame-ancestors added.
func TestServeHeadersMatchPages(t *testing.T) {
	_, base, _ := startServe(t, map[string]string{"content/a.md": page("A", "Alpha.")})
	resp, err := http.Get(base + "/a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`<meta http-equiv="?Content-Security-Policy"? content="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("page has no CSP meta element:\n%.600s", body)
	}
	meta := html.UnescapeString(string(m[1]))
	if !strings.Contains(meta, "'sha256-") {
		t.Errorf("page policy %q has no inline script hash", meta)
	}
	if got, want := resp.Header.Get("Content-Security-Policy"), meta+"; frame-ancestors 'none'"; got != want {
		t.Errorf("Content-Security-Policy header\n%q, want\n%q", got, want)
	}
	if got := resp.Header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q", got)
	}
}
