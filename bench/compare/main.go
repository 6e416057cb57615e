// Command compare measures Latticework against Hugo on generated corpora
// of the same pages, and prints the results as Markdown:
//
//	go run ./bench/compare [-sizes 1,100,1000] [-runs 5] [-hugo hugo]
//
// It builds cmd/build once, as releases are built (static, without cgo),
// compiles the worksheet scoring module if its sources changed (the
// corpora have an exercise block on every 10th page unless
// -exercises=false), generates each corpus (internal/corpus) as a
// Latticework site and as the equivalent Hugo site, and then, per size,
// runs one untimed warm-up of each tool followed by -runs timed runs that
// alternate between the tools (and which goes first), so that drift in
// the machine's state affects both alike. Every run writes into a fresh
// output folder, after the previous run's writes were synced to disk, and
// outputs are kept until the end: deleting tens of thousands of files just
// before a run makes that run's file creation slower on a file system
// without a journal (ext4 then steps over every inode freed in the last
// half minute, one by one, for each file it creates), which says more about
// the deletion than about the tool. -delete-between deletes each output
// before the next run instead, as earlier rounds did.
// Sizes above 10,000 pages (100,000 takes about an hour in all) get
// -large-runs timed runs of Latticework (default 1), with no warm-up and
// no warm builds, and the report compares them with the 10,000-page
// build; Hugo is skipped above -hugo-max-pages (default 10,000), as it
// holds every page in memory.
// Wall time is measured around the process; CPU time (user + system) and
// peak RSS come from the process's rusage. Each figure is the median of
// the runs, with the range.
//
// Latticework's runs are cold: before each, what builds keep of the
// pages in the site's cache (.cache/pages and .cache/outputs) is deleted,
// leaving the compressed scoring module any earlier build would have
// made. Then, per size, -warm-runs warm builds follow, as a writer's
// second `make build` or CI with its cache restored runs them: into the
// output of the build before, with its cache, of the unchanged site and
// after appending a paragraph to one page (a different one each time).
//
// It also times start-up on a one-page site (-startup-runs runs of each
// tool) and, in process, the incremental rebuild after a one-page body
// edit on a -rebuild-pages site, as the dev server does it, with edits
// -rebuild-pause apart.
//
// Hugo is the release -hugo-version (default v0.165.0, the newest that
// builds with this Go), found in the checkout's .cache/hugo-<version>/ or
// installed there once with `go install` (a few minutes), unless -hugo
// names a command; -hugo none skips it. Each table says which Hugo it
// measured. Everything is written under one temporary folder, removed at
// the end unless -keep is given; a 10,000-page comparison needs about 10 GB
// of disk while it runs (3 GB with -delete-between).
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/sitefs"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// largePages is the largest size timed as the smaller ones are: above
// it, a build takes minutes, so Latticework runs -large-runs times, with
// no warm-up and no warm builds.
const largePages = 10000

// options are the command's flags.
type options struct {
	sizes        []int
	runs         int
	startupRuns  int
	rebuildRuns  int
	rebuildPages int
	rebuildPause time.Duration
	warmRuns     int
	// hugoMaxPages is the largest size Hugo is run at; largeRuns the
	// timed runs of Latticework at sizes above largePages.
	hugoMaxPages int
	largeRuns    int
	hugo         string
	hugoVersion  string
	exercises    bool
	keep         bool
	// deleteBetween deletes each run's output before the next run, rather
	// than keeping every output until the end.
	deleteBetween bool
}

