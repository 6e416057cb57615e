package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"build": main})
}

// TestScripts runs the command-line scenarios in testdata/script: each
// builds a small site with the real binary and checks its output, exit
// status and files.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
