// Command gen compiles the worksheet scorer to WebAssembly and writes it,
// brotli-compressed, into internal/scorerwasm with the toolchain's
// wasm_exec.js and scorer.txt, which records the Go version, the hash
// of the sources and the module's SHA-256. Run it as `make scorer-wasm` (or `go generate
// ./internal/scorerwasm`) after changing the scorer's sources or go.mod's go line.
// It uses the Go version go.mod names, so that everyone regenerates the
// same bytes.
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/latticework/latticework/internal/scorerwasm"
	"github.com/latticework/latticework/internal/wasmbuild"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "scorerwasm:", err)
		os.Exit(1)
	}
}

func run() error {
	// go generate runs in the package's folder.
	root, out := filepath.Join("..", ".."), "."
	if !wasmbuild.IsSourceTree(root) {
		root, out = ".", filepath.Join("internal", "scorerwasm")
	}
	if !wasmbuild.IsSourceTree(root) {
		return fmt.Errorf("run in the Latticework checkout: make scorer-wasm")
	}
	want, err := goModVersion(root)
	if err != nil {
		return err
	}
	have, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return fmt.Errorf("go env GOVERSION: %w", err)
	}
	if got := strings.TrimSpace(string(have)); got != want {
		return fmt.Errorf("go.mod asks for %s but the go command is %s: run GOTOOLCHAIN=%s make scorer-wasm", want, got, want)
	}
	hash, err := wasmbuild.SourceHash(root)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "scorerwasm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := wasmbuild.Compile(context.Background(), root, tmp); err != nil {
		return err
	}
	mod, err := os.ReadFile(filepath.Join(tmp, wasmbuild.Module))
	if err != nil {
		return err
	}
	js, err := os.ReadFile(filepath.Join(tmp, wasmbuild.Support))
	if err != nil {
		return err
	}
	var br bytes.Buffer
	w := brotli.NewWriterLevel(&br, brotli.BestCompression)
	if _, err := w.Write(mod); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		scorerwasm.CompressedFile: br.Bytes(),
		wasmbuild.Support:         js,
		scorerwasm.RecordFile:     []byte(scorerwasm.Record(want, hash, mod)),
	} {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %s (%d bytes, %d compressed), compiled by %s\n", filepath.Join(out, scorerwasm.CompressedFile), len(mod), br.Len(), want)
	return nil
}

// goModVersion returns the Go version go.mod's go line names, as "go1.x.y".
func goModVersion(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			return "go" + strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("go.mod has no go line")
}