func main() {
	var o options
	sizes := flag.String("sizes", "1,100,1000", "comma-separated corpus `sizes` in pages (add 10000 for the large comparison)")
	flag.IntVar(&o.runs, "runs", 5, "timed `runs` of each tool per size")
	flag.IntVar(&o.startupRuns, "startup-runs", 20, "timed `runs` of each tool on a one-page site (0 skips)")
	flag.IntVar(&o.rebuildRuns, "rebuild-runs", 20, "timed incremental `rebuilds` (0 skips)")
	flag.IntVar(&o.rebuildPages, "rebuild-pages", 1000, "`pages` in the site the incremental rebuilds edit")
	flag.DurationVar(&o.rebuildPause, "rebuild-pause", time.Second, "`time` between edits, as between a person's saves")
	flag.IntVar(&o.warmRuns, "warm-runs", 5, "timed warm `runs` of Latticework per size and kind (0 skips)")
	flag.IntVar(&o.hugoMaxPages, "hugo-max-pages", 10000, "largest corpus `size` Hugo is run at: it holds every page in memory, about 8 GiB per 10,000")
	flag.IntVar(&o.largeRuns, "large-runs", 1, "timed `runs` of Latticework per size above 10,000 pages, with no warm-up and no warm builds")
	flag.StringVar(&o.hugo, "hugo", "", "Hugo `command` (default: -hugo-version, found or installed in .cache/); none skips Hugo")
	flag.StringVar(&o.hugoVersion, "hugo-version", "v0.165.0", "Hugo `release` to find or install when -hugo is not given")
	flag.BoolVar(&o.exercises, "exercises", true, "put exercise blocks on every 10th page (see cmd/gencorpus)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary folder with corpora and outputs")
	flag.BoolVar(&o.deleteBetween, "delete-between", false, "delete each run's output just before the next run, instead of keeping all until the end")
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "-sizes: %q is not a page count\n", s)
			os.Exit(2)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.runs < 1 || o.largeRuns < 1 {
		fmt.Fprintln(os.Stderr, "-runs, -large-runs: need at least 1")
		os.Exit(2)
	}
	if err := run(o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// bench holds what every measurement shares.
type bench struct {
	o    options
	tmp  string
	lw   string // the built latticework-build binary
	hugo string // Hugo's path, or "" to skip Hugo
	seed fs.FS  // the repository, for its article and exercise definition
	// wasm holds the compiled scoring module that pages with exercise
	// blocks need ("" without exercises).
	wasm string
	log  io.Writer
	// loadStart is the load average when measuring began.
	loadStart string
	// hugoVersion is what `hugo version` printed.
	hugoVersion string
	// corpus is the corpus generated last.
	corpus *corpus.Corpus
}

// tool is one site generator under test.
type tool struct {
	name string
	cmd  func(src, out string) *exec.Cmd
}

// sizeResult is the comparison at one corpus size.
type sizeResult struct {
	pages    int
	srcMiB   float64
	lw, hugo *series // hugo is nil when Hugo was skipped
	// hugoSkipped says why Hugo was not run at this size, if it was not.
	hugoSkipped string
	// warm and warmEdit are Latticework's warm builds, unchanged and after
	// a one-page edit; nil with -warm-runs 0.
	warm, warmEdit *series
}

func run(o options, stdout, log io.Writer) error {
	tmp, err := os.MkdirTemp("", "latticework-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(log, "keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	b := &bench{o: o, tmp: tmp, lw: filepath.Join(tmp, "latticework-build"), seed: os.DirFS(root), log: log}
	if o.exercises {
		// Compiled once, into the checkout's cache where make build keeps
		// it too, so that no timed run compiles it.
		b.wasm = filepath.Join(wasmbuild.CacheDir(root), "wasm")
		fmt.Fprintln(log, "compiling the scoring module if it changed")
		if _, err := wasmbuild.Ensure(context.Background(), root, b.wasm); err != nil {
			return err
		}
	}
	fmt.Fprintln(log, "building cmd/build")
	// As releases are built (.goreleaser.yaml): a static binary, without
	// cgo's dynamic loader to start, and without its symbol table.
	gobuild := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", b.lw, "./cmd/build")
	gobuild.Dir = root
	gobuild.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := gobuild.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, msg)
	}
	hugoNote := ""
	switch o.hugo {
	case "none":
		hugoNote = "Hugo was not measured (-hugo none)."
	case "":
		p, err := findHugo(root, o.hugoVersion, log)
		if err != nil {
			return err
		}
		b.hugo = p
	default:
		p, err := exec.LookPath(o.hugo)
		if err != nil {
			return fmt.Errorf("-hugo %s: %w", o.hugo, err)
		}
		b.hugo = p
	}
	if b.hugo != "" {
		b.hugoVersion = hugoVersion(b.hugo)
		fmt.Fprintln(log, "Hugo:", b.hugoVersion)
	}

	b.loadStart = loadAvg()
	var results []sizeResult
	for _, n := range o.sizes {
		r, err := b.compare(n)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	var startup *sizeResult
	if o.startupRuns > 0 {
		r, err := b.startup()
		if err != nil {
			return err
		}
		startup = &r
	}
	var rebuild []float64
	var rebuildFull int
	if o.rebuildRuns > 0 {
		if rebuild, rebuildFull, err = b.rebuilds(); err != nil {
			return err
		}
	}
	b.report(stdout, hugoNote, results, startup, rebuild, rebuildFull)
	return nil
}

// moduleRoot returns the folder of the main module, where ./cmd/build is.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run compare inside the Latticework module")
	}
	return filepath.Dir(mod), nil
}

