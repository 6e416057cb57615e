// Command docusaurus builds the Docusaurus fixture (internal/docusaurus)
// with Docusaurus itself and with Latticework, and compares what both
// serve: page URLs, titles, category pages (title, description, items),
// heading ids, FAQ questions, which blocks are <pre>, and which inline HTML
// tags survive. It prints every difference and exits 1 if there is any.
//
//	go run ./bench/docusaurus [-node-modules DIR] [-golden] [-keep]
//
// Docusaurus is installed with `npm ci` from this folder's package.json and
// package-lock.json (pinned versions) into .cache/docusaurus/ of the
// checkout, once; -node-modules names an existing install instead. A build
// of the fixture takes Docusaurus several minutes.
//
// -golden also writes what Docusaurus served to
// internal/docusaurus/testdata/docusaurus.json, the expectations of the
// TestDocusaurusFixture test, which cannot run Docusaurus; -recorded
// compares with that file instead of running Docusaurus, in seconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/latticework/latticework/bench/internal/npmpin"
	"github.com/latticework/latticework/internal/docusaurus"
)

// knownBroken are the links the fixture holds that Docusaurus reports as
// broken although a static host serves them: source page → target.
var knownBroken = []string{"/docs/links -> /index", "/docs/links -> /docs/concepts/index"}

func main() {
	nodeModules := flag.String("node-modules", "", "an existing `folder` of node_modules holding @docusaurus/core 3.10.2 (default: install into .cache/docusaurus/)")
	golden := flag.Bool("golden", false, "write what Docusaurus served to "+docusaurus.GoldenFile)
	recorded := flag.Bool("recorded", false, "compare with what "+docusaurus.GoldenFile+" recorded instead of building with Docusaurus")
	keep := flag.Bool("keep", false, "keep the work folder")
	flag.Parse()
	os.Exit(run(*nodeModules, *golden, *recorded, *keep))
}

func run(nodeModules string, golden, recorded, keep bool) int {
	root, err := npmpin.Root("docusaurus")
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 2
	}
	work, err := os.MkdirTemp("", "latticework-docusaurus-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 2
	}
	if keep {
		fmt.Println("work folder:", work)
	} else {
		defer os.RemoveAll(work)
	}
	var want *docusaurus.Built
	var broken []string
	if recorded {
		want, err = docusaurus.ReadGolden(filepath.Join(root, docusaurus.GoldenFile))
	} else {
		want, broken, err = buildDocusaurus(root, work, nodeModules)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 2
	}
	if golden && !recorded {
		if err := docusaurus.WriteGolden(filepath.Join(root, docusaurus.GoldenFile), want); err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			return 2
		}
	}
	fmt.Printf("Docusaurus: %d URLs, %d docs and category pages\n", len(want.URLs), len(want.Pages))
	status := 0
	if unexpected := slices.DeleteFunc(broken, func(b string) bool { return slices.Contains(knownBroken, b) }); len(unexpected) > 0 {
		fmt.Printf("Docusaurus reports broken links the fixture should not have:\n  %s\n", strings.Join(unexpected, "\n  "))
		status = 1
	}

	got, err := buildLatticework(root, work)
	if err != nil {
		fmt.Println(err)
		status = 1
	}
	fmt.Printf("Latticework: %d URLs, %d pages with an article\n", len(got.URLs), len(got.Pages))
	diff := docusaurus.Compare(want, got)
	diff.Write(os.Stdout)
	if diff.Total() > 0 {
		status = 1
	}
	return status
}

// buildDocusaurus writes the fixture as a Docusaurus site, builds it, and
// reads the result, with the broken links Docusaurus reported
// ("/source -> /target").
func buildDocusaurus(root, work, nodeModules string) (*docusaurus.Built, []string, error) {
	if nodeModules == "" {
		var err error
		if nodeModules, err = npmpin.Install(root, "docusaurus", "Docusaurus", true, os.Stdout); err != nil {
			return nil, nil, err
		}
	}
	site := filepath.Join(work, "docusaurus")
	if err := docusaurus.Write(site, docusaurus.Docusaurus); err != nil {
		return nil, nil, err
	}
	abs, err := filepath.Abs(nodeModules)
	if err != nil {
		return nil, nil, err
	}
	if err := os.Symlink(abs, filepath.Join(site, "node_modules")); err != nil {
		return nil, nil, err
	}
	fmt.Println("building the fixture with Docusaurus (minutes)…")
	cmd := exec.Command("node", filepath.Join("node_modules", "@docusaurus", "core", "bin", "docusaurus.mjs"), "build", "--no-minify")
	cmd.Dir = site
	cmd.Env = append(os.Environ(), "DOCUSAURUS_TELEMETRY_DISABLED=1")
	log, err := cmd.CombinedOutput()
	if err != nil {
		return nil, nil, fmt.Errorf("docusaurus build: %v\n%s", err, log)
	}
	built, err := docusaurus.ReadDocusaurus(filepath.Join(site, "build"))
	return built, brokenLinks(log), err
}

// brokenLink matches Docusaurus's report of broken links: a line naming the
// source page, then one line per target.
var brokenLink = regexp.MustCompile(`(?m)^\s*- Broken link on source page path = (\S+?):?\n((?:\s+-> linking to \S+\n?)+)`)

func brokenLinks(log []byte) []string {
	var out []string
	for _, m := range brokenLink.FindAllSubmatch(log, -1) {
		for _, t := range regexp.MustCompile(`-> linking to (\S+)`).FindAllSubmatch(m[2], -1) {
			out = append(out, string(m[1])+" -> "+string(t[1]))
		}
	}
	return out
}

// buildLatticework writes the fixture as the migrated Latticework site and
// builds it with cmd/build, as a user would. A failed build is reported
// with its problems and compared as an empty site.
func buildLatticework(root, work string) (*docusaurus.Built, error) {
	site := filepath.Join(work, "latticework")
	if err := docusaurus.Write(site, docusaurus.Latticework); err != nil {
		return nil, err
	}
	out := filepath.Join(site, "public")
	// The checkout's cache keeps the scoring module cmd/build compiles.
	cmd := exec.CommandContext(context.Background(), "go", "run", "./cmd/build", "-src", site, "-out", out, "-cache", filepath.Join(root, ".cache"))
	cmd.Dir = root
	log, err := cmd.CombinedOutput()
	if err != nil {
		lines := strings.Split(strings.TrimSpace(string(log)), "\n")
		var problems []string
		for _, l := range lines {
			if !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, "compiled ") {
				problems = append(problems, "  "+l)
			}
		}
		return &docusaurus.Built{Pages: map[string]*docusaurus.Page{}},
			fmt.Errorf("the fixture does not build with Latticework (%v):\n%s", err, strings.Join(problems, "\n"))
	}
	return docusaurus.ReadLatticework(out)
}
