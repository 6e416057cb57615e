// Package cli holds what Latticework's commands share: printing problems
// the way a contributor reads them, and finding the scoring module.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// PrintProblems writes each problem as "file:line:col: message", with the
// offending source line under it, and returns how many there were.
func PrintProblems(w io.Writer, problems []*diag.Error) int {
	for _, e := range problems {
		fmt.Fprintln(w, e.Error())
		if src := strings.TrimSpace(e.Source); src != "" {
			fmt.Fprintf(w, "    %s\n", truncate(src, 120))
		}
	}
	return len(problems)
}

// PrintError prints a build error: its problems if it has any, else the
// error itself.
func PrintError(w io.Writer, err error) {
	var p diag.Problems
	if errors.As(err, &p) {
		n := PrintProblems(w, p)
		fmt.Fprintf(w, "%d %s; nothing was published.\n", n, plural(n, "error", "errors"))
		return
	}
	fmt.Fprintln(w, "error:", err)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// ScorerDir returns the folder holding the worksheet scoring module for a
// build whose cache is cacheDir. Run inside a Latticework checkout, it
// first compiles the module there if its Go sources are newer.
func ScorerDir(ctx context.Context, cacheDir string) (string, error) {
	dir := filepath.Join(cacheDir, "wasm")
	if !wasmbuild.IsSourceTree(".") {
		return dir, nil
	}
	compiled, err := wasmbuild.Ensure(ctx, ".", dir)
	if compiled && err == nil {
		fmt.Fprintln(os.Stderr, "compiled the worksheet scoring module into", dir)
	}
	return dir, err
}
