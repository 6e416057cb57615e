package cli

import (
	"runtime/debug"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// Set by a release build (.goreleaser.yaml's ldflags). A binary built by
// go build or go install leaves them empty and is described by the build
// information the go command records instead.
var (
	stampedVersion string // "v1.2.0"
	stampedCommit  string
	stampedRelease string // "true" for a tagged release, "false" for a snapshot
)

// Build describes the running latticework binary.
type Build struct {
	// Version is "v1.2.0" for a release or go install …@v1.2.0, a
	// pseudo-version for go install …@main, "(devel)" or "(unknown)" for
	// a build in a checkout.
	Version string
	// Commit is the commit it was built from, when known, and Dirty
	// whether its files differed from that commit.
	Commit string
	Dirty  bool
	// Release reports whether Version is a published release, whose
	// archives a site's workflow can download.
	Release bool
}

// BuildInfo describes the running binary.
func BuildInfo() Build {
	if stampedVersion != "" {
		return Build{Version: stampedVersion, Commit: stampedCommit, Release: stampedRelease == "true"}
	}
	b := Build{Version: "(unknown)"}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if info.Main.Version != "" {
		b.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.modified":
			b.Dirty = s.Value == "true"
		}
	}
	b.Release = IsRelease(b.Version)
	return b
}

// IsRelease reports whether v, a version the go command recorded, names
// a tagged release: not a pseudo-version (go install …@main), not a
// build from a modified checkout ("+dirty"), not "(devel)".
func IsRelease(v string) bool {
	return semver.IsValid(v) && semver.Build(v) == "" && !module.IsPseudoVersion(v)
}
