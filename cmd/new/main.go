// Command new starts a mental-model article and its worksheet;
// `latticework new` is the same command (package newcmd).
//
//	make new TITLE="Second-Order Thinking" [CATEGORY=docs/thinking-toolkit/classic-mental-models]
//	go run ./cmd/new -title TITLE [-category FOLDER] [-slug NAME] [-src DIR]
package main

import (
	"os"

	"github.com/latticework/latticework/internal/cli/newcmd"
)

func main() { os.Exit(newcmd.New("new", os.Args[1:], os.Stdout, os.Stderr)) }
