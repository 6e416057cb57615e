// Package config reads a site's latticework.yaml: the site's title, where it
// is published, where its sources can be edited, and the few switches a
// site may turn. Every key is optional; a missing file means all defaults.
package config

import (
	"cmp"
	"errors"
	"io/fs"
	"net/url"
	"slices"
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
	// Language is the pages' lang attribute on a site of one language;
	// the default locale's htmlLang when I18n names one.
	Language string `yaml:"language"`
	// I18n lists the site's languages, as Docusaurus's i18n setting does.
	I18n I18n `yaml:"i18n"`
	// Locales are the site's locales, the default one first: one, from
	// Language, on a site without I18n.
	Locales []Locale `yaml:"-"`
	// UnsafeHTML passes all raw HTML in markdown through. Off, harmless
	// tags render and the rest is shown escaped, with a warning.
	UnsafeHTML bool `yaml:"unsafeHTML"`
	// Markdown mirrors Docusaurus's `markdown` settings.
	Markdown Markdown `yaml:"markdown"`
	// OnBrokenLinks is "error" (default) or "warn", for sites being
	// migrated that cannot fix every link at once.
	OnBrokenLinks string `yaml:"onBrokenLinks"`
}

// I18n is Docusaurus's i18n setting: the default locale, every locale
// (the default among them), and how each is shown.
type I18n struct {
	DefaultLocale string                  `yaml:"defaultLocale"`
	Locales       []string                `yaml:"locales"`
	LocaleConfigs map[string]LocaleConfig `yaml:"localeConfigs"`
}

// LocaleConfig is one entry of Docusaurus's i18n.localeConfigs.
type LocaleConfig struct {
	// Label names the locale in the language switcher (default: the
	// locale's name in its own language, when Latticework knows it).
	Label string `yaml:"label"`
	// HTMLLang is the pages' <html lang> and hreflang (default: the
	// locale's name).
	HTMLLang string `yaml:"htmlLang"`
	// Direction is "ltr" or "rtl" (default: rtl for the languages written
	// right to left, else ltr).
	Direction string `yaml:"direction"`
	// Path is the locale's folder under i18n/ (default: its name).
	Path string `yaml:"path"`
	// Calendar is accepted for Docusaurus's sake and unused.
	Calendar string `yaml:"calendar"`
}

// Locale is one of a site's languages, with the defaults filled in.
type Locale struct {
	// Name is the locale as i18n.locales lists it ("zh").
	Name, Label, HTMLLang, Direction string
	// Dir is its folder under i18n/ ("i18n/zh").
	Dir string
	// Prefix is the start of its pages' site paths: "" for the default
	// locale, whose pages keep their URLs, else "/<name>".
	Prefix string
	// Default marks the default locale.
	Default bool
}

// I18nDir is the folder, at the site root, of translations, laid out as
// Docusaurus lays it out.
const I18nDir = "i18n"

// Markdown is how pages are parsed.
type Markdown struct {
	// Format is Docusaurus's markdown.format: "mdx" (the default) reads
	// every page as Docusaurus reads MDX, "md" as CommonMark, and "detect"
	// .mdx files as MDX and .md files as CommonMark.
	Format string `yaml:"format"`
}

