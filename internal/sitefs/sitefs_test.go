package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// site makes a site folder holding static/a.txt and static/sub/b.txt, a
// secret file beside it (outside), and the links given (name → target).
func site(t *testing.T, links map[string]string) (dir, secret string) {
	t.Helper()
	parent := t.TempDir()
	dir = filepath.Join(parent, "site")
	secret = filepath.Join(parent, "secret.txt")
	for name, data := range map[string]string{
		"site/static/a.txt":     "a",
		"site/static/sub/b.txt": "b",
		"secret.txt":            "secret",
	} {
		p := filepath.Join(parent, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range links {
		target = strings.ReplaceAll(target, "$SECRET", secret)
		target = strings.ReplaceAll(target, "$SITE", dir)
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("symbolic links:", err)
		}
	}
	return dir, secret
}

func open(t *testing.T, dir string) *FS {
	t.Helper()
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestLinksInsideWork(t *testing.T) {
	dir, _ := site(t, map[string]string{
		"static/in.txt":     "a.txt",
		"static/sub/up.txt": "../a.txt",
		"static/chain.txt":  "in.txt",
	})
	f := open(t, dir)
	for _, name := range []string{"static/in.txt", "static/sub/up.txt", "static/chain.txt"} {
		data, err := fs.ReadFile(f, name)
		if err != nil || string(data) != "a" {
			t.Errorf("ReadFile(%s) = %q, %v; want the linked file", name, data, err)
		}
	}
	// The whole FS behaves as one: walking lists links as they are.
	if err := fstest.TestFS(f, "static/a.txt", "static/sub/b.txt", "static/in.txt"); err != nil {
		t.Error(err)
	}
}

func TestLinksRefused(t *testing.T) {
	cases := []struct {
		link, target string
		read         string // what the build reads; "" is the link
		want         []string
	}{
		{"static/passwd.txt", "/etc/passwd", "", []string{"symbolic link to /etc/passwd, outside the site folder", "copy what it points to into the site"}},
		{"static/secret.txt", "$SECRET", "", []string{"outside the site folder"}},
		{"static/up.txt", "../../secret.txt", "", []string{"symbolic link to ../../secret.txt, outside the site folder"}},
		{"static/sub/deep.txt", "../../../secret.txt", "", []string{"outside the site folder"}},
		{"static/abs.txt", "$SITE/static/a.txt", "", []string{"an absolute path", "make it relative"}},
		{"static/etc", "/etc", "", []string{"symbolic link to /etc, outside"}},
		{"static/etc", "/etc", "static/etc/passwd", []string{"static/etc is a symbolic link to /etc, outside"}},
		{"layouts", "../", "layouts/site/secret.txt", []string{"layouts is a symbolic link to ../, outside"}},
		{"static/dir", "sub", "", []string{"symbolic link to sub, a folder", "files only"}},
		{"static/gone.txt", "nothing.txt", "", []string{"symbolic link to nothing.txt, which does not exist"}},
	}
	for _, c := range cases {
		t.Run(c.link+"→"+c.target, func(t *testing.T) {
			dir, secret := site(t, map[string]string{c.link: c.target})
			f := open(t, dir)
			read := c.read
			if read == "" {
				read = c.link
			}
			data, err := fs.ReadFile(f, read)
			if err == nil {
				t.Fatalf("ReadFile(%s) = %q, want an error", read, data)
			}
			if strings.Contains(string(data), "secret") {
				t.Fatalf("read the file outside the site")
			}
			var le *LinkError
			if !errors.As(err, &le) {
				t.Fatalf("ReadFile(%s) error %v (%T), want a *LinkError", read, err, err)
			}
			msg := strings.ReplaceAll(err.Error(), secret, "$SECRET")
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if c.target == "sub" {
				return // a folder inside: opened by name, it is one
			}
			// Open and Stat refuse it the same way.
			if _, err := f.Open(read); !errors.As(err, &le) {
				t.Errorf("Open: %v, want a *LinkError", err)
			}
			if _, err := f.Stat(read); !errors.As(err, &le) {
				t.Errorf("Stat: %v, want a *LinkError", err)
			}
		})
	}
}

// A link to nothing is still "not found", for callers that skip what is
// missing.
func TestDanglingIsNotExist(t *testing.T) {
	dir, _ := site(t, map[string]string{"static/gone.txt": "nothing.txt"})
	_, err := fs.ReadFile(open(t, dir), "static/gone.txt")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v is not fs.ErrNotExist", err)
	}
}
