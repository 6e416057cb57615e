package build

import (
	"context"
	"errors"
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
