// Package newcmd is the new command, which cmd/new and the new subcommand
// of cmd/latticework run. It starts a mental-model article: it writes the page, with
// front matter and the eight standard sections of a Latticework article,
// each holding a "Write: ..." line that says what goes there, and the
// skeleton of its worksheet. The build reports each "Write:" placeholder
// left (package placeholder), so an untouched scaffold is never published.
//
//	make new TITLE="Second-Order Thinking" [CATEGORY=docs/thinking-toolkit/classic-mental-models]
//	go run ./cmd/new -title TITLE [-category FOLDER] [-slug NAME] [-src DIR]
//
// It creates content/<category>/<slug>.md, at the whole sidebar_position
// after the last of its folder's entries, and exercises/<slug>.yaml; a missing
// category folder is created with a _category_.json. It never overwrites
// a file. The exit status is 2 for a usage mistake and 1 for any other
// failure.
package newcmd

import (
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"

	"github.com/latticework/latticework/internal/cli"
)

// New runs the new command named name ("new", "latticework new") with
// args, and returns its exit status: 2 for a usage mistake, 1 for any
// other failure.
func New(name string, args []string, stdout, stderr io.Writer) int {
	flag := cli.NewFlagSet(name, "-title TITLE [-category FOLDER] [-slug NAME] [-src DIR]",
		"New starts a mental-model article: the page, with a \"Write:\" line in each section\nsaying what goes there, and the skeleton of its worksheet. It never overwrites a file.")
	title := flag.String("title", "", "the article's `title`, e.g. \"Second-Order Thinking\" (required)")
	category := flag.String("category", defaultCategory, "`folder` under content/ that receives the article; created if missing")
	slug := flag.String("slug", "", "the file `name`, URL segment and exercise id (default: made from the title)")
	src := flag.String("src", ".", "site `folder` holding content/ and exercises/")
	if status, ok := cli.Parse(flag, args, stdout, stderr); !ok {
		return status
	}
	if flag.NArg() > 0 {
		// The usual cause is an unquoted title: -title Second-Order Thinking.
		fmt.Fprintf(stderr, "unexpected argument %q: put the whole title in quotes, e.g. -title \"Second-Order Thinking\"\n", flag.Arg(0))
		return 2
	}
	if *title == "" && name != "new" {
		// scaffold's own message speaks of make new, which runs cmd/new.
		cli.UsageError(flag, stderr, fmt.Sprintf("a title is needed: %s -title \"Second-Order Thinking\" [-category FOLDER]", name))
		return 2
	}

	res, err := scaffold(options{Root: *src, Title: *title, Category: *category, Slug: *slug})
	if err != nil {
		fmt.Fprintln(stderr, err)
		var usage *usageError
		if errors.As(err, &usage) {
			return 2
		}
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	report(stdout, *src, res)
	return 0
}

// report says what was created and what to do next.
func report(w io.Writer, root string, res *result) {
	show := func(file string) string { return filepath.Join(root, filepath.FromSlash(file)) }
	for _, c := range res.Categories {
		fmt.Fprintf(w, "created %s (sidebar label %s)\n", show(c), strconv.Quote(labelFor(path.Base(path.Dir(c)))))
	}
	fmt.Fprintf(w, "created %s (sidebar_position %d)\n", show(res.Article), res.Position)
	fmt.Fprintf(w, "created %s\n", show(res.Exercise))
	fmt.Fprintf(w, "\nNext steps:\n")
	fmt.Fprintf(w, "  1. edit %s: replace each \"Write:\" line with your text (CONTRIBUTING.md explains each section)\n", show(res.Article))
	fmt.Fprintf(w, "  2. edit %s: the worksheet of the Thinking Exercise (its format: exercises/README.md)\n", show(res.Exercise))
	fmt.Fprintf(w, "  3. preview with make serve, at %s\n", "http://127.0.0.1:1313"+res.URL)
	fmt.Fprintf(w, "  4. check with make check, which names every problem as file:line:col, each \"Write:\" line left included;\n")
	fmt.Fprintf(w, "     that is all an article needs (make test, about 11 minutes, is for changes to Go code, layouts or assets)\n")
}
