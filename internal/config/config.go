// Package config reads a site's latticework.yaml: the site's title, where it
// is published, where its sources can be edited, and the few switches a
// site may turn. Every key is optional; a missing file means all defaults.
package config

import (
	"errors"
	"io/fs"
	"net/url"
	"strings"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/siteurl"
	"github.com/latticework/latticework/internal/strictyaml"
	"gopkg.in/yaml.v3"
)

// File is the config file's name at the site root.
const File = "latticework.yaml"

// Config is a site's configuration.
type Config struct {
	// Title names the site in every page's <title> and header.
	Title string `yaml:"title"`
	// Tagline is a one-line description used on the home page and in metadata.
	Tagline string `yaml:"tagline"`
	// BaseURL is the absolute URL the site is published at; canonical
	// links, Open Graph tags and the sitemap are built from it.
	BaseURL string `yaml:"baseURL"`
	// basePath is BaseURL's path without its final slash ("/handbook"),
	// "" for a site at a domain's root.
	basePath string
	// EditURL is prefixed to a page's source path (e.g.
	// "content/docs/x.md") to build its "Edit this page" link. Empty hides it.
	EditURL string `yaml:"editURL"`
	// Language is the pages' lang attribute.
	Language string `yaml:"language"`
	// UnsafeHTML passes all raw HTML in markdown through. Off, harmless
	// tags render and the rest is shown escaped, with a warning.
	UnsafeHTML bool `yaml:"unsafeHTML"`
	// Markdown mirrors Docusaurus's `markdown` settings.
	Markdown Markdown `yaml:"markdown"`
	// OnBrokenLinks is "error" (default) or "warn", for sites being
	// migrated that cannot fix every link at once.
	OnBrokenLinks string `yaml:"onBrokenLinks"`
}

// Markdown is how pages are parsed.
type Markdown struct {
	// Format is Docusaurus's markdown.format: "mdx" (the default) reads
	// every page as Docusaurus reads MDX, "md" as CommonMark, and "detect"
	// .mdx files as MDX and .md files as CommonMark.
	Format string `yaml:"format"`
}

// Default returns the configuration used where the file says nothing.
func Default() Config {
	return Config{
		Title:         "Latticework",
		BaseURL:       "http://127.0.0.1:1313/",
		Language:      "en",
		OnBrokenLinks: "error",
		Markdown:      Markdown{Format: "mdx"},
	}
}

// Load reads File from fsys, falling back to defaults for missing keys.
func Load(fsys fs.FS, errs *diag.List) Config {
	cfg := Default()
	data, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg
	}
	if err != nil {
		errs.Addf(diag.Pos{File: File}, err.Error())
		return cfg
	}
	data, bad := diag.Text(File, data)
	if bad != nil {
		errs.Add(bad)
	}
	src := strictyaml.Source{File: File, Text: data}
	node := strictyaml.Parse(src, data, errs)
	strictyaml.Decode(src, node, &cfg, errs)
	cfg.validate(src, node, errs) // values not decoded are defaults, valid
	return cfg
}

func (c *Config) validate(src strictyaml.Source, node *yaml.Node, errs *diag.List) {
	// at is where the value of a key ("markdown.format") is written, for
	// the messages about it.
	at := func(key string) diag.Pos {
		n := node
		for k := range strings.SplitSeq(key, ".") {
			var next *yaml.Node
			for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
				}
			}
			if n = next; n == nil {
				return diag.Pos{File: src.File}
			}
		}
		return diag.Pos{File: src.File, Line: n.Line, Col: n.Column}
	}
	switch c.OnBrokenLinks {
	case "error", "warn":
	default:
		errs.Add(diag.At(at("onBrokenLinks"), src.Text, "onBrokenLinks must be `error` or `warn`, not `"+c.OnBrokenLinks+"`"))
	}
	if c.EditURL != "" && !siteurl.IsAbs(c.EditURL) {
		errs.Add(diag.At(at("editURL"), src.Text, "editURL must be an http(s) URL such as https://github.com/you/site/edit/main, not `"+c.EditURL+"`"))
	}
	switch c.Markdown.Format {
	case "mdx", "md", "detect":
	default:
		errs.Add(diag.At(at("markdown.format"), src.Text, "markdown.format must be `mdx`, `md` or `detect` (as in Docusaurus), not `"+c.Markdown.Format+"`"))
	}
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		errs.Add(diag.At(at("baseURL"), src.Text, "baseURL "+err.Error()))
	}
}

// SetBaseURL sets BaseURL, as latticework.yaml's baseURL or a build's
// -baseURL flag gives it (the address a host such as GitHub Pages gives
// the site), adding its final slash. Its error says what s must be.
func (c *Config) SetBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || !siteurl.IsAbs(s) || u.Host == "" {
		return errors.New("must be an http(s) URL such as https://example.org/, not `" + s + "`")
	}
	c.BaseURL, c.basePath = s, strings.TrimSuffix(u.Path, "/")
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	return nil
}

// RelURL prefixes the site-absolute path p ("/docs/x/") with the base
// URL's path, for sites published below a domain's root; other links are
// returned as they are.
func (c *Config) RelURL(p string) string {
	if c.basePath == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return p
	}
	return c.basePath + p
}

// AbsURL joins the site path p ("/docs/x/") to the base URL, escaping
// what a URL cannot hold; an http(s) URL is returned as it is. Every
// absolute URL the site prints (canonical, og:image, sitemap, edit links)
// is built here.
func (c *Config) AbsURL(p string) string {
	if siteurl.IsAbs(p) {
		return p
	}
	p, rest := p, ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, rest = p[:i], p[i:]
	}
	u := url.URL{Path: "/" + strings.TrimPrefix(p, "/")}
	return strings.TrimSuffix(c.BaseURL, "/") + u.EscapedPath() + rest
}

// EditLink returns the "Edit this page" link of the source file file (a
// path from the site root, "content/docs/x.md"): editURL followed by the
// file's path, "" when the site has no editURL.
func (c *Config) EditLink(file string) string {
	if c.EditURL == "" {
		return ""
	}
	u := url.URL{Path: file}
	return strings.TrimSuffix(c.EditURL, "/") + "/" + u.EscapedPath()
}
