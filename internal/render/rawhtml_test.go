package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"
)

func TestRawHTMLEscaped(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			"script block",
			"<script>alert(1)</script>\n",
			"<pre class=\"raw-html\"><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n",
		},
		{
			"script block over lines",
			"<script>\nalert(1)\n</script>\n\nafter",
			"<pre class=\"raw-html\"><code>&lt;script&gt;\nalert(1)\n&lt;/script&gt;\n</code></pre>\n<p>after</p>\n",
		},
		{
			"inline script",
			"Click <script>alert(1)</script> here",
			"<p>Click &lt;script&gt;alert(1)&lt;/script&gt; here</p>\n",
		},
		{
			"comment",
			"<!-- secret -->\n",
			"<pre class=\"raw-html\"><code>&lt;!-- secret --&gt;\n</code></pre>\n",
		},
		{
			"inline span",
			"a <span class=\"x\">b</span> c",
			"<p>a &lt;span class=&quot;x&quot;&gt;b&lt;/span&gt; c</p>\n",
		},
		{
			"inline tag over two lines",
			"a <span\nclass=\"x\">b",
			"<p>a &lt;span\nclass=&quot;x&quot;&gt;b</p>\n",
		},
		{
			"div block keeps indentation",
			"<div align=\"center\">\n  <img src=\"x.png\" onerror=\"alert(1)\">\n</div>\n",
			"<pre class=\"raw-html\"><code>&lt;div align=&quot;center&quot;&gt;\n  &lt;img src=&quot;x.png&quot; onerror=&quot;alert(1)&quot;&gt;\n&lt;/div&gt;\n</code></pre>\n",
		},
		{
			// The source shows as written: entities inside HTML are not
			// decoded, while those in markdown text still are.
			"entities",
			"&copy; <a title=\"&amp; &lt;\">x</a>",
			"<p>© &lt;a title=&quot;&amp;amp; &amp;lt;&quot;&gt;x&lt;/a&gt;</p>\n",
		},
		{
			"markdown around it still renders",
			"**bold** <br> `<code>`",
			"<p><strong>bold</strong> &lt;br&gt; <code>&lt;code&gt;</code></p>\n",
		},
		{
			"NUL is replaced",
			"<div>\x00</div>\n",
			"<pre class=\"raw-html\"><code>&lt;div&gt;\uFFFD&lt;/div&gt;\n</code></pre>\n",
		},
	}
	md := goldmark.New(goldmark.WithExtensions(EscapedHTML))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := md.Convert([]byte(tt.src), &out); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			for _, tag := range []string{"<script", "<span", "<div", "<img", "<a ", "<!--", "<br"} {
				if strings.Contains(strings.ToLower(got), tag) {
					t.Errorf("%s appears unescaped in:\n%s", tag, got)
				}
			}
		})
	}
}

// TestRawHTMLWinsOverUnsafe checks that adding EscapedHTML to a renderer
// with html.WithUnsafe still escapes: a misconfiguration fails safe.
func TestRawHTMLWinsOverUnsafe(t *testing.T) {
	src := []byte("<script>alert(1)</script>\n\nx <b>y</b>")
	var unsafe, both bytes.Buffer
	if err := goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe())).Convert(src, &unsafe); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(unsafe.String(), "<script>") {
		t.Fatalf("html.WithUnsafe should pass raw HTML through, got:\n%s", unsafe.String())
	}
	md := goldmark.New(goldmark.WithExtensions(EscapedHTML), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := md.Convert(src, &both); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(both.String(), "<script") || strings.Contains(both.String(), "<b>") {
		t.Errorf("raw HTML not escaped:\n%s", both.String())
	}
}
