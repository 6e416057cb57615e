// Package wasmbuild compiles the worksheet scorer (cmd/scorer) to
// WebAssembly with the Go toolchain on PATH, beside the wasm_exec.js of the
// same toolchain: the two must match, or the module fails to start.
package wasmbuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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

// Sources are the folders, under the module root, whose Go files make up
// the module.
var Sources = []string{"cmd/scorer", "internal/exercise"}

// SourceHash returns a SHA-256, in hex, of what the module is compiled
// from in the checkout at root: go.mod's module, go and toolchain lines
// and every Go file under Sources other than tests. Equal hashes, compiled
// by one Go version with -trimpath, give identical modules. go.mod's
// requirements are left out: the scorer imports only the standard library
// and Sources (TestEmbeddedModuleSourcesCoverImports), so a dependency
// added for the build or the tests does not change the module.
func SourceHash(root string) (string, error) {
	h := sha256.New()
	add := func(rel string) error {
		f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s\x00", rel)
		_, err = io.Copy(h, f)
		h.Write([]byte{0})
		return err
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	h.Write([]byte("go.mod\x00"))
	for line := range strings.Lines(string(mod)) {
		if f := strings.Fields(line); len(f) == 2 && (f[0] == "module" || f[0] == "go" || f[0] == "toolchain") {
			h.Write([]byte(line))
		}
	}
	h.Write([]byte{0})
	for _, dir := range Sources {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			return add(filepath.ToSlash(rel))
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ModulePath is the Go module that holds the scorer.
const ModulePath = "github.com/latticework/latticework"

// IsSourceTree reports whether dir is a checkout of Latticework itself,
// where the module can be compiled.
func IsSourceTree(dir string) bool {
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && strings.HasPrefix(string(mod), "module "+ModulePath+"\n")
}

// Ensure compiles the module into outDir unless it is there already and
// newer than every Go file it is built from, and reports whether it
// compiled.
func Ensure(ctx context.Context, root, outDir string) (bool, error) {
	if UpToDate(root, outDir) {
		return false, nil
	}
	return true, Compile(ctx, root, outDir)
}

// UpToDate reports whether the module in outDir is newer than every Go
// file it is built from, so that Ensure would not compile it.
func UpToDate(root, outDir string) bool {
	var built time.Time
	for _, f := range []string{Module, Support} {
		st, err := os.Stat(filepath.Join(outDir, f))
		if err != nil {
			return false
		}
		if built.IsZero() || st.ModTime().Before(built) {
			built = st.ModTime()
		}
	}
	newer := false
	for _, dir := range append([]string{"go.mod", "go.sum"}, Sources...) {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || newer {
				return nil
			}
			if info, err := d.Info(); err == nil && !d.IsDir() && info.ModTime().After(built) {
				newer = true
			}
			return nil
		})
	}
	return !newer
}

// CacheDir is where a checkout keeps reusable build work, including the
// compiled module (in its "wasm" folder).
func CacheDir(root string) string { return filepath.Join(root, ".cache") }
