// Command gencorpus writes a benchmark site of N pages generated from the
// Trust Dynamics article, and optionally the equivalent Hugo site:
//
//	go run ./cmd/gencorpus -n 1000 -out DIR [-hugo DIR] [-exercises] [-seed DIR]
//
// The same -n gives the same files on every run and machine. Every link in
// the corpus resolves, so `go run ./cmd/build -src DIR` succeeds on it.
//
// The seed is the site holding the Trust Dynamics article: by default the
// repository when run in a Latticework checkout, else the site built into
// this program. -exercises (on by default) places an ```exercise block on
// every 10th page and copies exercises/trust-dynamics.yaml from the seed; the site built
// into the program has no exercises/, so outside a checkout the corpus
// has no exercise blocks unless -seed names a site that has
// exercises/trust-dynamics.yaml. See internal/corpus for the layout of a
// corpus and docs/benchmarks.md for how it is used.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/wasmbuild"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command, with its arguments and output passed in for tests.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fl.SetOutput(stderr)
	n := fl.Int("n", 1000, "number of `pages`")
	out := fl.String("out", "", "`folder` for the Latticework site (required; must not exist or be empty)")
	hugo := fl.String("hugo", "", "`folder` for the equivalent Hugo site (optional; must not exist or be empty)")
	exercises := fl.Bool("exercises", true, "put an exercise block on every 10th page (needs exercises/trust-dynamics.yaml in the seed)")
	flat := fl.Bool("flat", false, "put every page in one folder, content/docs/, titled as a real category's pages are")
	seed := fl.String("seed", "", "site `folder` holding the seed article (default: the repository in a Latticework checkout, else the site built into this program)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fl.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: gencorpus -n PAGES -out DIR [-hugo DIR] [-exercises=false] [-flat] [-seed DIR]")
		return 2
	}
	var seedFS fs.FS = latticework.Default
	switch {
	case *seed != "":
		seedFS = os.DirFS(*seed)
	case wasmbuild.IsSourceTree("."):
		seedFS = os.DirFS(".")
	}
	if _, err := fs.Stat(seedFS, corpus.ExerciseFile); err != nil && *exercises && !isSet(fl, "exercises") {
		// The default asks for exercises where they can be had; naming
		// the flag asks for them whatever the seed.
		fmt.Fprintf(stderr, "no %s in the seed site: writing the corpus without exercise blocks\n", corpus.ExerciseFile)
		*exercises = false
	}
	c, err := corpus.New(corpus.Options{Pages: *n, Exercises: *exercises, Flat: *flat, Seed: seedFS})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := write(*out, c.Latticework); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d pages into %s\n", *n, *out)
	if *hugo != "" {
		if err := write(*hugo, c.Hugo); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote the Hugo site into %s\n", *hugo)
	}
	return 0
}

// isSet reports whether the command line named flag name.
func isSet(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// write generates a site into dir, refusing a folder with files in it: a
// corpus written over another would keep the other's extra pages.
func write(dir string, gen func(corpus.Emit) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: give a new folder", dir)
	}
	return gen(corpus.WriteDir(dir))
}