// tools returns the generators to compare, Latticework first.
func (b *bench) tools() []tool {
	ts := []tool{{"Latticework", func(src, out string) *exec.Cmd {
		args := []string{"-src", src, "-out", out}
		if b.wasm != "" {
			args = append(args, "-wasm", b.wasm)
		}
		cmd := exec.Command(b.lw, args...)
		// Run outside the checkout, as a site's author would: in a
		// checkout the build would check the scoring module's sources
		// on every run.
		cmd.Dir = b.tmp
		return cmd
	}}}
	if b.hugo != "" {
		cache := filepath.Join(b.tmp, "hugo-cache")
		ts = append(ts, tool{"Hugo", func(src, out string) *exec.Cmd {
			return exec.Command(b.hugo, "--minify", "--quiet", "-s", src, "-d", out, "--cacheDir", cache)
		}})
	}
	return ts
}

// generate writes the n-page corpora under dir and returns their folders
// (the Hugo one "" without Hugo) and the Latticework site's source size.
func (b *bench) generate(n int, dir string) (lwSrc, hugoSrc string, srcMiB float64, err error) {
	lwSrc = filepath.Join(dir, "latticework")
	c, err := corpus.WriteSite(corpus.Options{Pages: n, Exercises: b.o.exercises, Seed: b.seed}, lwSrc)
	if err != nil {
		return "", "", 0, err
	}
	b.corpus = c
	if b.hugo != "" && n <= b.o.hugoMaxPages {
		hugoSrc = filepath.Join(dir, "hugo")
		if err := c.Hugo(corpus.WriteDir(hugoSrc)); err != nil {
			return "", "", 0, err
		}
	}
	size, _ := duSize(filepath.Join(lwSrc, "content"))
	return lwSrc, hugoSrc, float64(size) / (1 << 20), nil
}

// runs times every tool `runs` times on its corpus, alternating, after
// one untimed warm-up each if warmUp, and returns the samples by tool
// index and each tool's last output folder. A tool whose corpus is ""
// is skipped, as are those after it.
func (b *bench) runs(dir string, srcs []string, runs int, warmUp bool) ([][]sample, []string, error) {
	tools := b.tools()
	if i := slices.Index(srcs, ""); i >= 0 && i < len(tools) {
		tools = tools[:i]
	}
	samples := make([][]sample, len(tools))
	outs := make([]string, len(tools))
	runsOf := make([]int, len(tools))
	once := func(i int) (sample, error) {
		if b.o.deleteBetween && outs[i] != "" {
			if err := os.RemoveAll(outs[i]); err != nil {
				return sample{}, err
			}
		}
		runsOf[i]++
		outs[i] = filepath.Join(dir, fmt.Sprintf("out-%s-%d", strings.ToLower(tools[i].name), runsOf[i]))
		if i == 0 {
			if err := forgetPages(srcs[0]); err != nil {
				return sample{}, err
			}
		}
		settle()
		return measure(tools[i].cmd(srcs[i], outs[i]))
	}
	for i := range tools {
		if !warmUp {
			break
		}
		if _, err := once(i); err != nil {
			return nil, nil, err
		}
	}
	for r := range runs {
		order := []int{0, 1}[:len(tools)]
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, i := range order {
			s, err := once(i)
			if err != nil {
				return nil, nil, err
			}
			samples[i] = append(samples[i], s)
		}
	}
	return samples, outs, nil
}

