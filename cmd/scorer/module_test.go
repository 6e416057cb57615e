//go:build !js

package main

// These tests build the module exactly as the site build ships it and
// check it as a page uses it: its compressed size, and, under Node, that
// scores called from JavaScript equal the native package's and take well
// under a millisecond.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
	"github.com/latticework/latticework/internal/exercise/exercisefile"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// maxBrotli is the size budget of the module as served (brotli, best
// compression). An empty Go program is about 420 KB, one that uses
// syscall/js about 440 KB; the scorer must stay close, because every
// reader of an article with a worksheet downloads it.
const maxBrotli = 600 << 10

func TestModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WebAssembly module")
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, wasmbuild.Module)
	if err := wasmbuild.Compile(context.Background(), "../..", dir); err != nil {
		t.Fatal(err)
	}

	t.Run("size", func(t *testing.T) {
		raw, err := os.ReadFile(wasm)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
		w.Write(raw)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("scorer.wasm: %d bytes raw, %d bytes brotli", len(raw), buf.Len())
		if buf.Len() > maxBrotli {
			t.Errorf("scorer.wasm is %d bytes brotli-compressed, over the budget of %d; look for a new import (fmt, encoding/json, reflect, strconv's quoting) in internal/exercise or cmd/scorer", buf.Len(), maxBrotli)
		}
	})

	t.Run("page", func(t *testing.T) {
		node, err := exec.LookPath("node")
		if err != nil {
			t.Skip("node not installed")
		}
		var l diag.List
		site := os.DirFS("../..")
		defs, _ := exercisefile.LoadDir(site, "exercises", &l, false)
		// Every translation too, scored on its own examples and on the
		// original's, as a page in one language scores answers saved in
		// another.
		byID := map[string]*exercise.Definition{}
		for _, d := range defs {
			byID[d.ID] = d
		}
		var translated []*exercise.Definition
		for _, tr := range exercisefile.LoadTranslations(site, "exercises", defs, []string{"zh"}, &l) {
			for id, d := range tr {
				c := *d
				c.Examples = append(slices.Clone(d.Examples), byID[id].Examples...)
				translated = append(translated, &c)
			}
		}
		if err := l.Err(); err != nil {
			t.Fatal(err)
		}
		if len(translated) == 0 {
			t.Fatal("no translations")
		}
		defs = append(defs, translated...)
		type input struct {
			Page     json.RawMessage    `json:"page"`
			Examples []exercise.Answers `json:"examples"`
		}
		var in []input
		for _, d := range defs {
			// The page carries one example; the module is given them all.
			one := *d
			one.Examples = nil
			page, err := exercisefile.PageJSON(&one)
			if err != nil {
				t.Fatal(err)
			}
			var answers []exercise.Answers
			for _, ex := range d.Examples {
				answers = append(answers, ex.Answers)
			}
			in = append(in, input{page, answers})
		}
		inFile := filepath.Join(dir, "in.json")
		b, _ := json.Marshal(in)
		if err := os.WriteFile(inFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		harness := filepath.Join(dir, "harness.js")
		if err := os.WriteFile(harness, []byte(harnessJS), 0o644); err != nil {
			t.Fatal(err)
		}
		execJS := filepath.Join(dir, wasmbuild.Support)
		out, err := exec.Command(node, harness, execJS, wasm, inFile).Output()
		if err != nil {
			t.Fatalf("node: %v\n%s", err, out)
		}
		var got struct {
			Registered []map[string]any `json:"registered"`
			Results    [][]any          `json:"results"`
			MS         float64          `json:"ms"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		for i, d := range defs {
			if h := got.Registered[i]["hash"]; h != d.Hash() {
				t.Errorf("%s: registered %v, want hash %s", d.ID, got.Registered[i], d.Hash())
			}
			for k, ex := range d.Examples {
				r := exercise.Score(d, ex.Answers)
				var want any
				if err := json.Unmarshal(r.AppendJSON(nil), &want); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Results[i][k], want) {
					t.Errorf("%s / %s: module and package disagree:\n%v\n%v", d.ID, ex.Name, got.Results[i][k], want)
				}
			}
		}
		// Timing is reported, not asserted: speed targets live in
		// benchmarks (BenchmarkScore), not in tests a loaded machine fails.
		t.Logf("one score call from JavaScript: %.3f ms", got.MS)
	})
}

// harnessJS loads the module as a page would and reports what it scored,
// and how fast, as JSON on stdout.
const harnessJS = `
const fs = require('fs');
const [execJS, wasm, input] = process.argv.slice(2);
globalThis.require = require;
globalThis.fs = fs;
require(execJS);
const go = new Go();
WebAssembly.instantiate(fs.readFileSync(wasm), go.importObject).then(({instance}) => {
  go.run(instance);
  const lw = globalThis.latticework;
  const defs = JSON.parse(fs.readFileSync(input, 'utf8'));
  const out = {registered: [], results: [], ms: 0};
  for (const d of defs) {
    out.registered.push(lw.register(d.page.id, d.page));
    out.results.push(d.examples.map(a => lw.score(d.page.id, a)));
  }
  const id = defs[0].page.id, answers = defs[0].examples[0];
  for (let i = 0; i < 200; i++) lw.score(id, answers); // let the engine optimize
  // The best of several rounds: other processes on a busy machine only
  // ever make a round slower.
  out.ms = Infinity;
  for (let round = 0; round < 5; round++) {
    const n = 200, start = performance.now();
    for (let i = 0; i < n; i++) lw.score(id, answers);
    out.ms = Math.min(out.ms, (performance.now() - start) / n);
  }
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
});
`
