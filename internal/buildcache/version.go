package buildcache

import (
	"encoding/hex"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/latticework/latticework/internal/publish"
)

// Version identifies the running Latticework's code, for keys: its module
// version when it has one from a release or a clean checkout's commit,
// else the SHA-256 of its executable (remembered in cacheDir by the
// file's identity, as publish.FileSum does), so that a build of changed
// code never reads what other code wrote. "" if neither is known, which
// callers take as no cache.
func Version(cacheDir string) string {
	if v := moduleVersion(); v != "" {
		return v
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	sum, err := publish.FileSum(exe, cacheDir)
	if err != nil {
		return ""
	}
	return "exe " + hex.EncodeToString(sum[:]) + " " + runtime.Version()
}

// moduleVersion returns the main module's version and the Go that built
// it, or "" for a development build or a checkout with changes.
var moduleVersion = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" || strings.HasSuffix(v, "+dirty") {
		return ""
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.modified" && s.Value == "true" {
			return ""
		}
	}
	return info.Main.Path + "@" + v + " " + info.GoVersion
})
