package gitdates

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func git(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestLoad(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	site := filepath.Join(repo, "site")
	for _, f := range []string{"content/a.md", "content/b.md", "content/é.md", "other/c.md"} {
		p := filepath.Join(site, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	id := []string{"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org"}
	at := func(date string) []string {
		return append(id, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	git(t, repo, nil, "init", "-q")
	git(t, repo, at("2026-01-02T03:04:05Z"), "add", ".")
	git(t, repo, at("2026-01-02T03:04:05Z"), "commit", "-q", "-m", "first")
	if err := os.WriteFile(filepath.Join(site, "content/b.md"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, at("2026-03-04T05:06:07Z"), "commit", "-q", "-am", "second")

	dates := Load(context.Background(), site, "content")
	want := map[string]string{"content/a.md": "2026-01-02T03:04:05Z", "content/b.md": "2026-03-04T05:06:07Z", "content/é.md": "2026-01-02T03:04:05Z"}
	check := func(dates map[string]time.Time) {
		t.Helper()
		for f, w := range want {
			if got := dates[f].UTC().Format(time.RFC3339); got != w {
				t.Errorf("%s: %s, want %s", f, got, w)
			}
		}
		if len(dates) != len(want) {
			t.Errorf("dates = %v, want %d files", dates, len(want))
		}
	}
	check(dates)
	// Remembered at a commit: the same dates again, from the cache, until
	// another commit.
	cache := t.TempDir()
	check(LoadCached(context.Background(), site, "content", cache))
	entries, _ := filepath.Glob(filepath.Join(cache, "gitdates", "*"))
	if len(entries) != 1 {
		t.Fatalf("cache entries %v, want one", entries)
	}
	check(LoadCached(context.Background(), site, "content", cache))
	if err := os.WriteFile(filepath.Join(site, "content/a.md"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, at("2026-05-06T07:08:09Z"), "commit", "-q", "-am", "third")
	want["content/a.md"] = "2026-05-06T07:08:09Z"
	check(LoadCached(context.Background(), site, "content", cache))
	check(Load(context.Background(), site, "content"))
	// A damaged entry is not read.
	if err := os.WriteFile(entries[0], []byte("latticework git dates 1 0000\n\x002020-01-01T00:00:00Z\ncontent/a.md\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check(LoadCached(context.Background(), site, "content", cache))
	// Through a symbolic link from outside the checkout, git still finds it.
	link := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	check(Load(context.Background(), link, "content"))
	if got := Load(context.Background(), t.TempDir(), "content"); len(got) != 0 {
		t.Errorf("outside a checkout: %v, want nothing", got)
	}
}

func TestInWorkTree(t *testing.T) {
	t.Setenv("GIT_DIR", "")
	repo := t.TempDir()
	deep := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if inWorkTree(deep) {
		t.Errorf("%s: in a work tree before .git exists", deep)
	}
	// A worktree's or submodule's .git is a file.
	if err := os.WriteFile(filepath.Join(repo, ".git"), []byte("gitdir: elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !inWorkTree(deep) {
		t.Errorf("%s: not in a work tree below a .git file", deep)
	}
	outside := t.TempDir()
	if inWorkTree(outside) {
		t.Errorf("%s: in a work tree", outside)
	}
	t.Setenv("GIT_DIR", filepath.Join(repo, ".git"))
	if !inWorkTree(outside) {
		t.Errorf("%s: GIT_DIR is set but not in a work tree", outside)
	}
}
