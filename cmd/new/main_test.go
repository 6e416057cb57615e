package main

import (
	"flag"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the files that scripts compare with cmp, then read the diff before accepting it")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"new": main})
}

// TestScripts runs the command-line scenarios in testdata/script: each
// runs new in a small site and checks what it printed and wrote. The
// expected article and exercise are kept in the scripts; -update rewrites
// them from what new writes now.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script", UpdateScripts: *update})
}
