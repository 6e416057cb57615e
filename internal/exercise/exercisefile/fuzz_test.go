package exercisefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/exercise"
)

// FuzzLoad parses arbitrary exercise files. Nothing may panic; a file that
// loads must also produce page JSON that reads back, and score its own
// examples without Score having to recover.
func FuzzLoad(f *testing.F) {
	exercises, _ := filepath.Glob("../../../exercises/*.yaml")
	for _, file := range exercises {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if strings.HasSuffix(af.Name, ".yaml") {
				f.Add(af.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		d := Parse("exercises/demo.yaml", src, &l)
		for _, e := range l.All() {
			if e.Line < 0 || e.Msg == "" {
				t.Fatalf("bad problem %+v", e)
			}
		}
		if d == nil {
			return
		}
		if _, err := PageJSON(d); err != nil {
			t.Fatal(err)
		}
		for _, ex := range d.Examples {
			if r := exercise.Score(d, ex.Answers); strings.Contains(r.Error, "cannot be scored") {
				t.Fatalf("Score recovered from a panic")
			}
		}
	})
}

// FuzzTranslation parses arbitrary translations of the Trust Dynamics
// worksheet and of the translation tests' exercise. Nothing may panic,
// and a translation that loads must keep the original's hash and scoring
// model: it validates, and its examples score without Score recovering.
func FuzzTranslation(f *testing.F) {
	trust, err := os.ReadFile("../../../exercises/trust-dynamics.yaml")
	if err != nil {
		f.Fatal(err)
	}
	ar, err := txtar.ParseFile("testdata/translations/valid.txtar")
	if err != nil {
		f.Fatal(err)
	}
	var demo []byte
	for _, af := range ar.Files {
		if af.Name == "exercises/demo.yaml" {
			demo = af.Data
		}
	}
	var l diag.List
	defs := []*exercise.Definition{
		Parse("exercises/trust-dynamics.yaml", trust, &l),
		Parse("exercises/demo.yaml", demo, &l),
	}
	if err := l.Err(); err != nil {
		f.Fatal(err)
	}
	if src, err := os.ReadFile("../../../exercises/trust-dynamics.zh.yaml"); err == nil {
		f.Add(src, false)
	}
	files, _ := filepath.Glob("testdata/translations/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if strings.Count(af.Name, ".") == 2 {
				f.Add(af.Data, true)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, demo bool) {
		def := defs[0]
		if demo {
			def = defs[1]
		}
		var l diag.List
		d := ParseTranslation("exercises/"+def.ID+".zh.yaml", src, def, "zh", &l)
		for _, e := range l.All() {
			if e.Line < 0 || e.Msg == "" {
				t.Fatalf("bad problem %+v", e)
			}
		}
		if d == nil {
			return
		}
		if d.Hash() != def.Hash() {
			t.Fatalf("hash %s, the original's %s", d.Hash(), def.Hash())
		}
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
		if _, err := PageJSON(d); err != nil {
			t.Fatal(err)
		}
		for _, ex := range d.Examples {
			if r := exercise.Score(d, ex.Answers); strings.Contains(r.Error, "cannot be scored") {
				t.Fatalf("Score recovered from a panic")
			}
		}
	})
}
