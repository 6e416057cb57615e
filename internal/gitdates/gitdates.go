// Package gitdates finds when each file of a site was last changed, from
// the git history of the folder, with one git command for the whole site.
// Outside a git checkout, or without git, it knows nothing and says so by
// returning an empty map: pages then show no date.
package gitdates

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Load returns the last commit time of every file under dir/sub that git
// tracks, keyed by its slash path relative to dir ("content/docs/a.md").
func Load(ctx context.Context, dir, sub string) map[string]time.Time {
	dates := map[string]time.Time{}
	top, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return dates
	}
	root := strings.TrimSpace(string(top))
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dates
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	// Newest commits come first, so a file's first mention is its latest.
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", sub)
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
		rel, err := filepath.Rel(abs, filepath.Join(root, line))
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		key := filepath.ToSlash(rel)
		if _, seen := dates[key]; !seen {
			dates[key] = when
		}
	}
	return dates
}
