// Command build builds a Latticework site into public/.
//
//	go run ./cmd/build [-src DIR] [-out DIR] [-drafts]
//
// Problems are printed as file:line:col: message, every one of them, and
// the exit status is 1; the previous output is then left untouched.
//
// With -check it writes nothing and fails on warnings too: what a
// contributor runs before opening a pull request, and what CI runs on it.
// With -ci, or under GitHub Actions, problems are also printed as
// annotations, so they show on the pull request's diff lines.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/cli"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/sitefs"
)

func main() { os.Exit(run()) }

// run builds the site and returns the exit status, so that deferred work
// (the profile) finishes first.
func run() int {
	src := flag.String("src", ".", "site `folder` holding content/, layouts/, static/ and latticework.yaml")
	out := flag.String("out", "", "output `folder` (default: public/ inside -src)")
	drafts := flag.Bool("drafts", false, "include pages marked draft: true")
	cache := flag.String("cache", "", "`folder` for reusable build work (default: .cache/ inside -src)")
	wasm := flag.String("wasm", "", "`folder` holding scorer.wasm and wasm_exec.js (default: compiled into the cache when run in a Latticework checkout)")
	check := flag.Bool("check", false, "check everything a build checks, write nothing, and fail on warnings too")
	ci := flag.Bool("ci", os.Getenv("GITHUB_ACTIONS") == "true", "also print problems as GitHub Actions annotations (default when GITHUB_ACTIONS is set)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the build to `file` (see docs/benchmarks.md)")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		// A build is short and its heap small next to the machine: half as
		// many collections cost less CPU (about 7% on 10,000 pages) for a
		// peak memory still a seventh of Hugo's. GOGC overrides it.
		debug.SetGCPercent(200)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	ownCache := *cache == ""
	if ownCache {
		*cache = filepath.Join(*src, ".cache")
	}
	if _, err := os.Stat(filepath.Join(*src, "content")); err != nil {
		fmt.Fprintf(os.Stderr, "%s has no content/ folder: run build in a site's folder, or name one with -src\n", *src)
		return 2
	}
	if err := cli.CheckCache(*cache, ownCache); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *wasm == "" && !*check {
		dir, err := cli.ScorerDir(ctx, *cache)
		if err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			return 1
		}
		*wasm = dir
	}

	// The site is read through one folder confined to it: a link out of it,
	// in a pull request CI builds, is an error rather than a published file.
	site, err := sitefs.Open(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	defer site.Close()
	b := build.New(build.Options{
		Site:     site,
		Defaults: latticework.Default,
		Out:      *out,
		Drafts:   *drafts,
		WASMDir:  *wasm,
		CacheDir: *cache,
		Check:    *check,
		SiteDir:  *src,
	})
	res, err := b.Build(ctx)
	var problems diag.Problems
	if err != nil && !errors.As(err, &problems) {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	if res != nil {
		problems = append(problems, res.Warnings...)
	}
	if *ci {
		cli.PrintAnnotations(os.Stdout, *src, problems)
	}
	n := cli.PrintProblems(os.Stderr, problems)
	switch {
	case err != nil:
		fmt.Fprintf(os.Stderr, "%s; nothing was published.\n", cli.Count(problems.Errors(), "error"))
		return 1
	case *check && n > 0:
		fmt.Fprintf(os.Stderr, "%s found by the check.\n", cli.Count(n, "problem"))
		return 1
	case *check:
		fmt.Printf("checked %d pages in %v: no problems\n", res.Pages, res.Elapsed.Round(1e6))
	default:
		fmt.Printf("built %d pages (%d files) into %s in %v\n", res.Pages, res.Files, *out, res.Elapsed.Round(1e6))
	}
	return 0
}
