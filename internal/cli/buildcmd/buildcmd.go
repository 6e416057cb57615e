// Package buildcmd is the build and check commands: cmd/build and the
// build and check subcommands of cmd/latticework run it.
//
// A build prints problems as file:line:col: message, every one of them,
// and the exit status is 1; the previous output is then left untouched.
//
// A check writes nothing and fails on warnings too: what a contributor
// runs before opening a pull request, and what CI runs on it. With -ci,
// or under GitHub Actions, problems are also printed as annotations, so
// they show on the pull request's diff lines.
package buildcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/cli"
	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/sitefs"
)

// Build runs the build command named name ("build", "latticework build")
// with args, and returns its exit status: 2 for a usage mistake, 1 for a
// failed build. Its -check flag makes it the check command.
func Build(name string, args []string, stdout, stderr io.Writer) int {
	return run(name, args, stdout, stderr, false)
}

// Check runs the check command: a build that writes nothing and fails on
// warnings too. It has no flags for the output, which it never writes.
func Check(name string, args []string, stdout, stderr io.Writer) int {
	return run(name, args, stdout, stderr, true)
}

func run(name string, args []string, stdout, stderr io.Writer, checkCmd bool) int {
	summary := "Build builds the site into its public/ folder, or names every problem as file:line:col."
	synopsis := "[-src DIR] [-out DIR] [-drafts] [-check] [flags]"
	if checkCmd {
		summary = "Check checks every page, link and exercise as a build does, writes nothing,\nand fails on warnings too."
		synopsis = "[-src DIR] [-ci] [flags]"
	}
	flag := cli.NewFlagSet(name, synopsis, summary)
	src := flag.String("src", ".", "site `folder` holding content/, layouts/, static/ and latticework.yaml")
	drafts := flag.Bool("drafts", false, "include pages marked draft: true")
	cache := flag.String("cache", "", "`folder` for reusable build work (default: .cache/ inside -src)")
	out, wasm, check := new(string), new(string), &checkCmd
	if !checkCmd {
		out = flag.String("out", "", "output `folder` (default: public/ inside -src)")
		wasm = flag.String("wasm", "", "`folder` holding scorer.wasm and wasm_exec.js (default: compiled into the cache when run in a Latticework checkout)")
		check = flag.Bool("check", false, "check everything a build checks, write nothing, and fail on warnings too")
	}
	baseURL := flag.String("baseURL", "", "the `URL` the site is published at, in place of latticework.yaml's baseURL (e.g. the address GitHub Pages gives it)")
	ci := flag.Bool("ci", os.Getenv("GITHUB_ACTIONS") == "true", "also print problems as GitHub Actions annotations (default when GITHUB_ACTIONS is set)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the build to `file` (see docs/benchmarks.md)")
	memprofile := flag.String("memprofile", "", "write a heap profile to `file` once every page is rendered, when the build holds the most (see docs/benchmarks.md)")
	if status, ok := cli.Parse(flag, args, stdout, stderr); !ok {
		return status
	}
	if flag.NArg() > 0 {
		cli.UsageError(flag, stderr, fmt.Sprintf("unexpected argument %q: name the site folder with -src", flag.Arg(0)))
		return 2
	}
	if *baseURL != "" {
		if err := new(config.Config).SetBaseURL(*baseURL); err != nil {
			cli.UsageError(flag, stderr, "-baseURL "+err.Error())
			return 2
		}
	}
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		tuneGC()
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "error:", err)
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
		fmt.Fprintf(stderr, "%s has no content/ folder: run %s in a site's folder, or name one with -src\n", *src, name)
		return 2
	}
	if err := cli.CheckCache(*cache, ownCache); err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// The site is read through one folder confined to it: a link out of it,
	// in a pull request CI builds, is an error rather than a published file.
	site, err := sitefs.Open(*src)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	defer site.Close()
	var rendered func()
	if *memprofile != "" {
		rendered = func() {
			if err := writeHeapProfile(*memprofile); err != nil {
				fmt.Fprintln(stderr, "error:", err)
			}
		}
	}
	b := build.New(build.Options{
		Site:     site,
		Defaults: latticework.Default,
		Out:      *out,
		Drafts:   *drafts,
		WASMDir:  *wasm,
		Scorer:   cli.Scorer(ctx, *cache),
		CacheDir: *cache,
		// Each page's record, and the last outputs' unchanged files,
		// make the next build of an unchanged page nearly free.
		CachePages: true,
		Check:      *check,
		SiteDir:    *src,
		BaseURL:    *baseURL,
		Rendered:   rendered,
	})

	res, err := b.Build(ctx)
	var problems diag.Problems
	if err != nil && !errors.As(err, &problems) {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	if res != nil {
		problems = append(problems, res.Warnings...)
	}
	if *ci {
		cli.PrintAnnotations(stdout, *src, problems)
	}
	n := cli.PrintProblems(stderr, problems)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "%s; nothing was published.\n", cli.Count(problems.Errors(), "error"))
		return 1
	case *check && n > 0:
		fmt.Fprintf(stderr, "%s found by the check.\n", cli.Count(n, "problem"))
		return 1
	case *check:
		fmt.Fprintf(stdout, "checked %d pages in %v: no problems\n", res.Pages, res.Elapsed.Round(1e6))
	default:
		fmt.Fprintf(stdout, "built %d pages (%d files) into %s in %v\n", res.Pages, res.Files, *out, res.Elapsed.Round(1e6))
	}
	return 0
}

// smallHeap is the heap below which a build collects no garbage;
// softLimit the heap past which it collects more often than GOGC=200
// would (see tuneGC).
const (
	smallHeap = 64 << 20
	softLimit = 3 << 30
)

// tuneGC sets the collector for a build, which is short and whose heap is
// small next to the machine: none at all until the heap first reaches
// smallHeap (a small site's whole build, a large one's first seconds,
// when the runtime would otherwise collect every few megabytes), then
// GOGC=200, half as many collections as the default, which cost less CPU
// (about 7% on 10,000 pages) for a peak memory still a seventh of Hugo's,
// and a soft limit of softLimit: GOGC=200 lets the heap grow to three
// times what is live, about 0.9 GiB at 100,000 pages, and past 3 GiB
// collecting more often costs less than the memory.
// GOGC or GOMEMLIMIT in the environment overrides it.
func tuneGC() {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(smallHeap)
	// The first collection, which the limit starts, frees this and so
	// runs the cleanup, which sets the collector for the rest of the build.
	runtime.AddCleanup(&struct{ _ *int }{}, func(struct{}) {
		debug.SetGCPercent(200)
		debug.SetMemoryLimit(softLimit)
	}, struct{}{})
}

// writeHeapProfile writes the heap profile of what is in use now, after a
// collection, to file.
func writeHeapProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	runtime.GC()
	err = pprof.Lookup("heap").WriteTo(f, 0)
	return errors.Join(err, f.Close())
}
