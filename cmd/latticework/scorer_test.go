package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latticework/latticework/internal/scorerwasm"
)

// TestInstalledBinaryScorer builds the latticework command as go install
// would and runs it on sites outside the checkout with no go on PATH: a
// site with a worksheet publishes the embedded scoring module, and a site
// without one publishes no module and unpacks none into its cache.
func TestInstalledBinaryScorer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the latticework command; skipped with -short")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "latticework")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	home := filepath.Join(tmp, "home")
	latticework := func(site string) {
		t.Helper()
		cmd := exec.Command(bin, "build")
		cmd.Dir = site
		cmd.Env = []string{"PATH=/nonexistent", "HOME=" + home, "TMPDIR=" + tmp}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("latticework build in %s: %v\n%s", site, err, out)
		}
	}
	write := func(site string, files map[string]string) {
		t.Helper()
		for name, data := range files {
			p := filepath.Join(site, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	modules := func(site string) []string {
		t.Helper()
		found, err := filepath.Glob(filepath.Join(site, "public", "assets", "*.wasm"))
		if err != nil {
			t.Fatal(err)
		}
		return found
	}

	site := filepath.Join(tmp, "worksheet")
	write(site, map[string]string{
		"content/index.md": "---\ntitle: Home\n---\n# Quiz\n\n```exercise\nquiz\n```\n",
		"exercises/quiz.yaml": `id: quiz
title: Quiz
sections:
  - title: One
    fields:
      - {id: answer, kind: text, label: Answer}
examples:
  - name: answered
    answers: {answer: yes}
    expect: {complete: true}
`,
	})
	latticework(site)
	found := modules(site)
	if len(found) != 1 {
		t.Fatalf("published modules %v, want one", found)
	}
	got, err := os.ReadFile(found[0])
	if err != nil {
		t.Fatal(err)
	}
	want, err := scorerwasm.Module()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("published module: %d bytes that differ from the embedded %d", len(got), len(want))
	}
	page, err := os.ReadFile(filepath.Join(site, "public", "index.html"))
	if err != nil || !strings.Contains(string(page), filepath.Base(found[0])) {
		t.Errorf("the page does not name %s (%v)", filepath.Base(found[0]), err)
	}

	plain := filepath.Join(tmp, "plain")
	write(plain, map[string]string{"content/index.md": "---\ntitle: Home\n---\n# Home\n\nNo worksheet here.\n"})
	latticework(plain)
	if found := modules(plain); len(found) != 0 {
		t.Errorf("a site without worksheets published %v", found)
	}
	if _, err := os.Stat(filepath.Join(plain, ".cache", "wasm")); !os.IsNotExist(err) {
		t.Errorf("a site without worksheets has a .cache/wasm (%v)", err)
	}
}
