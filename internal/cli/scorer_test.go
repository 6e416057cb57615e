package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/latticework/latticework/internal/scorerwasm"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// TestScorerDir: in a checkout whose scorer sources are the embedded
// module's, the build uses the embedded module; once they are edited, it
// compiles them.
func TestScorerDir(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the scorer; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command:", err)
	}
	root, _ := filepath.Abs("../..")
	checkout := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(checkout, p), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range wasmbuild.Sources {
		if err := os.CopyFS(filepath.Join(checkout, dir), os.DirFS(filepath.Join(root, dir))); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(checkout)
	module := func() []byte {
		t.Helper()
		dir, err := ScorerDir(context.Background(), ".cache")
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, wasmbuild.Module))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	embedded, err := scorerwasm.Module()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(module(), embedded) {
		t.Fatal("an unchanged checkout does not use the embedded module")
	}
	f, err := os.OpenFile(filepath.Join("cmd", "scorer", "main.go"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\nvar edited = 1\n\nfunc init() { _ = edited }\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if bytes.Equal(module(), embedded) {
		t.Error("after the scorer was edited, the build still uses the embedded module")
	}
}
