package corpus

import (
	"bytes"
	"fmt"
)

// The Hugo site is the Latticework site's equivalent, so that the two
// builds do the same work (see docs/benchmarks.md):
//   - the same pages at the same URLs, with the same markdown bodies: the
//     exercise block stays a code block, which Hugo highlights as
//     Latticework highlights code;
//   - goldmark with the extensions Latticework enables (typographer and
//     definition lists off; tables, strikethrough, linkify, task lists
//     and footnotes on) and raw HTML escaped, as both do by default;
//   - one page layout with what Latticework's page shows: title, table of
//     contents, content, breadcrumbs, previous/next, and the sidebar tree
//     of categories with the current page's ancestors expanded;
//   - CSS and JS minified and fingerprinted, HTML minified, a sitemap,
//     robots.txt and a 404 page; no RSS or taxonomies, which Latticework
//     does not make.
//
// Hugo also renders a list page for every folder (a section), which
// Latticework does not: these are small, and Hugo's sidebar tree needs
// the sections to exist.
const hugoConfig = `baseURL = "` + BaseURL + `"
languageCode = "en"
title = "Latticework corpus"
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true

[minify]
  minifyOutput = true

[markup.goldmark.extensions]
  typographer = false
  definitionList = false

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
`

// hugoLayouts are the Hugo site's templates, in the roles Latticework's
// layouts/ files play.
var hugoLayouts = []struct{ name, data string }{
	{"layouts/_default/baseof.html", `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with resources.Get "site.css" }}{{ with . | minify | fingerprint }}<link rel="stylesheet" href="{{ .RelPermalink }}">{{ end }}{{ end }}
{{ with resources.Get "site.js" }}{{ with . | minify | fingerprint }}<script src="{{ .RelPermalink }}" defer></script>{{ end }}{{ end }}
</head>
<body>
<header><a href="{{ relURL "/" }}">{{ site.Title }}</a></header>
<div class="layout">
<main id="content">{{ block "main" . }}{{ end }}</main>
{{ partial "sidebar.html" . }}
</div>
</body>
</html>
`},
	{"layouts/_default/single.html", `{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol>
{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
<li><span aria-current="page">{{ .Title }}</span></li>
</ol></nav>
<div class="doc">
<nav class="toc" aria-label="On this page">{{ .TableOfContents }}</nav>
<article class="article">
<p class="meta">{{ .ReadingTime }} min read</p>
{{ .Content }}
</article>
</div>
<nav class="pagination" aria-label="Previous and next articles">
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}" rel="prev">Previous {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}" rel="next">Next {{ .Title }}</a>{{ end }}
</nav>
{{ end }}
`},
	{"layouts/_default/list.html", `{{ define "main" }}
<article class="article">
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</article>
{{ end }}
`},
	{"layouts/404.html", `{{ define "main" }}<h1>Page not found</h1>{{ end }}
`},
	{"layouts/partials/sidebar.html", `<nav id="sidebar" class="sidebar" aria-label="Articles">
<ul class="nav-list">{{ partial "nav.html" (dict "node" site.Home "page" .) }}</ul>
</nav>
`},
	// nav.html lists a section's pages and sub-sections, expanding those
	// that hold the current page, as Latticework's sidebar does.
	{"layouts/partials/nav.html", `{{ $page := .page }}
{{- range .node.Pages }}
{{- if .IsSection }}
<li class="nav-category"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{- if or ($page.Eq .) ($page.IsDescendant .) }}<ul>{{ partial "nav.html" (dict "node" . "page" $page) }}</ul>{{ end }}
</li>
{{- else }}
<li class="nav-page"><a href="{{ .RelPermalink }}"{{ if $page.Eq . }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{- end }}
{{- end }}
`},
}

// Hugo emits the equivalent Hugo site, in a fixed order: hugo.toml,
// layouts/, assets/ and content/ with _index.md for every folder.
func (c *Corpus) Hugo(emit Emit) error {
	if err := emit("hugo.toml", []byte(hugoConfig)); err != nil {
		return err
	}
	for _, l := range hugoLayouts {
		if err := emit(l.name, []byte(l.data)); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(c.assets) {
		if err := emit("assets/"+name, c.assets[name]); err != nil {
			return err
		}
	}
	if err := emit("content/_index.md", []byte("---\ntitle: Latticework corpus\n---\n"+c.home())); err != nil {
		return err
	}
	var b bytes.Buffer
	for i := range c.opts.Pages {
		for _, cat := range c.categories(i) {
			data := fmt.Sprintf("---\ntitle: %q\nweight: %d\n---\n", cat.label, cat.position)
			if err := emit(cat.dir+"/_index.md", []byte(data)); err != nil {
				return err
			}
		}
		b.Reset()
		fmt.Fprintf(&b, "---\ntitle: %s\nweight: %d\nslug: %s\n---\n", c.Title(i), c.position(i), c.name(i))
		c.body(&b, i)
		if err := emit(c.PageFile(i), b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
