package layout_test

import (
	"errors"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/publish"
)

var defaults = fstest.MapFS{
	"layouts/page.html": {Data: []byte(`<!doctype html>
<html>
  <head>
    <title>{{.Title}}</title>
  </head>
  <body>
    <p class="who">
      Hello,   {{.Name}}!
    </p>
    {{.Body}}
    <p>{{.Missing.Field}}</p>
  </body>
</html>
`)},
}

type data struct {
	Title, Name string
	Body        template.HTML
	Missing     *struct{ Field string }
}

func load(t *testing.T, min layout.Minify) *layout.Set {
	t.Helper()
	var errs diag.List
	s := layout.Load(defaults, nil, nil, nil, min, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMinifiedTemplates(t *testing.T) {
	s := load(t, publish.NewMinifier().Template)
	body := "<pre>keep\n  this</pre>\n<p>as   written</p>"
	out, err := s.Bytes("page.html", &data{Title: "A & B", Name: "<you>", Body: template.HTML(body), Missing: &struct{ Field string }{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		"<title>A &amp; B</title>",               // escaping still applies
		`<p class="who">Hello, &lt;you&gt;!</p>`, // the layout's whitespace is collapsed
		body,                                     // the body is not touched
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\n  ") && !strings.Contains(body, "\n  ") {
		t.Errorf("layout indentation kept:\n%s", got)
	}
}

// An error while laying out a page names the line of the file as
// written, not of its minified form, which is all on one line.
func TestExecuteErrorNamesSourceLine(t *testing.T) {
	s := load(t, publish.NewMinifier().Template)
	_, err := s.Bytes("page.html", &data{})
	if err == nil {
		t.Fatal("a nil pointer field executed without error")
	}
	if !strings.Contains(err.Error(), "page.html:11:") {
		t.Errorf("error %q does not name line 11 of page.html", err)
	}
}

// A template the minifier fails on still runs, as written.
func TestMinifyFailureFallsBack(t *testing.T) {
	s := load(t, func([]byte) ([]byte, error) { return nil, errors.New("cannot") })
	out, err := s.Bytes("page.html", &data{Name: "you", Missing: &struct{ Field string }{}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "Hello,   you!") {
		t.Errorf("template did not run as written:\n%s", out)
	}
}

// A syntax error is reported at its line in the file as written.
func TestParseErrorNamesSourceLine(t *testing.T) {
	fsys := fstest.MapFS{"layouts/page.html": {Data: []byte("<p>\n  one\n</p>\n{{.X | nosuchfunc}}\n<p>two</p>\n")}}
	var errs diag.List
	layout.Load(fsys, nil, nil, nil, publish.NewMinifier().Template, &errs)
	err := errs.Err()
	if err == nil || !strings.Contains(err.Error(), "layouts/page.html:4") {
		t.Errorf("got %v, want an error at layouts/page.html:4", err)
	}
}
