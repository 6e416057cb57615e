// Package gitdates finds when each file of a site was last changed, from
// the git history of the folder, with one git command for the whole site.
// Outside a git checkout, or without git, it knows nothing and says so by
// returning an empty map: pages then show no date.
package gitdates

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/latticework/latticework/internal/publish"
)

// Load returns the last commit time of every file under dir/sub that git
// tracks, keyed by its slash path relative to dir ("content/docs/a.md").
func Load(ctx context.Context, dir, sub string) map[string]time.Time {
	if !inWorkTree(dir) {
		return map[string]time.Time{}
	}
	return parse(history(ctx, dir, sub))
}

// LoadCached is Load, remembering in cacheDir what git said at a commit:
// a later call at the same commit (HEAD) of a full clone reads that
// instead of the history, which on a site of thousands of pages and
// commits takes git most of a second. A shallow clone's history can grow
// under the same commit, so it is read every time.
func LoadCached(ctx context.Context, dir, sub, cacheDir string) map[string]time.Time {
	if cacheDir == "" || !inWorkTree(dir) {
		return Load(ctx, dir, sub)
	}
	head := commit(ctx, dir)
	abs, err := filepath.Abs(dir)
	if head == "" || err != nil {
		return Load(ctx, dir, sub)
	}
	name := sha256.Sum256([]byte(abs + "\x00" + sub))
	entry := filepath.Join(cacheDir, "gitdates", hex.EncodeToString(name[:16]))
	stamp := "latticework git dates 1 " + head + "\n"
	if data, err := os.ReadFile(entry); err == nil {
		if out, ok := bytes.CutPrefix(data, []byte(stamp)); ok {
			return parse(out)
		}
	}
	out := history(ctx, dir, sub)
	if out != nil && commit(ctx, dir) == head {
		_ = publish.WriteEntry(entry, append([]byte(stamp), out...))
	}
	return parse(out)
}

// commit returns the commit checked out in dir, or "" in a shallow clone
// or if git fails.
func commit(ctx context.Context, dir string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--is-shallow-repository", "HEAD").Output()
	shallow, head, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if err != nil || shallow != "false" || len(head) < 40 {
		return ""
	}
	return head
}

// history returns git's list of the commits that changed dir/sub, each
// with the files it changed, or nil if git fails.
func history(ctx context.Context, dir, sub string) []byte {
	// Newest commits come first, so a file's first mention is its latest.
	// --relative names files relative to dir, the folder git runs in, and
	// core.quotePath=false leaves non-ASCII names unquoted.
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false", "log", "--format=%x00%cI", "--name-only", "--no-renames", "--relative", "--", sub)
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	return out
}

// parse reads what history returns.
func parse(out []byte) map[string]time.Time {
	dates := map[string]time.Time{}
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
