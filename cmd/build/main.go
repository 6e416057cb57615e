// Command build builds a Latticework site into public/, or with -check
// checks it and writes nothing; `latticework build` and `latticework check`
// are the same command (package buildcmd).
//
//	go run ./cmd/build [-src DIR] [-out DIR] [-drafts] [-check] [-ci]
package main

import (
	"os"

	"github.com/latticework/latticework/internal/cli/buildcmd"
)

func main() { os.Exit(buildcmd.Build("build", os.Args[1:], os.Stdout, os.Stderr)) }
