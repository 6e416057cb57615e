package render

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/latticework/latticework/internal/diag"
)

// pathological lists inputs that make markdown parsers slow, after the
// shapes of cmark's test/pathological_tests.py (and md4c's additions),
// each made to about n bytes so that time can be compared across sizes.
// Rendering must take time linear in n for every one of them.
var pathological = []struct {
	name string
	gen  func(n int) []byte
}{
	{"nested strong emph", func(n int) []byte {
		k := n / 14
		return cat(rep("*a **a ", k), "b", rep(" a** a*", k))
	}},
	{"many emph closers with no openers", unit("a_ ")},
	{"many emph openers with no closers", unit("_a ")},
	{"many 3-emph openers with no closers", unit("a***")},
	{"alternating emph markers", unit("*_")},
	{"many link closers with no openers", unit("a]")},
	{"many link openers with no closers", unit("[a")},
	{"mismatched openers and closers", unit("*a_ ")},
	{"openers and closers multiple of 3", func(n int) []byte { return cat("a**b", rep("c* ", n/3)) }},
	{"link openers and emph closers", unit("[ a_")},
	{"nested brackets", func(n int) []byte { return cat(rep("[", n/2), "a", rep("]", n/2)) }},
	{"nested invalid link references", func(n int) []byte { return cat(rep("[", n/2), rep("]", n/2), "\n\n[a]: /b\n") }},
	{"unclosed links A", unit("[a](<b")},
	{"unclosed links B", unit("[a](b")},
	{"many broken link titles", unit("[ (](")},
	{"many broken links", unit("]([\n")},
	{"many links", unit("[t](/u) ")},
	{"many references", func(n int) []byte {
		var b bytes.Buffer
		for i := 1; b.Len() < n/2; i++ {
			fmt.Fprintf(&b, "[%d]: u\n", i)
		}
		b.WriteString("\n")
		b.Write(rep("[0] ", (n-b.Len())/4))
		return b.Bytes()
	}},
	{"many uses of a long reference", func(n int) []byte {
		return cat("[x]: /", rep("x", n/2), "\n\n", rep("[x]\n", n/8))
	}},
	{"backticks", func(n int) []byte {
		var b bytes.Buffer
		for x := 1; b.Len() < n; x++ {
			b.WriteString("e")
			b.Write(rep("`", x))
		}
		return b.Bytes()
	}},
	{"many backticks and escapes", unit("\\``")},
	{"nested block quotes", func(n int) []byte { return cat(rep("> ", n/2), "a\n") }},
	{"block quotes nested line by line", func(n int) []byte {
		var b bytes.Buffer
		for x := 1; b.Len() < n; x++ {
			b.Write(rep(">", x))
			b.WriteString(" a\n")
		}
		return b.Bytes()
	}},
	{"deeply nested lists", func(n int) []byte {
		var b bytes.Buffer
		for x := 0; b.Len() < n; x++ {
			b.Write(rep("  ", x))
			b.WriteString("* a\n")
		}
		return b.Bytes()
	}},
	{"broken thematic break", func(n int) []byte { return cat(rep("* ", n/2), "a\n") }},
	{"nested ordered lists", func(n int) []byte { return cat(rep("1. ", n/3), "a\n") }},
	{"nested admonitions", func(n int) []byte {
		var b bytes.Buffer
		for x := 60; b.Len() < n/2; x-- {
			if x < 3 {
				x = 60
			}
			b.Write(rep(":", x))
			b.WriteString("note\n")
		}
		b.Write(rep("a\n", (n-b.Len())/2))
		return b.Bytes()
	}},
	{"nested footnote definitions", func(n int) []byte {
		var b bytes.Buffer
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "[^%d]: ", i)
		}
		b.WriteString("a\n\n[^0]\n")
		return b.Bytes()
	}},
	{"long line of <", unit("<")},
	{"long line of &", unit("&")},
	{"many entities", unit("&amp;&#35;&#x41;&bogus;")},
	{"many html openers and closers", unit("<>")},
	{"many html proc. inst. openers", func(n int) []byte { return cat("x", rep("<?", n/2)) }},
	{"many html CDATA openers", func(n int) []byte { return cat("x", rep("<![CDATA[", n/9)) }},
	{"many html comment openers", func(n int) []byte { return cat("x", rep("<!--", n/4)) }},
	{"many unclosed html tags", unit("<a b='")},
	{"many broken permissive autolinks", func(n int) []byte { return cat(rep("www._", n/5), "x") }},
	{"many autolinks", unit("http://a.b/c ")},
	{"huge table", func(n int) []byte {
		// Every row is padded to the header's width: cmark-gfm limits
		// this, as the output grows with rows × columns.
		c := n / 6
		return cat(rep("th|", c), "\n", rep("-|", c), "\n", rep("td\n", c/2))
	}},
	{"wide table delimiter row", func(n int) []byte {
		// A one-cell header does not narrow the table.
		c := n / 4
		return cat("th\n", rep("-|", c), "\n", rep("td\n", c/2))
	}},
	{"table rows with many cells", func(n int) []byte {
		// GFM drops the cells beyond the header's.
		return cat("a|b\n-|-\n", rep(string(rep("td|", 100))+"\n", n/301))
	}},
	{"many strikethroughs", unit("~~a~")},
	{"one soft-wrapped paragraph", unit("a\n")},
	{"many headings", func(n int) []byte {
		var b bytes.Buffer
		for i := 0; b.Len() < n; i++ {
			b.WriteString("## Same\n\n")
		}
		return b.Bytes()
	}},
	{"U+0000", unit("abc\x00de\x00")},
}

