package render

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// HighlightCSS returns the stylesheet for highlighted code: code blocks
// carry CSS classes rather than inline styles, so one stylesheet themes
// them. Dark colours apply under the system's dark preference unless the
// reader chose light, and whenever the reader chose dark.
var HighlightCSS = sync.OnceValue(func() string {
	f := html.New(html.WithClasses(true))
	var light, dark strings.Builder
	_ = f.WriteCSS(&light, styles.Get("github"))
	_ = f.WriteCSS(&dark, styles.Get("github-dark"))
	var chosen, system strings.Builder
	for _, line := range strings.Split(stripBackground(dark.String()), "\n") {
		if i := strings.Index(line, "*/ "); i >= 0 {
			line = line[i+3:]
		}
		if !strings.HasPrefix(line, ".") {
			continue
		}
		chosen.WriteString(`[data-theme="dark"] ` + line + "\n")
		system.WriteString(`:root:not([data-theme="light"]) ` + line + "\n")
	}
	return stripBackground(light.String()) + chosen.String() +
		"@media (prefers-color-scheme: dark) {\n" + system.String() + "}\n"
})

// stripBackground drops chroma's rules that set the code background, so
// code blocks follow the site's theme colours.
func stripBackground(css string) string {
	var out []string
	for _, line := range strings.Split(css, "\n") {
		if strings.Contains(line, ".bg ") || strings.Contains(line, ".chroma {") || strings.Contains(line, "/* Background */") {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
