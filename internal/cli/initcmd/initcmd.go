// Package initcmd is the init command of cmd/latticework: it writes a new
// site folder that builds and passes check at once, for its author to
// change page by page.
package initcmd

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"github.com/latticework/latticework/internal/cli"
)

// site is the new site, each file a text/template given a siteData.
// The workflows under .github/ take [[ ]] as delimiters, their own
// expressions being ${{ }}, and include install.sh.
//
//go:embed all:site
var site embed.FS

//go:embed install.sh
var installScript string

// siteData is what the new site's files are filled in with.
type siteData struct {
	// Title is the site's title.
	Title string
	// Release is the latticework release the workflows install: this
	// binary's version without its "v" ("1.2.0"), or "latest" for a build
	// that is not a release.
	Release string
}

// newSiteData describes a site named title, written by this binary.
func newSiteData(title string) siteData {
	d := siteData{Title: title, Release: "latest"}
	if b := cli.BuildInfo(); b.Release {
		d.Release = strings.TrimPrefix(b.Version, "v")
	}
	return d
}

// Init runs the init command named name with args, and returns its exit
// status: 2 for a usage mistake, 1 if it cannot write the site.
func Init(name string, args []string, stdout, stderr io.Writer) int {
	flag := cli.NewFlagSet(name, "[-title TITLE] [DIR]",
		"Init writes a new site into DIR (default: this folder): latticework.yaml, a home page,\none article with its worksheet, a .gitignore, and GitHub workflows that check pull\nrequests and deploy main to GitHub Pages. It never overwrites a file.")
	title := flag.String("title", "", "the site's `title` (default: the folder's name)")
	if status, ok := cli.Parse(flag, args, stdout, stderr); !ok {
		return status
	}
	if flag.NArg() > 1 {
		cli.UsageError(flag, stderr, fmt.Sprintf("unexpected argument %q: init takes one folder", flag.Arg(1)))
		return 2
	}
	dir := "."
	if flag.NArg() == 1 {
		dir = flag.Arg(0)
	}
	if *title == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			fmt.Fprintln(stderr, "error:", err)
			return 1
		}
		*title = filepath.Base(abs)
	}
	data := newSiteData(*title)
	files, err := write(dir, data)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "created %s\n", filepath.Join(dir, f))
	}
	cd := ""
	if dir != "." {
		cd = "cd " + dir + " && "
	}
	if data.Release == "latest" {
		fmt.Fprintf(stdout, "\nThis latticework, %s, is not a release: the workflows in .github/workflows/\ninstall the latest release; set LATTICEWORK_VERSION there to pin one.\n", cli.BuildInfo().Version)
	}
	fmt.Fprintf(stdout, "\nNext: %slatticework serve, and open http://127.0.0.1:1313/\n", cd)
	return 0
}

// write renders every file of the new site into dir and returns their
// paths. If any of them exists already it writes nothing.
func write(dir string, data siteData) ([]string, error) {
	funcs := template.FuncMap{
		"quote":   strconv.Quote, // a YAML double-quoted string too
		"install": indent(installScript),
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	err := fs.WalkDir(site, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := site.ReadFile(p)
		if err != nil {
			return err
		}
		t := template.New(p).Funcs(funcs)
		if strings.HasPrefix(p, "site/.github/") {
			t.Delims("[[", "]]")
		}
		if _, err := t.Parse(string(src)); err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return err
		}
		name := filepath.FromSlash(strings.TrimPrefix(p, "site/"))
		if _, err := os.Lstat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s already exists: init writes a new site and never overwrites a file; choose an empty folder", filepath.Join(dir, name))
		}
		files = append(files, file{name, buf.Bytes()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return names, err
		}
		// O_EXCL: a file that appeared since the check is still not overwritten.
		w, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = w.Write(f.data)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return names, err
		}
		names = append(names, f.name)
	}
	return names, nil
}

// indent returns a template function that writes text with each
// non-empty line indented by n spaces: a YAML block scalar's lines.
func indent(text string) func(n int) string {
	return func(n int) string {
		lines := strings.SplitAfter(text, "\n")
		for i, l := range lines {
			if strings.TrimSpace(l) != "" {
				lines[i] = strings.Repeat(" ", n) + l
			}
		}
		return strings.Join(lines, "")
	}
}
