package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"latticework": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the scenarios in testdata/script: help, usage
// mistakes, and each command on a small site.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}

// TestExitStatus checks the statuses scripts cannot tell apart: 0 for
// help, 2 for a usage mistake, 1 for a failed build or check.
func TestExitStatus(t *testing.T) {
	site := t.TempDir()
	for name, data := range map[string]string{
		"content/index.md": "---\ntitle: Home\n---\n# Home\n\nA link [to nothing](/missing).\n",
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"-h"}, 0},
		{[]string{"help"}, 0},
		{[]string{"help", "serve"}, 0},
		{[]string{"build", "-h"}, 0},
		{[]string{"check", "-help"}, 0},
		{[]string{"version"}, 0},
		{nil, 2},
		{[]string{"bild"}, 2},
		{[]string{"help", "bild"}, 2},
		{[]string{"build", "-nope"}, 2},
		{[]string{"check", "-out", "x"}, 2},
		{[]string{"check", site}, 2},
		{[]string{"serve", "-port", "many"}, 2},
		{[]string{"new"}, 2},
		{[]string{"new", "-title", "Pareto", "Principle"}, 2},
		{[]string{"version", "now"}, 2},
		{[]string{"init", "a", "b"}, 2},
		{[]string{"init", "-nope"}, 2},
		{[]string{"init", "-h"}, 0},
		{[]string{"build", "-src", site, "-wasm", t.TempDir()}, 1},
		{[]string{"check", "-src", site}, 1},
	} {
		var stdout, stderr strings.Builder
		if got := run(tc.args, &stdout, &stderr); got != tc.want {
			t.Errorf("latticework %s: exit status %d, want %d\nstdout: %s\nstderr: %s", strings.Join(tc.args, " "), got, tc.want, stdout.String(), stderr.String())
		}
	}
}
