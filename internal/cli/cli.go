// Package cli holds what Latticework's commands share: printing problems
// the way a contributor reads them, and finding the scoring module.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/scorerwasm"
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
		PrintProblems(w, p)
		fmt.Fprintf(w, "%s; nothing was published.\n", Count(p.Errors(), "error"))
		return
	}
	fmt.Fprintln(w, "error:", err)
}

// Count formats n with a noun made plural as needed: "1 error", "2 errors".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// PrintAnnotations prints problems as GitHub Actions workflow commands
// (::error file=…,line=…,col=…::message), so they appear on the pull
// request's diff. root is the site folder, to name files from the
// repository's root.
func PrintAnnotations(w io.Writer, root string, problems []*diag.Error) {
	for _, e := range problems {
		kind := "error"
		if e.Warning {
			kind = "warning"
		}
		props := "file=" + escapeProperty(filepath.ToSlash(filepath.Join(root, e.File)))
		if e.Line > 0 {
			props += ",line=" + strconv.Itoa(e.Line)
		}
		if e.Col > 0 {
			props += ",col=" + strconv.Itoa(e.Col)
		}
		fmt.Fprintf(w, "::%s %s::%s\n", kind, props, escapeData(e.Msg))
	}
}

// escapeData and escapeProperty follow the workflow command format, where
// a newline or percent sign in a message would end or corrupt it.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// CheckCache refuses a build cache that holds symbolic links. The cache
// (.cache/ in the site folder by default) is read back into the output,
// the scoring module included, so a pull request that committed a link
// there could publish a file of the machine that builds it. A cache only
// ever holds files the build wrote; deleting it costs one slower build.
// ownDir also refuses dir itself being a link: it is the site's default
// folder, not one named on the command line.
func CheckCache(dir string, ownDir bool) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 && !ownDir {
		dir += string(filepath.Separator) // walk the folder it names
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			return fmt.Errorf("%s is a symbolic link to %s, in the build cache, which holds only files a build wrote: delete %s and build again", p, target, filepath.Clean(dir))
		}
		return nil
	})
}

// ScorerDir returns the folder, cacheDir's "wasm", holding the worksheet
// scoring module for a build. The module is the one embedded in this
// binary (package scorerwasm), unpacked there; only in a Latticework
// checkout whose scorer sources differ from the embedded module's is it
// compiled, and then only when the sources are newer than the last
// compiled module.
func ScorerDir(ctx context.Context, cacheDir string) (string, error) {
	dir := filepath.Join(cacheDir, "wasm")
	if wasmbuild.IsSourceTree(".") {
		hash, err := wasmbuild.SourceHash(".")
		if err != nil {
			return "", err
		}
		if hash != scorerwasm.SourceHash {
			if !wasmbuild.UpToDate(".", dir) {
				// Tens of seconds with nothing else to show: say what it waits for.
				fmt.Fprintf(os.Stderr, "compiling the worksheet scoring module into %s (up to about 20 s)…\n", dir)
			}
			compiled, err := wasmbuild.Ensure(ctx, ".", dir)
			if compiled && err == nil {
				fmt.Fprintln(os.Stderr, "compiled the worksheet scoring module into", dir, "(the scorer's sources differ from the embedded module's: `make scorer-wasm` updates it)")
			}
			return dir, err
		}
	}
	return dir, scorerwasm.Write(dir, cacheDir)
}

// Scorer returns ScorerDir as a build.Options.Scorer: the module is
// unpacked or compiled only once a page needs it.
func Scorer(ctx context.Context, cacheDir string) func() (string, error) {
	return func() (string, error) { return ScorerDir(ctx, cacheDir) }
}

// NewFlagSet returns the flag set of the command name ("build", or
// "latticework build" as a subcommand), whose help gives the usage line
// "name synopsis", the summary, and every flag. Parse it with Parse.
func NewFlagSet(name, synopsis, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n\n%s\n", strings.TrimSpace(name+" "+synopsis), summary)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintf(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// Parse parses args with fs, as go and hugo do. It returns ok if the
// command should go on, else the exit status: 0 after -h or -help,
// whose help goes to stdout, and 2 for a usage mistake, which stderr
// explains, saying where to find the flags.
func Parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (status int, ok bool) {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(stderr)
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, false
	case err != nil:
		UsageError(fs, stderr, "")
		return 2, false
	}
	return 0, true
}

// UsageError prints msg, if any, and where to find the flags of fs; the
// caller exits with status 2.
func UsageError(fs *flag.FlagSet, stderr io.Writer, msg string) {
	if msg != "" {
		fmt.Fprintln(stderr, msg)
	}
	fmt.Fprintf(stderr, "Run '%s -h' for usage.\n", fs.Name())
}
