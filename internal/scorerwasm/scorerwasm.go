// Package scorerwasm holds the worksheet scoring module (cmd/scorer
// compiled to WebAssembly) and the wasm_exec.js of the toolchain that
// compiled it, so that an installed latticework builds worksheets with no
// Go toolchain. scorer.txt records that toolchain and the hash of the
// sources (wasmbuild.SourceHash); TestEmbeddedModule in this package fails
// when they drift. Regenerate with `make scorer-wasm`.
package scorerwasm

//go:generate go run ./gen

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"

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

// GoVersion is the Go toolchain the module was compiled with, and
// SourceHash the wasmbuild.SourceHash of the sources it was compiled from.
var GoVersion, SourceHash = parseRecord(record)

// Record is the content of scorer.txt for a module compiled by goVersion
// from sources of hash sourceHash.
func Record(goVersion, sourceHash string) string {
	return "go " + goVersion + "\nsources " + sourceHash + "\n"
}

func parseRecord(s string) (goVersion, sourceHash string) {
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			switch k {
			case "go":
				goVersion = v
			case "sources":
				sourceHash = v
			}
		}
	}
	return goVersion, sourceHash
}

// Module returns the module, decompressed.
func Module() ([]byte, error) {
	return io.ReadAll(brotli.NewReader(bytes.NewReader(compressed)))
}

// Support returns the wasm_exec.js the module starts with.
func Support() []byte { return support }

// Write puts the module and its wasm_exec.js into dir, leaving a file that
// already holds the same bytes untouched (so its cached hash stays valid).
func Write(dir string) error {
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