// compare measures both tools on an n-page corpus.
func (b *bench) compare(n int) (sizeResult, error) {
	dir := filepath.Join(b.tmp, fmt.Sprintf("n%d", n))
	defer b.done(dir)
	fmt.Fprintf(b.log, "%d pages: generating\n", n)
	lwSrc, hugoSrc, srcMiB, err := b.generate(n, dir)
	if err != nil {
		return sizeResult{}, err
	}
	large := n > largePages
	runs := b.o.runs
	if large {
		runs = b.o.largeRuns
		fmt.Fprintf(b.log, "%d pages: %d timed runs, no warm-up\n", n, runs)
	} else {
		fmt.Fprintf(b.log, "%d pages: 1 warm-up and %d timed runs of each tool\n", n, runs)
	}
	samples, outs, err := b.runs(dir, []string{lwSrc, hugoSrc}, runs, !large)
	if err != nil {
		return sizeResult{}, err
	}
	res := sizeResult{pages: n, srcMiB: srcMiB}
	if b.hugo != "" && hugoSrc == "" {
		res.hugoSkipped = fmt.Sprintf("above -hugo-max-pages %d, as it would need about %.0f GiB", b.o.hugoMaxPages, 8*float64(n)/10000)
	}
	if b.o.warmRuns > 0 && !large {
		if res.warm, res.warmEdit, err = b.warmRuns(dir, lwSrc, n); err != nil {
			return sizeResult{}, err
		}
	}
	for i, ss := range samples {
		s := summarizeSamples(ss)
		size, files := duSize(outs[i])
		s.OutMiB, s.Files = float64(size)/(1<<20), files
		if i == 0 {
			res.lw = &s
		} else {
			res.hugo = &s
		}
	}
	return res, nil
}

// forgetPages deletes what builds keep of the pages in the site's cache,
// so that the next build is cold: the page store and the outputs'
// manifests, not the compressed scoring module.
func forgetPages(site string) error {
	for _, sub := range []string{"pages", "outputs"} {
		if err := os.RemoveAll(filepath.Join(site, ".cache", sub)); err != nil {
			return err
		}
	}
	return nil
}

// warmRuns times Latticework's warm builds of the n-page site src into one
// output: -warm-runs of the unchanged site, then as many each after
// appending a paragraph to one page. Two untimed builds first make the
// cache and leave the previous output beside the current one, as every
// later build finds them.
func (b *bench) warmRuns(dir, src string, n int) (warm, edit *series, err error) {
	fmt.Fprintf(b.log, "%d pages: %d warm runs of Latticework, unchanged and after an edit\n", n, b.o.warmRuns)
	out := filepath.Join(dir, "out-warm")
	if err := forgetPages(src); err != nil {
		return nil, nil, err
	}
	lw := b.tools()[0]
	for range 2 {
		if _, err := measure(lw.cmd(src, out)); err != nil {
			return nil, nil, err
		}
	}
	var unchanged, edited []sample
	for r := range 2 * b.o.warmRuns {
		if r >= b.o.warmRuns {
			page := filepath.Join(src, filepath.FromSlash(b.corpus.PageFile((r*97+5)%n)))
			f, err := os.OpenFile(page, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				return nil, nil, err
			}
			_, err = fmt.Fprintf(f, "\nEdit %d, made to time a warm build.\n", r)
			if err := errors.Join(err, f.Close()); err != nil {
				return nil, nil, err
			}
		}
		settle()
		s, err := measure(lw.cmd(src, out))
		if err != nil {
			return nil, nil, err
		}
		if r < b.o.warmRuns {
			unchanged = append(unchanged, s)
		} else {
			edited = append(edited, s)
		}
	}
	w, e := summarizeSamples(unchanged), summarizeSamples(edited)
	size, files := duSize(out)
	w.OutMiB, w.Files = float64(size)/(1<<20), files
	e.OutMiB, e.Files = w.OutMiB, w.Files
	return &w, &e, nil
}

// findHugo returns the Hugo release version, from the checkout's cache,
// installing it there first if it is not yet (go install, which needs the
// Go module proxy; it takes a few minutes, once).
func findHugo(root, version string, log io.Writer) (string, error) {
	dir := filepath.Join(wasmbuild.CacheDir(root), "hugo-"+version)
	bin := filepath.Join(dir, "hugo")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	fmt.Fprintf(log, "installing Hugo %s into %s (go install; a few minutes, once)\n", version, dir)
	cmd := exec.Command("go", "install", "github.com/gohugoio/hugo@"+version)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("installing Hugo %s: %w (or name one with -hugo, or skip it with -hugo none)", version, err)
	}
	return bin, nil
}

// done removes a measurement's folder once it is measured, with
// -delete-between. Otherwise the folder stays until the whole temporary
// folder is removed at the end, so that its deletion does not slow the
// runs that follow (see the package comment).
func (b *bench) done(dir string) {
	if b.o.deleteBetween && !b.o.keep {
		os.RemoveAll(dir)
	}
}

