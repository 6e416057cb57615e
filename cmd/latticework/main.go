// Command latticework builds, checks and serves Latticework sites, and
// starts new articles: one command for what cmd/build, cmd/serve and
// cmd/new each do, sharing every line of their code.
//
//	go install github.com/latticework/latticework/cmd/latticework@latest
//	latticework build [-src DIR] [-out DIR] [-drafts]
//	latticework check [-src DIR] [-ci]
//	latticework serve [-src DIR] [-port 1313]
//	latticework new -title TITLE [-category FOLDER]
//	latticework init [DIR]
//	latticework version
//
// `latticework -h` lists the commands and `latticework COMMAND -h` the
// flags of one. The exit status is 2 for a usage mistake and 1 for a
// failed build or check.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/latticework/latticework/internal/cli"
	"github.com/latticework/latticework/internal/cli/buildcmd"
	"github.com/latticework/latticework/internal/cli/initcmd"
	"github.com/latticework/latticework/internal/cli/newcmd"
	"github.com/latticework/latticework/internal/cli/servecmd"
)

// A command is run with its full name ("latticework build"), its
// arguments, and where to write; it returns the exit status.
type command struct {
	name, summary string
	run           func(name string, args []string, stdout, stderr io.Writer) int
}

var commands = []command{
	{"build", "build the site into public/", buildcmd.Build},
	{"check", "check every page, link and exercise; write nothing", buildcmd.Check},
	{"serve", "preview the site, rebuilding and reloading on every change", servecmd.Serve},
	{"new", "start a new article and its worksheet", newcmd.New},
	{"init", "write a new site folder that builds at once", initcmd.Init},
	{"version", "print the version of latticework and of Go it was built with", version},
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			// "latticework help build" is "latticework build -h".
			return run([]string{args[1], "-h"}, stdout, stderr)
		}
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run("latticework "+c.name, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "latticework: unknown command %q\nRun 'latticework -h' for usage.\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Latticework builds documentation sites from Markdown.\n\nUsage:\n\n\tlatticework <command> [flags]\n\nThe commands are:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nUse \"latticework <command> -h\" for the flags of a command.\n")
}

// version prints the version ("v1.2.0" for a release or go install
// …@v1.2.0, "(devel)" in a checkout), the commit when known, and the Go
// version.
func version(name string, args []string, stdout, stderr io.Writer) int {
	flags := cli.NewFlagSet(name, "", "Version prints the version of latticework, its commit when known, and the Go\nversion, system and architecture it was built for.")
	if status, ok := cli.Parse(flags, args, stdout, stderr); !ok {
		return status
	}
	if flags.NArg() > 0 {
		cli.UsageError(flags, stderr, name+" takes no arguments")
		return 2
	}
	b := cli.BuildInfo()
	rev := ""
	if b.Commit != "" {
		rev = " " + b.Commit[:min(12, len(b.Commit))]
	}
	if b.Dirty {
		rev += "+dirty"
	}
	fmt.Fprintf(stdout, "latticework %s%s %s %s/%s\n", b.Version, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}
