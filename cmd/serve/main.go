// Command serve builds a Latticework site, serves it on 127.0.0.1, and
// rebuilds and reloads open pages whenever it changes; `latticework serve`
// is the same command (package servecmd).
//
//	go run ./cmd/serve [-src DIR] [-addr 127.0.0.1] [-port 1313]
package main

import (
	"os"

	"github.com/latticework/latticework/internal/cli/servecmd"
)

func main() { os.Exit(servecmd.Serve("serve", os.Args[1:], os.Stdout, os.Stderr)) }