// startup times both tools on a one-page site, where start-up dominates.
func (b *bench) startup() (sizeResult, error) {
	dir := filepath.Join(b.tmp, "startup")
	defer b.done(dir)
	fmt.Fprintf(b.log, "start-up: %d runs of each tool on a one-page site\n", b.o.startupRuns)
	lwSrc, hugoSrc, srcMiB, err := b.generate(1, dir)
	if err != nil {
		return sizeResult{}, err
	}
	samples, _, err := b.runs(dir, []string{lwSrc, hugoSrc}, b.o.startupRuns, true)
	if err != nil {
		return sizeResult{}, err
	}
	res := sizeResult{pages: 1, srcMiB: srcMiB}
	lw := summarizeSamples(samples[0])
	res.lw = &lw
	if len(samples) > 1 {
		h := summarizeSamples(samples[1])
		res.hugo = &h
	}
	return res, nil
}

// rebuilds times the dev server's path: a full incremental-mode build,
// then rebuilds after editing one page's body, a different page each
// time, -rebuild-pause apart: the background work a rebuild starts (the
// search index) then competes with the next one as it would for a person
// saving. It returns the rebuild times in seconds and how many of them
// fell back to a full build.
func (b *bench) rebuilds() ([]float64, int, error) {
	n := b.o.rebuildPages
	dir := filepath.Join(b.tmp, "rebuild")
	defer os.RemoveAll(dir)
	fmt.Fprintf(b.log, "incremental: %d single-page rebuilds on %d pages\n", b.o.rebuildRuns, n)
	src := filepath.Join(dir, "latticework")
	c, err := corpus.WriteSite(corpus.Options{Pages: n, Exercises: b.o.exercises, Seed: b.seed}, src)
	if err != nil {
		return nil, 0, err
	}
	site, err := sitefs.Open(src) // as cmd/serve reads it
	if err != nil {
		return nil, 0, err
	}
	defer site.Close()
	bl := build.New(build.Options{
		Site: site, Defaults: latticework.Default, Out: filepath.Join(dir, "public"), Incremental: true,
		WASMDir: b.wasm, CacheDir: filepath.Join(src, ".cache"),
	})
	defer bl.Wait() // before the folder is removed
	ctx := context.Background()
	if _, err := bl.Build(ctx); err != nil {
		return nil, 0, err
	}
	var times []float64
	full := 0
	for r := range b.o.rebuildRuns {
		page := c.PageFile((r*97 + 5) % n)
		name := filepath.Join(src, filepath.FromSlash(page))
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, 0, err
		}
		data = fmt.Appendf(data, "\nEdit %d, made to time an incremental rebuild.\n", r)
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return nil, 0, err
		}
		start := time.Now()
		res, err := bl.Rebuild(ctx, []string{page})
		if err != nil {
			return nil, 0, err
		}
		times = append(times, time.Since(start).Seconds())
		if res.Full {
			full++
		}
		time.Sleep(b.o.rebuildPause)
	}
	return times, full, nil
}