// slowIn names, for each case that still takes superlinear time, the
// goldmark function it is spent in, as docs/benchmarks.md reports; the
// build's per-page timeout is what bounds these.
var slowIn = map[string]string{
	"many link openers with no closers": "parser.(*linkParser).Parse",
	"mismatched openers and closers":    "parser.ProcessDelimiters",
	"openers and closers multiple of 3": "parser.ProcessDelimiters",
	"link openers and emph closers":     "parser.ProcessDelimiters",
	"nested brackets":                   "parser.(*linkParser).containsLink",
	"nested invalid link references":    "parser.(*linkParser).containsLink",
	"unclosed links A":                  "parser.(*linkParser).Parse",
	"unclosed links B":                  "parser.(*linkParser).Parse",
	"many broken links":                 "parser.(*linkParser).Parse",
	"many backticks and escapes":        "parser.(*codeSpanParser).Parse",
	"backticks":                         "parser.(*codeSpanParser).Parse",
}

func rep(s string, k int) []byte { return bytes.Repeat([]byte(s), max(k, 1)) }

func cat(parts ...any) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b.WriteString(p)
		case []byte:
			b.Write(p)
		}
	}
	return b.Bytes()
}

// unit repeats s to about n bytes.
func unit(s string) func(int) []byte {
	return func(n int) []byte { return rep(s, n/len(s)) }
}

func renderBytes(r *Renderer, src []byte) *diag.List {
	var errs diag.List
	r.Render(Input{File: "p.md", Src: src, Body: src, Link: func(d string, _ diag.Pos) string { return d }}, &errs)
	return &errs
}

// BenchmarkPathological renders each pathological input at 10 KB, 100 KB
// and 1 MB. Time per byte (or MB/s) must not fall with size; see
// docs/benchmarks.md for the table.
func BenchmarkPathological(b *testing.B) {
	r := New(Options{})
	for _, c := range pathological {
		var last time.Duration
		for _, size := range []int{10 << 10, 100 << 10, 1 << 20} {
			src := c.gen(size)
			b.Run(c.name+"/"+strconv.Itoa(size>>10)+"KB", func(b *testing.B) {
				if last > time.Second {
					// A superlinear case would take minutes.
					b.Skipf("the input 10 times smaller took %v", last)
				}
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					renderBytes(r, src)
				}
				last = b.Elapsed() / time.Duration(b.N)
			})
		}
	}
}

// TestPathologicalHangGuard renders each pathological input of 200 KB
// that goldmark handles in linear time and fails if one takes more than
// 10 s, 20 to 100 times what they take (see BenchmarkPathological for the
// rates): before the nesting limit, nested lists, block quotes and
// markers on one line took 25 s at 100 KB. Timing ratios across sizes was
// too noisy on a loaded machine to test.
func TestPathologicalHangGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 200 KB inputs")
	}
	r := New(Options{})
	for _, c := range pathological {
		t.Run(c.name, func(t *testing.T) {
			if f := slowIn[c.name]; f != "" {
				t.Skip("superlinear in goldmark's " + f)
			}
			src := c.gen(200 << 10)
			start := time.Now()
			renderBytes(r, src)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("%d bytes took %v", len(src), d)
			}
		})
	}
}
