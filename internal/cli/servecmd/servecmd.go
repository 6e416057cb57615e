// Package servecmd is the serve command, which cmd/serve and the serve
// subcommand of cmd/latticework run. It builds a Latticework site, serves
// it on 127.0.0.1, and rebuilds and reloads open pages whenever a file
// under content/, layouts/, static/ or exercises/ changes. A build error
// shows in the page, with its file:line:col, while the last good site
// stays served.
//
// Without -src, and outside a site folder, it serves the site built into
// the binary.
package servecmd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/cli"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/serve"
	"github.com/latticework/latticework/internal/sitefs"
	"github.com/latticework/latticework/internal/wasmbuild"
	"github.com/latticework/latticework/internal/watch"
)

// Serve runs the serve command named name ("serve", "latticework serve")
// with args until interrupted, and returns its exit status: 2 for a usage
// mistake, 1 if it cannot serve.
func Serve(name string, args []string, stdout, stderr io.Writer) int {
	flag := cli.NewFlagSet(name, "[-src DIR] [-addr 127.0.0.1] [-port 1313]",
		"Serve builds the site, serves it, and rebuilds and reloads open pages on every change.\nA build error shows in the page while the last good site stays served.")
	src := flag.String("src", "", "site `folder` to serve (default: this folder if it has content/, else the built-in site)")
	out := flag.String("out", "", "output `folder` (default: public/ inside the site folder, or a temporary folder)")
	addr := flag.String("addr", "127.0.0.1", "`address` to listen on; 0.0.0.0 exposes the preview to your network")
	port := flag.Int("port", 1313, "`port` to listen on")
	if status, ok := cli.Parse(flag, args, stdout, stderr); !ok {
		return status
	}
	if flag.NArg() > 0 {
		cli.UsageError(flag, stderr, fmt.Sprintf("unexpected argument %q: name the site folder with -src", flag.Arg(0)))
		return 2
	}
	log.SetFlags(log.Ltime)
	log.SetOutput(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", net.JoinHostPort(*addr, strconv.Itoa(*port)))
	if err == nil {
		err = run(ctx, *src, *out, ln, stdout, stderr)
	}
	if err != nil {
		log.Print(err)
		return 1
	}
	return 0
}

// watched are the site folders whose changes trigger a rebuild. Changes
// to latticework.yaml take effect on restart.
var watched = []string{"content", "layouts", "static", "exercises", "i18n"}

// run builds the site and serves it on ln until ctx is done.
func run(ctx context.Context, src, out string, ln net.Listener, stdout, stderr io.Writer) error {
	var site fs.FS = latticework.Default
	if src == "" && isSite(".") {
		src = "."
	}
	if src != "" {
		// Confined to the site folder: a link out of it is a build error,
		// never a file served (see package sitefs).
		dir, err := sitefs.Open(src)
		if err != nil {
			return err
		}
		defer dir.Close()
		site = dir
	}
	if out == "" {
		if src != "" {
			out = filepath.Join(src, "public")
		} else {
			tmp, err := os.MkdirTemp("", "latticework-serve-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			out = filepath.Join(tmp, "public")
		}
	}

	cache := filepath.Join(cmp.Or(src, "."), ".cache")
	if err := cli.CheckCache(cache, true); err != nil {
		return err
	}
	srv := serve.New(out, serve.Options{})
	// A rebuild that lays out many pages publishes the open ones first.
	b := build.New(build.Options{
		Site: site, Defaults: latticework.Default, Out: out, Drafts: true, Incremental: true,
		Scorer: cli.Scorer(ctx, cache), CacheDir: cache, SiteDir: src, Browsers: srv,
	})
	defer b.Wait()
	failed := func(err error) {
		if ctx.Err() != nil {
			return
		}
		var problems diag.Problems
		if errors.As(err, &problems) {
			srv.SetErrors(problems)
		} else {
			srv.SetErrors([]*diag.Error{{Msg: err.Error()}})
		}
		cli.PrintError(stderr, err)
	}
	rebuild := func(changed []string) {
		start := time.Now()
		var res *build.Result
		var err error
		scorerChanged := slices.ContainsFunc(changed, func(p string) bool { return strings.HasSuffix(p, ".go") })
		// The scorer's Go source changed: a full build recompiles the
		// module when a page uses it, and rebuilds every such page, since
		// the module's address changes.
		if changed == nil || scorerChanged {
			res, err = b.Build(ctx)
		} else {
			res, err = b.Rebuild(ctx, siteRelative(src, changed))
		}
		if err != nil {
			failed(err)
			return
		}
		cli.PrintProblems(stderr, res.Warnings)
		srv.SetErrors(res.Warnings)
		srv.Reload()
		if res.Rest == nil {
			log.Printf("%s: rendered %d and laid out %d of %d pages in %v", describe(src, changed), res.Rendered, res.LaidOut, res.Pages, res.Elapsed.Round(time.Millisecond/10))
			return
		}
		// The open pages came first; the others are being laid out.
		if err := <-res.Rest; err != nil {
			failed(err) // and the output is the last good build's again
			srv.Reload()
			return
		}
		log.Printf("%s: rendered %d and laid out %d of %d pages in %v, the open ones first in %v", describe(src, changed), res.Rendered, res.LaidOut, res.Pages, time.Since(start).Round(time.Millisecond/10), res.Elapsed.Round(time.Millisecond/10))
	}
	log.Printf("building %s…", describeSite(src))
	rebuild(nil)

	if src != "" {
		var roots []string
		for _, w := range watched {
			roots = append(roots, filepath.Join(src, w))
		}
		if wasmbuild.IsSourceTree(".") {
			// Working on Latticework itself: the scorer's sources too.
			roots = append(roots, wasmbuild.Sources...)
		}
		w, err := watch.New(roots, 0)
		if err != nil {
			return err
		}
		// On the way out: stop watching, let a rebuild under way finish,
		// then (deferred above) let its background work finish.
		loopDone := make(chan struct{})
		defer func() {
			w.Close()
			<-loopDone
		}()
		go func() {
			defer close(loopDone)
			for {
				select {
				case changed, ok := <-w.Batches():
					if !ok {
						return
					}
					rebuild(changed)
				case err, ok := <-w.Errors():
					if !ok {
						return
					}
					log.Printf("watching: %v", err)
					if errors.Is(err, watch.ErrOverflow) {
						// The rebuilds read only the files the watcher
						// names: after lost events, read them all again.
						rebuild(nil)
					}
				}
			}
		}()
	}
	fmt.Fprintf(stdout, "Serving %s at http://%s/ (Ctrl-C to stop)\n", describeSite(src), ln.Addr())
	return srv.Serve(ctx, ln)
}

func isSite(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "content"))
	return err == nil && st.IsDir()
}

func describeSite(src string) string {
	if src == "" {
		return "the built-in site"
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return src
	}
	return abs
}

// siteRelative turns the watcher's absolute paths into the slash-separated
// site paths the builder takes.
func siteRelative(src string, changed []string) []string {
	abs, _ := filepath.Abs(src)
	names := make([]string, 0, len(changed))
	for _, c := range changed {
		if r, err := filepath.Rel(abs, c); err == nil {
			c = filepath.ToSlash(r)
		}
		names = append(names, c)
	}
	return names
}

// describe names the changed files, for the log.
func describe(src string, changed []string) string {
	if changed == nil {
		return "start"
	}
	names := siteRelative(src, changed)
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("and %d more", len(names)-3))
	}
	return strings.Join(names, ", ")
}
