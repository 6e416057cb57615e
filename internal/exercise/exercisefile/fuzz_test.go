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
