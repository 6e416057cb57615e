package scorerwasm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/wasmbuild"
)

const root = "../.."

const regenerate = "the embedded scoring module is stale: run `make scorer-wasm` (go generate ./internal/scorerwasm) and commit internal/scorerwasm"

// TestEmbeddedModuleSources: the embedded module was compiled from the
// scorer's sources as they are now.
func TestEmbeddedModuleSources(t *testing.T) {
	hash, err := wasmbuild.SourceHash(root)
	if err != nil {
		t.Fatal(err)
	}
	if hash != SourceHash {
		t.Fatalf("%s\nthe scorer's sources hash to %s, the embedded module was compiled from %s", regenerate, hash, SourceHash)
	}
	if GoVersion == "" {
		t.Fatalf("%s: it records no Go version", RecordFile)
	}
}

// TestEmbeddedModuleSourcesCoverImports: wasmbuild.Sources, which the
// hash covers, holds every package of this module the scorer imports, and
// it imports no other module's, whose versions the hash leaves out.
func TestEmbeddedModuleSourcesCoverImports(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if .Main}}{{$.ImportPath}}{{else}}!{{$.ImportPath}}{{end}}{{end}}", "./cmd/scorer")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Skip("go list:", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if other, ok := strings.CutPrefix(pkg, "!"); ok {
			t.Errorf("the scorer imports %s, from another module: wasmbuild.SourceHash must then cover go.mod's requirements and go.sum", other)
			continue
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, wasmbuild.ModulePath), "/")
		covered := false
		for _, dir := range wasmbuild.Sources {
			covered = covered || rel == dir || strings.HasPrefix(rel, dir+"/")
		}
		if !covered {
			t.Errorf("the scorer imports %s, outside wasmbuild.Sources %v: add its folder there", pkg, wasmbuild.Sources)
		}
	}
}

// TestEmbeddedModuleReproducible compiles the scorer again, when the Go
// toolchain here is the one the embedded module records, and checks the
// bytes are the same: the embedded module is what its sources compile to.
func TestEmbeddedModuleReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("compiling the scorer takes seconds; skipped with -short")
	}
	v, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Skip("no go command:", err)
	}
	if got := strings.TrimSpace(string(v)); got != GoVersion {
		t.Skipf("the embedded module was compiled by %s, the go command here is %s", GoVersion, got)
	}
	dir := t.TempDir()
	if err := wasmbuild.Compile(context.Background(), root, dir); err != nil {
		t.Fatal(err)
	}
	want, err := Module()
	if err != nil {
		t.Fatal(err)
	}
	for name, embedded := range map[string][]byte{wasmbuild.Module: want, wasmbuild.Support: Support()} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, embedded) {
			t.Errorf("%s: compiled %d bytes, embedded %d that differ\n%s", name, len(got), len(embedded), regenerate)
		}
	}
}

// TestWriteModule: Write unpacks the module and leaves files that are
// already right untouched.
func TestWriteModule(t *testing.T) {
	dir, cache := filepath.Join(t.TempDir(), "wasm"), t.TempDir()
	if err := Write(dir, cache); err != nil {
		t.Fatal(err)
	}
	want, _ := Module()
	mod := filepath.Join(dir, wasmbuild.Module)
	got, err := os.ReadFile(mod)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("unpacked module: %d bytes, %v; want %d bytes", len(got), err, len(want))
	}
	p := filepath.Join(dir, wasmbuild.Support)
	before, _ := os.Stat(p)
	modBefore, _ := os.Stat(mod)
	if err := Write(dir, cache); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(mod); !os.SameFile(after, modBefore) || !after.ModTime().Equal(modBefore.ModTime()) {
		t.Error("an unchanged module was rewritten")
	}
	// A module cut short, then one of the right size with a byte changed:
	// each is found by its sum and replaced.
	for _, stale := range [][]byte{[]byte("stale"), append([]byte{want[0] ^ 1}, want[1:]...)} {
		if err := os.WriteFile(mod, stale, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Write(dir, cache); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(mod); !bytes.Equal(got, want) {
			t.Errorf("a stale module of %d bytes was not replaced", len(stale))
		}
	}
	if after, _ := os.Stat(p); !after.ModTime().Equal(before.ModTime()) {
		t.Error("an unchanged wasm_exec.js was rewritten")
	}
}

// TestModuleSum: scorer.txt's module line is the embedded module's sum,
// by which Write knows a module already unpacked.
func TestModuleSum(t *testing.T) {
	mod, err := Module()
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(mod); hex.EncodeToString(sum[:]) != ModuleSum {
		t.Fatalf("%s records the module's SHA-256 as %q; it is %x\n%s", RecordFile, ModuleSum, sum, regenerate)
	}
}
