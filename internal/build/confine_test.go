package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/sitefs"
)

// realSite writes files (name → content, or "->target" for a symbolic
// link) into a site folder on disk, beside a secret file outside it, and
// returns the site folder and the secret's path. "$SECRET" in a target is
// the secret's absolute path.
func realSite(t *testing.T, files map[string]string) (dir, secret string) {
	t.Helper()
	parent := t.TempDir()
	dir = filepath.Join(parent, "site")
	secret = filepath.Join(parent, "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET-OUTSIDE-THE-SITE"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(parent, "secrets"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "secrets", "key.txt"), []byte("SECRET-OUTSIDE-THE-SITE"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(data, "->"); ok {
			if err := os.Symlink(strings.ReplaceAll(target, "$SECRET", secret), p); err != nil {
				t.Skip("symbolic links:", err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, secret
}

// buildDir builds the site folder dir, read as cmd/build reads it, into
// its public/.
func buildDir(t *testing.T, dir string) error {
	t.Helper()
	site, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	_, err = New(Options{Site: site, Defaults: latticework.Default, Out: filepath.Join(dir, "public")}).Build(context.Background())
	return err
}

const okPage = "---\ntitle: OK\n---\n# OK\n\n![logo](./logo.png)\n"

// TestBuildRefusesLinksOut builds sites holding a symbolic link out of the
// site folder, in each place a build reads: the build fails with the
// link's path and target, nothing of the target is published, and the
// last good output is left as it was.
func TestBuildRefusesLinksOut(t *testing.T) {
	for _, tc := range []struct {
		name, link, target, want string
	}{
		{"static file, absolute", "static/passwd.txt", "/etc/passwd", "static/passwd.txt: symbolic link to /etc/passwd, outside the site folder"},
		{"static file, relative", "static/s.txt", "../../secret.txt", "static/s.txt: symbolic link to ../../secret.txt, outside the site folder"},
		{"static folder", "static/keys", "../../secrets", "static/keys: symbolic link to ../../secrets, outside the site folder"},
		{"asset beside a page", "content/x.png", "/etc/passwd", "content/x.png: symbolic link to /etc/passwd, outside"},
		{"page", "content/leak.md", "$SECRET", "content/leak.md: symbolic link to $SECRET, outside"},
		{"content folder", "content/more", "../../secrets", "content/more: symbolic link to ../../secrets, outside"},
		{"layout asset", "layouts/assets/site.css", "$SECRET", "layouts/assets/site.css: symbolic link to $SECRET, outside"},
		{"layout", "layouts/page.html", "$SECRET", "layouts/page.html: symbolic link to $SECRET, outside"},
		{"settings", "latticework.yaml", "$SECRET", "latticework.yaml: symbolic link to $SECRET, outside"},
		{"exercise", "exercises/x.yaml", "$SECRET", "exercises/x.yaml: cannot read: symbolic link to $SECRET, outside"},
		{"whole static folder", "static", "../secrets", "static: symbolic link to ../secrets, outside"},
		{"absolute, inside", "static/again.png", "$SITE/content/logo.png", "static/again.png: symbolic link to $SITE/content/logo.png, an absolute path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, secret := realSite(t, map[string]string{
				"content/ok.md":    okPage,
				"content/logo.png": "PNG",
				tc.link:            "->" + tc.target,
			})
			if strings.Contains(tc.target, "$SITE") {
				target := strings.ReplaceAll(tc.target, "$SITE", dir)
				os.Remove(filepath.Join(dir, tc.link))
				if err := os.Symlink(target, filepath.Join(dir, tc.link)); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "public")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "index.html"), []byte("last good"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			err := buildDir(t, dir)
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			want := strings.NewReplacer("$SECRET", secret, "$SITE", dir).Replace(tc.want)
			if msg := err.Error(); !strings.Contains(msg, want) {
				t.Errorf("error lacks %q; got:\n%s", want, msg)
			}
			if strings.Count(err.Error(), "symbolic link") != 1 {
				t.Errorf("the link is reported more than once:\n%s", err)
			}
			if after := snapshot(t, out); after != before {
				t.Errorf("failed build changed the output:\nbefore %s\nafter  %s", before, after)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.staging-*")); len(leftovers) > 0 {
				t.Errorf("staging folders left behind: %v", leftovers)
			}
		})
	}
}

// TestBuildFollowsLinksInside: relative links to files within the site
// are published as copies of their targets, pages included.
func TestBuildFollowsLinksInside(t *testing.T) {
	dir, _ := realSite(t, map[string]string{
		"content/ok.md":          okPage,
		"content/logo.png":       "->../static/img/logo.png",
		"content/docs/shared.md": "->../../shared/page.md",
		"shared/page.md":         "---\ntitle: Shared\n---\n# Shared\n\nWritten once.\n",
		"static/img/logo.png":    "PNG",
		"static/favicon.png":     "->img/logo.png",
	})
	if err := buildDir(t, dir); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	for name, want := range map[string]string{
		"logo.png":               "PNG",
		"favicon.png":            "PNG",
		"img/logo.png":           "PNG",
		"docs/shared/index.html": "Written once.",
		"ok/index.html":          `src="/logo.png"`,
	} {
		if got := read(t, out, name); !strings.Contains(got, want) {
			t.Errorf("%s = %.80q, want it to hold %q", name, got, want)
		}
	}
	// Published as files, not links.
	if fi, err := os.Lstat(filepath.Join(out, "logo.png")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("logo.png published as %v, %v; want a regular file", fi.Mode(), err)
	}
}

// TestBuildRefusesFolderLinksInside: a link to a folder inside the site is
// refused with what to do, since walking through it could loop.
func TestBuildRefusesFolderLinksInside(t *testing.T) {
	dir, _ := realSite(t, map[string]string{
		"content/ok.md":    okPage,
		"content/logo.png": "PNG",
		"static/img/a.png": "PNG",
		"static/loop":      "->.",
	})
	err := buildDir(t, dir)
	if err == nil || !strings.Contains(err.Error(), "static/loop: symbolic link to ., a folder: a build follows links to files only") {
		t.Errorf("error = %v, want the folder link named", err)
	}
}
