package layout

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
	"text/template/parse"
)

// Most of a page's layout is the same on every page of a locale: the
// interface strings ({{t "theme.common.editThisPage"}}) and the assets'
// URLs ({{asset "site.css"}}), each a function call with constant
// arguments followed by the escaping functions html/template adds for its
// place in the page. A template pays a reflected call for each, about a
// microsecond, and the default layouts make some fifty per page: a third
// of laying one out. Before a set first runs, fold makes each such call
// once and puts its escaped text in its place, as if the layout had been
// written with it.
//
// html/template escapes a template when it first runs it, with the
// templates it calls; one called in a place it was not yet escaped for is
// escaped from a copy of it, which, folded, would hold text escaped for
// the other place. So fold first escapes every template that pages run
// (those no other template calls), and only then folds; nothing is
// escaped after that (see Set.Execute).

// fold escapes the templates of t that no template calls and folds the
// calls of the functions of consts with constant arguments in every
// template of t. It returns the names of the escaped templates, which are
// the only ones the caller may run from t: any other would escape the
// folded templates again.
func fold(t *template.Template, consts template.FuncMap) map[string]bool {
	roots := map[string]bool{}
	called := map[string]bool{}
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Name() == "" {
			continue
		}
		roots[tt.Name()] = true
		walk(tt.Tree.Root, func(n parse.Node) {
			if n, ok := n.(*parse.TemplateNode); ok {
				called[n.Name] = true
			}
		})
	}
	for name := range called {
		delete(roots, name)
	}
	for _, name := range slices.Sorted(maps.Keys(roots)) {
		// Running a template escapes it and those it calls. Nothing
		// is meant to be written: the first write fails, and ends the
		// run.
		_ = t.ExecuteTemplate(failWriter{}, name, nil)
	}
	if len(consts) == 0 {
		return roots
	}
	f := folder{consts: consts}
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			f.list(tt.Tree.Root)
		}
	}
	return roots
}

// walk calls fn on the nodes of the list l and of the lists they hold.
func walk(l *parse.ListNode, fn func(parse.Node)) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		fn(n)
		if b := branch(n); b != nil {
			walk(b.List, fn)
			walk(b.ElseList, fn)
		}
	}
}

// branch returns the branches of an if, range or with.
func branch(n parse.Node) *parse.BranchNode {
	switch n := n.(type) {
	case *parse.IfNode:
		return &n.BranchNode
	case *parse.RangeNode:
		return &n.BranchNode
	case *parse.WithNode:
		return &n.BranchNode
	}
	return nil
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("not written") }

// folder folds constant calls (see fold).
type folder struct {
	consts template.FuncMap
}

// list folds the actions of l that it can into the text before them, and
// those of the lists its nodes hold.
func (f *folder) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	nodes := l.Nodes[:0]
	for _, n := range l.Nodes {
		if a, ok := n.(*parse.ActionNode); ok {
			if text, ok := f.eval(a.Pipe); ok {
				if last, ok := lastText(nodes); ok {
					last.Text = append(last.Text[:len(last.Text):len(last.Text)], text...)
				} else {
					nodes = append(nodes, &parse.TextNode{NodeType: parse.NodeText, Pos: a.Pos, Text: []byte(text)})
				}
				continue
			}
		}
		if t, ok := n.(*parse.TextNode); ok {
			if last, ok := lastText(nodes); ok {
				last.Text = append(last.Text[:len(last.Text):len(last.Text)], t.Text...)
				continue
			}
		}
		if b := branch(n); b != nil {
			f.list(b.List)
			f.list(b.ElseList)
		}
		nodes = append(nodes, n)
	}
	clear(l.Nodes[len(nodes):])
	l.Nodes = nodes
}

func lastText(nodes []parse.Node) (*parse.TextNode, bool) {
	if len(nodes) == 0 {
		return nil, false
	}
	t, ok := nodes[len(nodes)-1].(*parse.TextNode)
	return t, ok
}

// eval returns the text an escaped action prints, if it is a call of a
// function of consts with constant arguments followed by escaping
// functions that a probe runs.
func (f *folder) eval(p *parse.PipeNode) (string, bool) {
	if len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return "", false
	}
	call := p.Cmds[0]
	if fn, ok := call.Args[0].(*parse.IdentifierNode); !ok || f.consts[fn.Ident] == nil {
		return "", false
	}
	for _, a := range call.Args[1:] {
		switch a.(type) {
		case *parse.StringNode, *parse.NumberNode, *parse.BoolNode:
		default:
			return "", false
		}
	}
	escapers := make([]string, len(p.Cmds)-1)
	for i, c := range p.Cmds[1:] {
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || len(c.Args) != 1 || !strings.HasPrefix(id.Ident, escaperPrefix) {
			return "", false
		}
		escapers[i] = id.Ident
	}
	pr, ok := probes()[strings.Join(escapers, " | ")]
	if !ok {
		return "", false
	}
	// The call runs as text/template runs it in the page, which converts
	// the constants to the function's parameters.
	var v any
	keep := func(x any) string { v = x; return "" }
	t, err := texttemplate.New("").Funcs(texttemplate.FuncMap(f.consts)).Funcs(texttemplate.FuncMap{"lwKeep": keep}).Parse("{{lwKeep (" + call.String() + ")}}")
	if err != nil || t.Execute(&bytes.Buffer{}, nil) != nil || v == nil {
		return "", false
	}
	return pr.run(v)
}

// escaperPrefix starts the names of the escaping functions html/template
// adds to actions.
const escaperPrefix = "_html_template_"

// A probe is a template whose one action prints its data with some
// escaping functions, between fixed text: it runs them on a value as an
// action in the same place of a layout would.
type probe struct {
	t             *template.Template
	before, after string
}

func (pr probe) run(v any) (string, bool) {
	var b strings.Builder
	if pr.t.Execute(&b, v) != nil {
		return "", false
	}
	s, ok := strings.CutPrefix(b.String(), pr.before)
	if !ok {
		return "", false
	}
	return strings.CutSuffix(s, pr.after)
}

// probes are the probes by the escaping functions they run, separated by
// " | ": one for each place in a page an action is commonly written.
var probes = sync.OnceValue(func() map[string]probe {
	m := map[string]probe{}
	for _, src := range []string{
		`<p>{{.}}</p>`,
		`<p title="{{.}}"></p>`,
		`<p title={{.}}></p>`,
		`<a href="{{.}}"></a>`,
		`<a href="/{{.}}"></a>`,
		`<a href="/?q={{.}}"></a>`,
		`<title>{{.}}</title>`,
		`<script>{{.}}</script>`,
		`<script>"{{.}}"</script>`,
		`<style>{{.}}</style>`,
	} {
		before, after, _ := strings.Cut(src, "{{.}}")
		t := template.Must(template.New("").Parse(src))
		if t.Execute(io.Discard, "") != nil {
			continue
		}
		// The escaping functions are known once the probe is escaped.
		nodes := t.Tree.Root.Nodes
		if len(nodes) != 3 {
			continue
		}
		t0, ok0 := nodes[0].(*parse.TextNode)
		a, ok1 := nodes[1].(*parse.ActionNode)
		t2, ok2 := nodes[2].(*parse.TextNode)
		if !ok0 || !ok1 || !ok2 || string(t0.Text) != before || string(t2.Text) != after {
			continue
		}
		var names []string
		for _, c := range a.Pipe.Cmds[1:] {
			names = append(names, c.String())
		}
		key := strings.Join(names, " | ")
		if _, dup := m[key]; !dup {
			m[key] = probe{t: t, before: before, after: after}
		}
	}
	return m
})
