package exercisefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/latticework/latticework/internal/diag"
)

// TestRepositoryTranslations loads the site's own translations, checking
// them as the build does.
func TestRepositoryTranslations(t *testing.T) {
	site := os.DirFS("../../..")
	var l diag.List
	defs, _ := LoadDir(site, "exercises", &l, false)
	tr := LoadTranslations(site, "exercises", defs, []string{"zh"}, &l)
	for _, e := range l.All() {
		t.Error(e)
	}
	if tr["zh"]["trust-dynamics"] == nil {
		t.Fatal("no Chinese trust-dynamics")
	}
}

// TestTranslationErrors runs the cases in testdata/translations: each
// archive holds a site's exercises folder (an exercise and its
// translations), the locales the site has under "locales" (one line,
// separated by spaces), and under "want" every problem the build must
// report, one "path:line:col: message" per line. -update rewrites the
// wants.
func TestTranslationErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/translations/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			site := fstest.MapFS{}
			var locales []string
			want := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "want":
					want = i
				case "locales":
					locales = strings.Fields(string(f.Data))
				default:
					site[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			if want < 0 || locales == nil {
				t.Fatal("a case needs locales and want sections")
			}
			var l diag.List
			defs, _ := LoadDir(site, "exercises", &l, false)
			tr := LoadTranslations(site, "exercises", defs, locales, &l)
			var got strings.Builder
			for _, e := range l.All() {
				got.WriteString(e.Error() + "\n")
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
			// Only translations without problems are returned.
			for locale, defs := range tr {
				for id := range defs {
					if strings.Contains(got.String(), "exercises/"+id+"."+locale+".yaml:") {
						t.Errorf("%s.%s was returned despite its problems", id, locale)
					}
				}
			}
		})
	}
}

// BenchmarkLoadTranslations times checking the site's translations: for
// the Chinese Trust Dynamics worksheet, decoding it and scoring each of
// its ten examples three ways.
func BenchmarkLoadTranslations(b *testing.B) {
	site := os.DirFS("../../..")
	var l diag.List
	defs, _ := LoadDir(site, "exercises", &l, false)
	if err := l.Err(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var l diag.List
		if tr := LoadTranslations(site, "exercises", defs, []string{"zh"}, &l); len(tr["zh"]) == 0 || l.Err() != nil {
			b.Fatal(l.Err())
		}
	}
}
