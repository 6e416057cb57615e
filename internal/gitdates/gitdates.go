// Package gitdates finds when each file of a site was last changed, from
// the git history of the folder, with one git command for the whole site.
// Outside a git checkout, or without git, it knows nothing and says so by
// returning an empty map: pages then show no date.
package gitdates

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Load returns the last commit time of every file under dir/sub that git
// tracks, keyed by its slash path relative to dir ("content/docs/a.md").
func Load(ctx context.Context, dir, sub string) map[string]time.Time {
	dates := map[string]time.Time{}
	if !inWorkTree(dir) {
		return dates
	}
	// Newest commits come first, so a file's first mention is its latest.
	// --relative names files relative to dir, the folder git runs in, and
	// core.quotePath=false leaves non-ASCII names unquoted.
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false", "log", "--format=%x00%cI", "--name-only", "--no-renames", "--relative", "--", sub)
	out, err := cmd.Output()
	if err != nil {
		return dates
	}
	var when time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if t, ok := strings.CutPrefix(line, "\x00"); ok {
			when, _ = time.Parse(time.RFC3339, t)
			continue
		}
		if line == "" || when.IsZero() {
			continue
		}
		if _, seen := dates[line]; !seen {
			dates[line] = when
		}
	}
	return dates
}

// inWorkTree reports whether git could find a repository for dir: a
// .git folder, or file (worktrees, submodules), in it or a parent, or
// one named by GIT_DIR. Looking first saves starting git, a few
// milliseconds, on every build of a site outside a checkout.
func inWorkTree(dir string) bool {
	if os.Getenv("GIT_DIR") != "" {
		return true
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return true // let git decide
	}
	// git looks from the folder's real path.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for {
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return false
		}
		abs = parent
	}
}
