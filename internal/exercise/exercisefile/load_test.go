package exercisefile

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar")

// TestErrors runs the cases in testdata: each archive holds one exercise
// file and, under "want", every problem the build must report for it, one
// "path:line:col: message" per line. Run with -update to rewrite the wants,
// then read the diff before accepting it.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var in *txtar.File
			want := -1
			for i := range ar.Files {
				switch {
				case ar.Files[i].Name == "want":
					want = i
				case strings.HasSuffix(ar.Files[i].Name, ".yaml"):
					in = &ar.Files[i]
				}
			}
			if in == nil || want < 0 {
				t.Fatal("a case needs a .yaml file and a want section")
			}
			var l diag.List
			d := Parse(in.Name, in.Data, &l)
			var got strings.Builder
			for _, e := range l.All() {
				got.WriteString(e.Error() + "\n")
			}
			if (d == nil) != (got.Len() > 0) {
				t.Errorf("Parse returned %v with problems %q", d != nil, got.String())
			}
			if *update {
				ar.Files[want].Data = []byte(got.String())
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if w := string(ar.Files[want].Data); got.String() != w {
				t.Errorf("problems:\n%s\nwant:\n%s", got.String(), w)
			}
		})
	}
}

// TestErrorQuotesLine checks that problems carry the offending line, for
// the build's error overlay.
func TestErrorQuotesLine(t *testing.T) {
	src := []byte("id: demo\ntitel: Demo\n")
	var l diag.List
	Parse("exercises/demo.yaml", src, &l)
	errs := l.All()
	if len(errs) == 0 || errs[0].Line != 2 || errs[0].Col != 1 || errs[0].Source != "titel: Demo" {
		t.Fatalf("got %+v", errs)
	}
	if !strings.Contains(errs[0].Msg, `(did you mean "title"?)`) {
		t.Errorf("message %q lacks the suggestion", errs[0].Msg)
	}
}

func TestLoadDir(t *testing.T) {
	good, err := os.ReadFile("../../../exercises/trust-dynamics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"ex/trust-dynamics.yaml": {Data: good},
		"ex/trust-dynamics.yml":  {Data: good},
		"ex/broken.yaml":         {Data: []byte("id: broken\ntitle: [\n")},
		"ex/README.md":           {Data: []byte("not an exercise")},
		// A translation, for LoadTranslations: not a definition.
		"ex/trust-dynamics.zh.yaml": {Data: []byte("title: [\n")},
		"ex/sub/other.yaml":         {Data: []byte("not loaded: subfolders are not exercises")},
	}
	var l diag.List
	defs, broken := LoadDir(fsys, "ex", &l, false)
	if len(defs) != 1 || defs[0].ID != "trust-dynamics" {
		t.Errorf("loaded %d definitions", len(defs))
	}
	// The duplicate is not broken: its id is defined, by the other file.
	if len(broken) != 1 || !broken["broken"] {
		t.Errorf("broken = %v, want only broken", broken)
	}
	var got []string
	for _, e := range l.All() {
		got = append(got, e.Error())
	}
	want := []string{
		"ex/broken.yaml:2:8: this `[` is never closed: end the list or mapping with `]`",
		`ex/trust-dynamics.yml: exercise "trust-dynamics" is also declared in ex/trust-dynamics.yaml; keep one file`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	l = diag.List{}
	if LoadDir(fsys, "missing", &l, false); l.Err() == nil {
		t.Error("no error for a missing folder")
	}
}

// TestPageJSON checks that what the page receives reads back, through the
// converter the WebAssembly module uses, as the same definition: encoding
// it again gives the same bytes.
func TestPageJSON(t *testing.T) {
	var l diag.List
	defs, _ := LoadDir(os.DirFS("../../.."), "exercises", &l, false)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		page, err := PageJSON(d)
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(page, &v); err != nil {
			t.Fatal(err)
		}
		if v["hash"] != d.Hash() {
			t.Errorf("hash = %v, want %s", v["hash"], d.Hash())
		}
		if bytes.Contains(page, []byte(`"expect"`)) || bytes.Contains(page, []byte(`"Expect"`)) {
			t.Error("page JSON carries the examples' expectations")
		}
		back, err := exercise.FromValue(any(v))
		if err != nil {
			t.Fatal(err)
		}
		again, err := PageJSON(back)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(page, again) {
			t.Errorf("round trip changed the definition:\n%s\n%s", page, again)
		}
		if err := back.Validate(); err != nil {
			t.Errorf("round trip made it invalid: %v", err)
		}
	}
}

// TestFromValueErrors checks that a malformed page object is reported, not
// panicked on.
func TestFromValueErrors(t *testing.T) {
	for _, v := range []any{
		nil,
		"text",
		map[string]any{"id": 3.0, "sections": "x"},
		map[string]any{"sections": []any{map[string]any{"fields": []any{nil, map[string]any{"labels": map[string]any{"x": "y"}, "min": 1.5}}}}},
		map[string]any{"scoring": map[string]any{"rules": []any{map[string]any{"when": map[string]any{"all": "x", "not": 4.0}}}}},
	} {
		if _, err := exercise.FromValue(v); err == nil && v != nil {
			t.Errorf("FromValue(%v) gave no error", v)
		}
	}
	deep := map[string]any{}
	c := deep
	for range 100 {
		n := map[string]any{}
		c["not"] = n
		c = n
	}
	c["filled"] = "x"
	v := map[string]any{"scoring": map[string]any{"rules": []any{map[string]any{"when": deep}}}}
	if _, err := exercise.FromValue(v); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Errorf("deep nesting: %v", err)
	}
}

// BenchmarkLoadDir times loading a site's exercises: 24 definitions the
// size of the seed's, as a site with an exercise for each of 24 articles
// has.
func BenchmarkLoadDir(b *testing.B) {
	good, err := os.ReadFile("../../../exercises/trust-dynamics.yaml")
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for i := range 24 {
		id := fmt.Sprintf("model-%02d", i)
		data := strings.Replace(string(good), "id: trust-dynamics", "id: "+id, 1)
		fsys["ex/"+id+".yaml"] = &fstest.MapFile{Data: []byte(data)}
	}
	for b.Loop() {
		var l diag.List
		if defs, _ := LoadDir(fsys, "ex", &l, false); len(defs) != 24 || l.Err() != nil {
			b.Fatalf("loaded %d definitions: %v", len(defs), l.Err())
		}
	}
}