// Default returns the configuration used where the file says nothing.
func Default() Config {
	c := Config{
		Title:         "Latticework",
		BaseURL:       "http://127.0.0.1:1313/",
		Language:      "en",
		OnBrokenLinks: "error",
		Markdown:      Markdown{Format: "mdx"},
	}
	c.Locales = []Locale{c.locale("en", LocaleConfig{}, true)}
	return c
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
	c.locales(at, src, errs)
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

// rtl are the languages written right to left, by primary subtag, as
// Docusaurus's default direction knows them.
var rtl = map[string]bool{"ar": true, "arc": true, "ckb": true, "dv": true, "fa": true, "ha": true, "he": true, "khw": true, "ks": true, "ku": true, "ps": true, "sd": true, "ur": true, "yi": true}

// labels name a few locales in their own language, as Docusaurus's
// default labels do; other locales are labelled by name unless the
// config labels them.
var labels = map[string]string{
	"en": "English", "zh": "中文", "zh-CN": "中文（中国）", "zh-Hans": "简体中文", "zh-Hant": "繁體中文", "zh-TW": "中文（台灣）",
	"ja": "日本語", "ko": "한국어", "fr": "Français", "de": "Deutsch", "es": "Español", "pt": "Português", "pt-BR": "Português (Brasil)",
	"it": "Italiano", "ru": "Русский", "ar": "العربية", "fa": "فارسی", "he": "עברית", "hi": "हिन्दी", "tr": "Türkçe", "vi": "Tiếng Việt",
}

// locales fills in Locales from I18n, or from Language without it.
func (c *Config) locales(at func(string) diag.Pos, src strictyaml.Source, errs *diag.List) {
	in := c.I18n
	if in.DefaultLocale == "" && len(in.Locales) == 0 && len(in.LocaleConfigs) == 0 {
		c.Locales = []Locale{c.locale(c.Language, LocaleConfig{HTMLLang: c.Language}, true)}
		return
	}
	def := cmp.Or(in.DefaultLocale, "en")
	names := in.Locales
	if !slices.Contains(names, def) {
		if len(names) > 0 {
			errs.Add(diag.At(at("i18n.locales"), src.Text, "i18n.locales must include the default locale `"+def+"`, as in Docusaurus"))
		}
		names = append([]string{def}, names...)
	}
	seen := map[string]bool{}
	c.Locales = []Locale{c.locale(def, in.LocaleConfigs[def], true)}
	seen[def] = true
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		if !validLocale(n) {
			errs.Add(diag.At(at("i18n.locales"), src.Text, "locale `"+n+"` must be a language tag such as `zh` or `pt-BR`: it names the folder i18n/"+n+"/ and starts its pages' URLs"))
			continue
		}
		c.Locales = append(c.Locales, c.locale(n, in.LocaleConfigs[n], false))
	}
	for n, lc := range in.LocaleConfigs {
		if !seen[n] {
			errs.Add(diag.At(at("i18n.localeConfigs."+n), src.Text, "localeConfigs names `"+n+"`, which is not in i18n.locales"+diag.DidYouMean(n, names)))
		}
		switch lc.Direction {
		case "", "ltr", "rtl":
		default:
			errs.Add(diag.At(at("i18n.localeConfigs."+n+".direction"), src.Text, "direction must be `ltr` or `rtl`, not `"+lc.Direction+"`"))
		}
	}
	c.Language = c.Locales[0].HTMLLang
}

func (c *Config) locale(name string, lc LocaleConfig, def bool) Locale {
	l := Locale{Name: name, Label: lc.Label, HTMLLang: cmp.Or(lc.HTMLLang, name), Direction: lc.Direction,
		Dir: I18nDir + "/" + cmp.Or(lc.Path, name), Default: def}
	if l.Label == "" {
		l.Label = cmp.Or(labels[name], name)
	}
	if l.Direction == "" {
		l.Direction = "ltr"
		if primary, _, _ := strings.Cut(l.HTMLLang, "-"); rtl[strings.ToLower(primary)] {
			l.Direction = "rtl"
		}
	}
	if !def {
		l.Prefix = "/" + name
	}
	return l
}

// validLocale reports whether a locale's name can be a folder and a URL
// segment: letters, digits and hyphens, starting with a letter.
func validLocale(n string) bool {
	for i, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r == '-' || r >= '0' && r <= '9')) {
			return false
		}
	}
	return n != ""
}

// DefaultLocale is the locale whose pages keep their URLs.
func (c *Config) DefaultLocale() Locale { return c.Locales[0] }