// report prints the results as Markdown.
func (b *bench) report(w io.Writer, hugoNote string, results []sizeResult, startup *sizeResult, rebuild []float64, rebuildFull int) {
	fmt.Fprintf(w, "Command: `%s`\n\n", strings.Join(append([]string{"go run ./bench/compare"}, os.Args[1:]...), " "))
	ex := "no exercise blocks"
	if b.o.exercises {
		ex = fmt.Sprintf("an exercise block on every %dth page", corpus.ExerciseEvery)
	}
	fmt.Fprintf(w, "Corpora: the Trust Dynamics article, %s.\n\n", ex)
	fmt.Fprintf(w, "Machine: %s; %d CPUs (GOMAXPROCS %d); %s; %s/%s; %s.\n",
		cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), memTotal(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if b.hugo != "" {
		fmt.Fprintf(w, "Hugo: `%s`.\n", b.hugoVersion)
	} else {
		fmt.Fprintf(w, "\n%s\n", hugoNote)
	}
	fmt.Fprintf(w, "Load average (1, 5, 15 min) at the start: %s; at the end: %s. Other work on the machine slows both tools alike, since runs alternate, but widens the ranges.\n", b.loadStart, loadAvg())
	fmt.Fprintf(w, "\nEach figure: median of %d runs (min–max), after one warm-up run of each tool; runs alternate between the tools.", b.o.runs)
	if b.o.deleteBetween {
		fmt.Fprint(w, " Each run's output was deleted just before the tool's next run (-delete-between).\n\n")
	} else {
		fmt.Fprint(w, " Each run wrote a fresh output folder; all were kept until the end.\n\n")
	}
	if slices.ContainsFunc(results, func(r sizeResult) bool { return r.pages > largePages }) {
		fmt.Fprintf(w, "Above %d pages: %d timed run(s) of Latticework, with no warm-up and no warm builds (-large-runs).\n\n", largePages, b.o.largeRuns)
	}

	if b.hugo != "" {
		fmt.Fprintf(w, "Builds, Latticework (cold, then warm) and %s (cold):\n\n", b.hugoName())
	}
	fmt.Fprintln(w, "| pages | source | tool | wall | CPU (user+sys) | peak RSS | output |")
	fmt.Fprintln(w, "|---:|---:|---|---|---|---|---|")
	for _, r := range results {
		for _, t := range []struct {
			name string
			s    *series
		}{{"Latticework", r.lw}, {"Latticework, warm, unchanged", r.warm}, {"Latticework, warm, one page edited", r.warmEdit}, {b.hugoName(), r.hugo}} {
			if t.s == nil {
				continue
			}
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s, %d files |\n", r.pages, fmtMiB(r.srcMiB), t.name,
				fmtStat(t.s.Wall, fmtSeconds), fmtStat(t.s.CPU, fmtSeconds), fmtStat(t.s.RSS, fmtMiB), fmtMiB(t.s.OutMiB), t.s.Files)
		}
		if r.hugoSkipped != "" {
			fmt.Fprintf(w, "| %d | %s | %s skipped: %s | – | – | – | – |\n", r.pages, fmtMiB(r.srcMiB), b.hugoName(), r.hugoSkipped)
		}
	}
	if b.hugo != "" {
		fmt.Fprintf(w, "\nRatios, Latticework / %s, of the medians of cold builds (goals: wall ≤ 0.3× at 1,000 pages and ≤ 0.25× at 10,000; peak RSS ≤ 0.3×):\n", b.hugoName())
		fmt.Fprintln(w, "The fastest runs are the least disturbed by other work on the machine, so the ratio of the minimum wall times is shown too.")
		fmt.Fprintln(w, "\n| pages | wall | wall, fastest runs | CPU | peak RSS | goals |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---|")
		for _, r := range results {
			if r.hugo == nil {
				continue
			}
			wall, cpu, rss := r.lw.Wall.Med/r.hugo.Wall.Med, r.lw.CPU.Med/r.hugo.CPU.Med, r.lw.RSS.Med/r.hugo.RSS.Med
			fmt.Fprintf(w, "| %d | %.3f× | %.3f× | %.3f× | %.3f× | %s |\n", r.pages, wall, r.lw.Wall.Min/r.hugo.Wall.Min, cpu, rss, goals(r.pages, wall, rss))
		}
	}
	if len(results) > 0 && results[0].warm != nil {
		fmt.Fprintf(w, "\nWarm builds, %d runs of each kind into the output of the build before, with its cache; ratios of the medians (goals at 10,000 pages: unchanged ≤ 0.15× of the cold build, one page edited ≤ 0.2×):\n\n", b.o.warmRuns)
		fmt.Fprintf(w, "| pages | unchanged / cold | edited / cold | unchanged / %[1]s | edited / %[1]s | goals |\n", b.hugoName())
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---|")
		for _, r := range results {
			if r.warm == nil {
				continue
			}
			u, e := r.warm.Wall.Med/r.lw.Wall.Med, r.warmEdit.Wall.Med/r.lw.Wall.Med
			uh, eh := "–", "–"
			if r.hugo != nil {
				uh, eh = fmt.Sprintf("%.3f×", r.warm.Wall.Med/r.hugo.Wall.Med), fmt.Sprintf("%.3f×", r.warmEdit.Wall.Med/r.hugo.Wall.Med)
			}
			fmt.Fprintf(w, "| %d | %.3f× | %.3f× | %s | %s | unchanged ≤ 0.15×: %s; edited ≤ 0.2×: %s |\n", r.pages, u, e, uh, eh, met(u <= 0.15), met(e <= 0.2))
		}
	}
	b.reportLarge(w, results)
	if startup != nil {
		fmt.Fprintf(w, "\nStart-up, one-page site, cold, median of %d runs (min–max): Latticework %s wall, %s CPU, %s peak RSS",
			b.o.startupRuns, fmtStat(startup.lw.Wall, fmtSeconds), fmtStat(startup.lw.CPU, fmtSeconds), fmtMiB(startup.lw.RSS.Med))
		if startup.hugo != nil {
			ratio := startup.lw.Wall.Med / startup.hugo.Wall.Med
			fmt.Fprintf(w, "; %s %s wall, %s CPU, %s peak RSS; ratio %.3f× wall (goal ≤ 0.3×: %s), %.3f× CPU",
				b.hugoName(), fmtStat(startup.hugo.Wall, fmtSeconds), fmtStat(startup.hugo.CPU, fmtSeconds), fmtMiB(startup.hugo.RSS.Med),
				ratio, met(ratio <= 0.3), startup.lw.CPU.Med/startup.hugo.CPU.Med)
		}
		fmt.Fprintln(w, ".")
	}
	if len(rebuild) > 0 {
		s := summarize(rebuild)
		fmt.Fprintf(w, "\nIncremental rebuild after editing one page's body, %d pages, %d rebuilds %v apart (in process, as cmd/serve runs it; excludes the watcher's quiet window): p50 %s, p95 %s, min %s, max %s",
			b.o.rebuildPages, len(rebuild), b.o.rebuildPause, fmtSeconds(percentile(rebuild, 50)), fmtSeconds(percentile(rebuild, 95)), fmtSeconds(s.Min), fmtSeconds(s.Max))
		if rebuildFull > 0 {
			fmt.Fprintf(w, "; %d of them rebuilt the whole site", rebuildFull)
		}
		fmt.Fprintln(w, ".")
	}
}

