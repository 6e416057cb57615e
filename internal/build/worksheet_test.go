package build

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/diag"
)

// TestWorksheetBrokenExercise: a mistake in an exercise file is reported
// there, and only there: the page embedding the exercise is not told to
// create a file that exists. A page naming no file at all still is.
func TestWorksheetBrokenExercise(t *testing.T) {
	page := "-- content/a.md --\n---\ntitle: A\n---\n# Quiz\n\n```exercise\nquiz\n```\n"
	for _, tc := range []struct {
		name, exercise, want string
	}{
		{"YAML syntax", strings.Replace(quizExercise, "title: Quiz", "title: [Quiz", 1), "exercises/quiz.yaml:2:8: this `[` is never closed: end the list or mapping with `]`"},
		{"unknown key", strings.Replace(quizExercise, "title: Quiz", "titel: Quiz", 1), `exercises/quiz.yaml:2:1: unknown key "titel"`},
		{"failing example", strings.Replace(quizExercise, "complete: true", "complete: false", 1), `exercises/quiz.yaml:10:24: example "answered": the answers are complete`},
		{"missing file", "", "content/a.md:6:1: exercise `quiz` is not defined: add exercises/quiz.yaml"},
	} {
		for _, check := range []bool{true, false} {
			_, err := New(Options{Site: siteFS(t, page+tc.exercise), Defaults: latticework.Default, Out: t.TempDir() + "/public", Check: check}).Build(context.Background())
			var problems diag.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("%s: err = %v, want problems", tc.name, err)
			}
			if len(problems) == 0 || !strings.HasPrefix(problems[0].Error(), tc.want) {
				t.Errorf("%s (check %v): first problem is not %q:\n%v", tc.name, check, tc.want, err)
			}
			for _, p := range problems {
				if tc.exercise != "" && p.File != "exercises/quiz.yaml" {
					t.Errorf("%s (check %v): a problem outside the exercise file: %v", tc.name, check, p)
				}
			}
		}
	}
}

// TestPageStylesAndDefinition: a page links only the stylesheets it needs
// (code highlighting's only where it has highlighted code), and a
// worksheet names its definition as a published file instead of carrying
// it, also when a rebuild is the first to embed the exercise.
func TestPageStylesAndDefinition(t *testing.T) {
	dir := writeSite(t, quizExercise+`
-- content/a.md --
---
title: A
---
Plain for now.
-- content/b.md --
---
title: B
---
`+"```go\npackage b\n```\n"+`
-- content/c.md --
---
title: C
---
Plain.
`)
	wasm := t.TempDir()
	fakeModule(t, wasm, []byte("module"))
	out := filepath.Join(t.TempDir(), "public")
	b := New(Options{Site: os.DirFS(dir), Defaults: latticework.Default, Out: out, WASMDir: wasm, Incremental: true})
	t.Cleanup(b.Wait)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	styles := func(page string) string {
		t.Helper()
		var names []string
		for _, m := range regexp.MustCompile(`<link rel="stylesheet" href="/assets/([a-z-]+)\.[0-9a-f]{10}\.css">`).FindAllStringSubmatch(read(t, out, page), -1) {
			names = append(names, m[1])
		}
		return strings.Join(names, " ")
	}
	for page, want := range map[string]string{"a/index.html": "site", "b/index.html": "site highlight", "c/index.html": "site"} {
		if got := styles(page); got != want {
			t.Errorf("%s links the stylesheets %q, want %q", page, got, want)
		}
	}
	if defs, _ := filepath.Glob(filepath.Join(out, "assets", "worksheet-quiz.*.json")); len(defs) != 0 {
		t.Errorf("no page embeds the exercise, yet its definition is published: %v", defs)
	}

	if err := os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("---\ntitle: A\n---\n```exercise\nquiz\n```\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Rebuild(context.Background(), []string{"content/a.md"}); err != nil {
		t.Fatal(err)
	}
	if got := styles("a/index.html"); got != "site" {
		t.Errorf("with a worksheet, a/index.html links the stylesheets %q, want site.css alone (the script loads the rest)", got)
	}
	page := read(t, out, "a/index.html")
	if strings.Contains(page, "application/json") {
		t.Error("the page carries the definition inline")
	}
	m := regexp.MustCompile(`data-hash="([0-9a-f]+)" data-definition="(/assets/worksheet-quiz\.[0-9a-f]{10}\.json)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the worksheet names no definition file")
	}
	var def struct{ ID, Hash string }
	if err := json.Unmarshal([]byte(read(t, out, m[2])), &def); err != nil {
		t.Fatalf("%s: %v", m[2], err)
	}
	if def.ID != "quiz" || def.Hash != m[1] {
		t.Errorf("%s holds exercise %q of hash %q, want quiz of %s", m[2], def.ID, def.Hash, m[1])
	}
}
