// Package wasmbuild compiles the worksheet scorer (cmd/scorer) to
// WebAssembly with the Go toolchain on PATH, beside the wasm_exec.js of the
// same toolchain: the two must match, or the module fails to start.
package wasmbuild

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Module and Support are the files Compile writes.
const (
	Module  = "scorer.wasm"
	Support = "wasm_exec.js"
)

// GOROOT asks the go command on PATH for its root.
func GOROOT(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w (is Go installed and on PATH?)", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Compile builds the scorer package in module folder root (the folder
// holding go.mod) into outDir/scorer.wasm and copies the toolchain's
// wasm_exec.js beside it.
func Compile(ctx context.Context, root, outDir string) error {
	goroot, err := GOROOT(ctx)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	abs, err := filepath.Abs(filepath.Join(outDir, Module))
	if err != nil {
		return err
	}
	// -s -w drop symbol tables the browser never reads: a smaller download.
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", abs, "./cmd/scorer")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("compile the scorer to WebAssembly: %w\n%s", err, stderr.Bytes())
	}
	js, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", Support))
	if err != nil {
		return fmt.Errorf("the Go toolchain has no %s: %w", Support, err)
	}
	return os.WriteFile(filepath.Join(outDir, Support), js, 0o644)
}