// reportLarge compares each size above largePages with the build at
// largePages, as the goal for 100,000 pages does: at most 11 times its
// wall time, in at most 4 GiB.
func (b *bench) reportLarge(w io.Writer, results []sizeResult) {
	i := slices.IndexFunc(results, func(r sizeResult) bool { return r.pages == largePages })
	if i < 0 {
		return
	}
	base := results[i].lw
	for _, r := range results {
		if r.pages <= largePages {
			continue
		}
		ratio, gib := r.lw.Wall.Med/base.Wall.Med, r.lw.RSS.Med/1024
		goal := ""
		if r.pages == 100000 {
			goal = " (goal ≤ 11×: " + met(ratio <= 11) + ")"
		}
		fmt.Fprintf(w, "\nLatticework at %d pages against %d: wall %.2f×%s, CPU %.2f×, peak RSS %.2f GiB (goal ≤ 4 GiB: %s).\n",
			r.pages, largePages, ratio, goal, r.lw.CPU.Med/base.CPU.Med, gib, met(gib <= 4))
	}
}

// goals says which of the goals a size's ratios meet.
func goals(pages int, wall, rss float64) string {
	var g []string
	switch pages {
	case 1000:
		g = append(g, "wall ≤ 0.3×: "+met(wall <= 0.3))
	case 10000:
		g = append(g, "wall ≤ 0.25×: "+met(wall <= 0.25))
	}
	g = append(g, "RSS ≤ 0.3×: "+met(rss <= 0.3))
	return strings.Join(g, "; ")
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// hugoName names the Hugo measured in tables, with its version.
func (b *bench) hugoName() string {
	if f := strings.Fields(b.hugoVersion); len(f) > 1 && strings.HasPrefix(f[1], "v") {
		return "Hugo " + strings.SplitN(f[1], "+", 2)[0]
	}
	return "Hugo"
}

func hugoVersion(hugo string) string {
	out, err := exec.Command(hugo, "version").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// cpuModel returns the processor's name from /proc/cpuinfo, where there is one.
func cpuModel() string {
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		return v
	}
	return "CPU model unknown"
}

// memTotal returns the machine's memory from /proc/meminfo.
func memTotal() string {
	v := procField("/proc/meminfo", "MemTotal")
	kb, err := strconv.ParseFloat(strings.TrimSuffix(v, " kB"), 64)
	if err != nil {
		return "memory unknown"
	}
	return fmt.Sprintf("%.1f GiB memory", kb/(1<<20))
}

// loadAvg returns the 1, 5 and 15 minute load averages, where known.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// procField returns the value of the first "key: value" line for key.
func procField(file, key string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// walkFiles calls f for every regular file under dir.
func walkFiles(dir string, f func(os.FileInfo)) error {
	return filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			f(info)
		}
		return err
	})
}
