// Command build builds a Latticework site into public/.
//
//	go run ./cmd/build [-src DIR] [-out DIR] [-drafts]
//
// Problems are printed as file:line:col: message, every one of them, and
// the exit status is 1; the previous output is then left untouched.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/cli"
)

func main() {
	src := flag.String("src", ".", "site `folder` holding content/, layouts/, static/ and latticework.yaml")
	out := flag.String("out", "", "output `folder` (default: public/ inside -src)")
	drafts := flag.Bool("drafts", false, "include pages marked draft: true")
	cache := flag.String("cache", "", "`folder` for reusable build work (default: .cache/ inside -src)")
	wasm := flag.String("wasm", "", "`folder` holding scorer.wasm and wasm_exec.js (default: compiled into the cache when run in a Latticework checkout)")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	if *cache == "" {
		*cache = filepath.Join(*src, ".cache")
	}
	if _, err := os.Stat(filepath.Join(*src, "content")); err != nil {
		fmt.Fprintf(os.Stderr, "%s has no content/ folder: run build in a site's folder, or name one with -src\n", *src)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *wasm == "" {
		dir, err := cli.ScorerDir(ctx, *cache)
		if err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			os.Exit(1)
		}
		*wasm = dir
	}

	b := build.New(build.Options{
		Site:     os.DirFS(*src),
		Defaults: latticework.Default,
		Out:      *out,
		Drafts:   *drafts,
		WASMDir:  *wasm,
		CacheDir: *cache,
	})
	res, err := b.Build(ctx)
	if err != nil {
		cli.PrintError(os.Stderr, err)
		os.Exit(1)
	}
	cli.PrintProblems(os.Stderr, res.Warnings)
	fmt.Printf("built %d pages (%d files) into %s in %v\n", res.Pages, res.Files, *out, res.Elapsed.Round(1e6))
}
