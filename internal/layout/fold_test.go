package layout_test

import (
	"errors"
	"html/template"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
)

// foldLayouts call constant functions in every kind of place html/template
// escapes differently, and in branches, ranges and called templates.
var foldLayouts = fstest.MapFS{
	"layouts/page.html": {Data: []byte(`<!doctype html>
<html lang="{{k "lang"}}"><head><title>{{k "text"}} | {{.Title}}</title>
<meta name="x" content="{{k "text"}}; {{k "n" 3}}">
<script>var s = "{{k "text"}}", v = {{k "text"}}, h = {{k "html"}};</script>
<style>p { color: {{k "color"}} }</style>
</head><body class={{k "class"}}>
<a href="{{k "url"}}">{{k "text"}}</a><a href="/q?x={{k "text"}}&y={{k "url"}}">{{k "html"}}</a><a href="/p/{{k "text"}}">{{k "safeurl"}}</a>
<img src="{{k "safeurl"}}" alt="{{k "html"}}">
{{if .Title}}<p>{{k "text"}}</p>{{else}}<p>{{k "html"}}</p>{{end}}
{{range .Items}}<li title="{{k "text"}}">{{.}} {{k "text"}}</li>{{end}}
{{with .Title}}{{k . 1}}{{end}} {{t "known"}} {{t "unknown"}} {{k "missing" 2}}
{{template "part.html" .}}
</body></html>
`)},
	"layouts/part.html": {Data: []byte(`{{define "part.html"}}<footer data-k="{{k "text"}}">{{k "text"}}</footer>{{end}}`)},
}

var foldValues = map[string]any{
	"lang":    "en",
	"text":    `<b> & "quotes" 'too' </script>`,
	"html":    template.HTML(`<em>safe</em> & "html"`),
	"color":   "red",
	"n":       "three",
	"class":   "a b",
	"url":     "javascript:alert(1)",
	"safeurl": template.URL("/a b?c=d&e"),
}

type foldData struct {
	Title string
	Items []string
}

// TestFoldedMatchesTemplate checks that a set prints what html/template
// prints from the same layouts, and that the calls with constant
// arguments are no longer made by the pages.
func TestFoldedMatchesTemplate(t *testing.T) {
	var calls atomic.Int64
	k := func(key string, args ...any) (any, error) {
		calls.Add(1)
		if v, ok := foldValues[key]; ok {
			return v, nil
		}
		if len(args) == 0 {
			return nil, errors.New("no value " + key)
		}
		return key, nil
	}
	tr := func(key string) string { calls.Add(1); return "T(" + key + ")" }
	funcs := template.FuncMap{"k": k, "t": tr}
	consts := template.FuncMap{
		"k": func(key string, args ...any) (any, error) {
			if v, ok := foldValues[key]; ok {
				return v, nil
			}
			return nil, errors.New("not constant")
		},
		"t": func(key string) (string, error) {
			if key != "known" {
				return "", errors.New("unknown")
			}
			return "T(" + key + ")", nil
		},
	}
	var errs diag.List
	s := layout.Load(foldLayouts, nil, funcs, consts, nil, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	ref := template.Must(template.New("").Funcs(funcs).Parse(string(foldLayouts["layouts/part.html"].Data)))
	template.Must(ref.New("page.html").Parse(string(foldLayouts["layouts/page.html"].Data)))

	for _, d := range []foldData{{Title: "A & B", Items: []string{"x", "<y>"}}, {}} {
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, "page.html", d); err != nil {
			t.Fatal(err)
		}
		calls.Store(0)
		got, err := s.Bytes("page.html", d)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("folded layout prints\n%s\nwant\n%s", got, want.String())
		}
		// Left to the page: {{k . 1}} with a title, {{t "unknown"}} and
		// {{k "missing"}}, whose constant versions fail.
		wantCalls := int64(2)
		if d.Title != "" {
			wantCalls++
		}
		if n := calls.Load(); n != wantCalls {
			t.Errorf("the page made %d calls, want %d", n, wantCalls)
		}
	}

	// A template that others call runs as written too.
	var want strings.Builder
	if err := ref.ExecuteTemplate(&want, "part.html", nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Bytes("part.html", nil)
	if err != nil || string(got) != want.String() {
		t.Errorf("part.html = %q, %v; want %q", got, err, want.String())
	}
}

// TestLocalizedFolds checks that a localized set folds its own strings.
func TestLocalizedFolds(t *testing.T) {
	layouts := fstest.MapFS{"layouts/page.html": {Data: []byte(`<p title="{{t "hi"}}">{{t "hi"}}</p>`)}}
	var calls atomic.Int64
	say := func(s string) func(string) string {
		return func(string) string { calls.Add(1); return s }
	}
	var errs diag.List
	base := layout.Load(layouts, nil, template.FuncMap{"t": say("hello")}, nil, nil, &errs)
	zh, err := base.Localize(template.FuncMap{"t": say("你好 & <b>")}, template.FuncMap{"t": say("你好 & <b>")})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s         *layout.Set
		want      string
		wantCalls int64
	}{
		{base, `<p title="hello">hello</p>`, 2},                         // no consts: called by the page
		{zh, `<p title="你好 &amp; &lt;b&gt;">你好 &amp; &lt;b&gt;</p>`, 2}, // by the fold, once each
		{zh, `<p title="你好 &amp; &lt;b&gt;">你好 &amp; &lt;b&gt;</p>`, 0},
	} {
		calls.Store(0)
		got, err := c.s.Bytes("page.html", nil)
		if err != nil || string(got) != c.want || calls.Load() != c.wantCalls {
			t.Errorf("got %q, %v, %d calls; want %q, %d calls", got, err, calls.Load(), c.want, c.wantCalls)
		}
	}
}
