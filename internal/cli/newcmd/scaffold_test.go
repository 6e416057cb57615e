package newcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/placeholder"
	"github.com/latticework/latticework/internal/wasmbuild"
)

func TestSlugify(t *testing.T) {
	for title, want := range map[string]string{
		"Second-Order Thinking":           "second-order-thinking",
		"Occam's Razor":                   "occams-razor",
		"Hanlon’s Razor":                  "hanlons-razor",
		"  The Map Is Not the Territory ": "the-map-is-not-the-territory",
		"Pareto Principle (80/20)":        "pareto-principle-80-20",
		"Schrödinger's Cat":               "schrodingers-cat",
		"Cost–Benefit  Analysis!":         "cost-benefit-analysis",
		"Lindy Effect: Why Old Lasts":     "lindy-effect-why-old-lasts",
		"思考":                              "",
		"Game Theory 2.0":                 "game-theory-2-0",
	} {
		if got := slugify(title); got != want {
			t.Errorf("slugify(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestLabelFor(t *testing.T) {
	for name, want := range map[string]string{
		"decision-making":       "Decision Making",
		"classic_mental-models": "Classic Mental Models",
		"heuristics":            "Heuristics",
	} {
		if got := labelFor(name); got != want {
			t.Errorf("labelFor(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestScaffoldBuilds is the promise new makes to a contributor: once its
// placeholders are written over, what it writes passes the real build,
// worksheet examples included, both beside existing articles and in a
// category it creates. Until then, a build or check fails naming each
// placeholder left, and only those, while the dev server shows the page
// with a warning for each.
func TestScaffoldBuilds(t *testing.T) {
	ctx := context.Background()
	wasmDir := filepath.Join(wasmbuild.CacheDir("../../.."), "wasm")
	if _, err := wasmbuild.Ensure(ctx, "../../..", wasmDir); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts options
		url  string
		want []string
	}{
		{"default category", options{Title: "Second-Order Thinking", Category: defaultCategory},
			"docs/thinking-toolkit/classic-mental-models/second-order-thinking", []string{"Classic Mental Models"}},
		{"new category", options{Title: "Hanlon's Razor: *never* malice", Category: "docs/decision-making/heuristics"},
			"docs/decision-making/heuristics/hanlons-razor-never-malice", []string{"Decision Making", "Heuristics", "*never* malice"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := copySite(t, "testdata/site.txtar")
			tc.opts.Root = site
			res, err := scaffold(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			run := func(check, serving bool) (*build.Result, error) {
				return build.New(build.Options{
					Site:        os.DirFS(site),
					Defaults:    latticework.Default,
					Out:         filepath.Join(t.TempDir(), "public"),
					WASMDir:     wasmDir,
					CacheDir:    wasmbuild.CacheDir("../../.."),
					Check:       check,
					Incremental: serving,
				}).Build(ctx)
			}

			// Every line of the scaffold holding the marker outside a YAML
			// comment is a placeholder, reported at its line.
			var want []string
			for _, file := range []string{res.Article, res.Exercise} {
				data, err := os.ReadFile(filepath.Join(site, file))
				if err != nil {
					t.Fatal(err)
				}
				for i, line := range strings.Split(string(data), "\n") {
					if strings.Contains(line, placeholder.Marker) && !strings.HasPrefix(strings.TrimSpace(line), "#") {
						want = append(want, fmt.Sprintf("%s:%d", file, i+1))
					}
				}
			}
			if len(want) < 20 {
				t.Fatalf("only %d placeholder lines in the scaffold", len(want))
			}
			for _, check := range []bool{false, true} {
				_, err := run(check, false)
				var problems diag.Problems
				if !errors.As(err, &problems) {
					t.Fatalf("check=%v: the untouched scaffold builds (err %v)", check, err)
				}
				var got []string
				for _, e := range problems {
					if !strings.Contains(e.Msg, "placeholder left by `make new`: replace this "+placeholder.Marker+" text with ") {
						t.Errorf("check=%v: not a placeholder: %v", check, e)
					}
					got = append(got, fmt.Sprintf("%s:%d", e.File, e.Line))
				}
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("check=%v: placeholders reported at\n%s\nwant\n%s", check, strings.Join(got, " "), strings.Join(want, " "))
				}
			}
			if r, err := run(false, true); err != nil {
				t.Errorf("the dev server cannot show the scaffold: %v", err)
			} else if len(r.Warnings) != len(want) {
				t.Errorf("the dev server gives %d warnings, want one per placeholder (%d)", len(r.Warnings), len(want))
			}

			// The contributor writes over every placeholder.
			for _, file := range []string{res.Article, res.Exercise} {
				name := filepath.Join(site, file)
				data, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, []byte(strings.ReplaceAll(string(data), placeholder.Marker+" ", "")), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "public")
			built, err := build.New(build.Options{
				Site:     os.DirFS(site),
				Defaults: latticework.Default,
				Out:      out,
				WASMDir:  wasmDir,
				CacheDir: wasmbuild.CacheDir("../../.."),
			}).Build(ctx)
			if err != nil {
				t.Fatalf("the scaffolded site does not build:\n%v", err)
			}
			if len(built.Warnings) > 0 {
				t.Errorf("the build warns: %v", built.Warnings)
			}
			page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(tc.url), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range append([]string{`<form class="worksheet-form"`, `"@type":"FAQPage"`, `Resources for Further Learning`}, tc.want...) {
				if !strings.Contains(string(page), want) {
					t.Errorf("the page lacks %s", want)
				}
			}
		})
	}
}

// copySite writes a txtar archive into a new folder and returns it.
func copySite(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
