// Package scorerwasm holds the worksheet scoring module (cmd/scorer
// compiled to WebAssembly) and the wasm_exec.js of the toolchain that
// compiled it, so that an installed latticework builds worksheets with no
// Go toolchain. scorer.txt records that toolchain, the hash of the sources
// (wasmbuild.SourceHash) and the module's SHA-256; the tests in this
// package fail when they drift. Regenerate with `make scorer-wasm`.
package scorerwasm

//go:generate go run ./gen

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/latticework/latticework/internal/publish"
	"github.com/latticework/latticework/internal/wasmbuild"
)

var (
	//go:embed scorer.wasm.br
	compressed []byte
	//go:embed wasm_exec.js
	support []byte
	//go:embed scorer.txt
	record string
)

// Files written beside the compressed module.
const (
	CompressedFile = "scorer.wasm.br"
	RecordFile     = "scorer.txt"
)

// GoVersion is the Go toolchain the module was compiled with, SourceHash
// the wasmbuild.SourceHash of the sources it was compiled from, and
// ModuleSum the hex SHA-256 of the module, decompressed.
var GoVersion, SourceHash, ModuleSum = parseRecord(record)

// Record is the content of scorer.txt for module compiled by goVersion
// from sources of hash sourceHash.
func Record(goVersion, sourceHash string, module []byte) string {
	sum := sha256.Sum256(module)
	return "go " + goVersion + "\nsources " + sourceHash + "\nmodule " + hex.EncodeToString(sum[:]) + "\n"
}

func parseRecord(s string) (goVersion, sourceHash, moduleSum string) {
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			switch k {
			case "go":
				goVersion = v
			case "sources":
				sourceHash = v
			case "module":
				moduleSum = v
			}
		}
	}
	return goVersion, sourceHash, moduleSum
}

// Module returns the module, decompressed.
func Module() ([]byte, error) {
	return io.ReadAll(brotli.NewReader(bytes.NewReader(compressed)))
}

// Support returns the wasm_exec.js the module starts with.
func Support() []byte { return support }

// Write puts the module and its wasm_exec.js into dir, leaving a file that
// already holds the same bytes untouched (so its cached hash stays valid).
// The module already there is recognised by its SHA-256, which
// publish.FileSum remembers in cacheDir ("" for none): decompressing it
// again would be a third of a one-page build.
func Write(dir, cacheDir string) error {
	if current(dir, cacheDir) {
		return nil
	}
	mod, err := Module()
	if err != nil {
		return fmt.Errorf("the embedded scoring module: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range map[string][]byte{wasmbuild.Module: mod, wasmbuild.Support: support} {
		p := filepath.Join(dir, name)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			continue
		}
		// Written beside and renamed: a build running at the same time
		// never reads half a module.
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, p); err != nil {
			return err
		}
	}
	return nil
}

// current reports whether dir already holds the embedded module and its
// wasm_exec.js.
func current(dir, cacheDir string) bool {
	sum, err := publish.FileSum(filepath.Join(dir, wasmbuild.Module), cacheDir)
	if err != nil || hex.EncodeToString(sum[:]) != ModuleSum {
		return false
	}
	js, err := os.ReadFile(filepath.Join(dir, wasmbuild.Support))
	return err == nil && bytes.Equal(js, support)
}
