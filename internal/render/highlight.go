package render

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// HighlightCSS returns the stylesheet for highlighted code: code blocks
// carry CSS classes rather than inline styles, so one stylesheet themes
// them, light by default and dark under [data-theme="dark"].
var HighlightCSS = sync.OnceValue(func() string {
	f := html.New(html.WithClasses(true))
	var light, dark strings.Builder
	_ = f.WriteCSS(&light, styles.Get("github"))
	_ = f.WriteCSS(&dark, styles.Get("github-dark"))
	// Prefix every dark rule so it applies only in the dark theme; the
	// background stays the site's own.
	var b strings.Builder
	b.WriteString(stripBackground(light.String()))
	for _, line := range strings.Split(stripBackground(dark.String()), "\n") {
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "/*") {
			if i := strings.Index(line, "*/ "); i >= 0 {
				line = line[i+3:]
			}
			if strings.HasPrefix(line, ".") {
				line = `[data-theme="dark"] ` + line
			}
		}
		b.WriteString(line + "\n")
	}
	return b.String()
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
