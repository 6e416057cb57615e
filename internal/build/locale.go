package build

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/i18n"
	"github.com/latticework/latticework/internal/layout"
	"github.com/latticework/latticework/internal/resolve"
)

// A site publishes each of its locales as the same pipeline publishes a
// site of one: the default locale at the site's URLs, each other under
// /<locale>/, from the pages translated under i18n/<locale>/ and, for the
// pages without a translation, the default locale's (see
// content.Translate). Each locale has a run of its own, which shares the
// build's output, exercises, module and static files with the others.

// localized returns a run for locale l, which shares r's state (see
// share) but for what is the locale's own. Its problems are collected
// apart, and merged by mergeLocaleErrors.
func (r *run) localized(l config.Locale, ui *i18n.Strings) *run {
	return &run{opts: r.opts, errs: &diag.List{}, cfg: r.cfg, files: r.files, assets: map[string]string{}, loc: l, ui: ui, cache: r.cache.localized(l)}
}

// share gives the locale's run the state of the default locale's run r
// that every locale shares, once r has prepared it, and the layouts with
// the locale's strings and assets, copied before any runs.
func (lr *run) share(r *run) {
	lr.md, lr.out, lr.inline, lr.module, lr.forms, lr.embedded, lr.updated = r.md, r.out, r.inline, r.module, r.forms, r.embedded, r.updated
	lr.worksheets, lr.translatedWorksheets, lr.brokenExercises = r.worksheets, r.translatedWorksheets, r.brokenExercises
	t, err := r.tmpl.Localize(lr.funcs(), lr.constFuncs())
	if err != nil {
		panic(err) // only once the base has run, which no build does before
	}
	lr.tmpl = t
}

// resolveOptions are what resolving the locale's pages needs: its prefix,
// its category labels translated, its strings.
func (r *run) resolveOptions() resolve.Options {
	opts := resolve.Options{Prefix: r.loc.Prefix, T: r.ui.T}
	file := r.loc.Dir + "/" + content.DocsPlugin + "/current.json"
	msgs, _ := i18n.ReadCode(r.opts.Site, file, r.errs)
	for k, v := range msgs {
		// sidebar.<sidebar id>.category.<label>[.link.generated-index.<key>]:
		// a Latticework site has one sidebar, whatever its id.
		rest, ok := strings.CutPrefix(k, "sidebar.")
		if !ok {
			continue
		}
		_, label, ok := strings.Cut(rest, ".category.")
		if !ok {
			continue
		}
		m := &opts.Labels
		if l, ok := strings.CutSuffix(label, ".link.generated-index.title"); ok {
			m, label = &opts.IndexTitles, l
		} else if l, ok := strings.CutSuffix(label, ".link.generated-index.description"); ok {
			m, label = &opts.IndexDescriptions, l
		}
		if *m == nil {
			*m = map[string]string{}
		}
		(*m)[label] = v
	}
	return opts
}

// mergeLocaleErrors adds the other locales' problems to the build's. A
// page without a translation is the default locale's source again, whose
// problems that locale reports: only those at other files (translations,
// layouts) are added, each once.
func (r *run) mergeLocaleErrors() {
	seen := map[string]bool{}
	for _, e := range r.errs.All() {
		seen[e.Error()] = true
	}
	for _, lr := range r.locales[1:] {
		for _, e := range lr.errs.All() {
			if strings.HasPrefix(e.File, content.Dir+"/") || seen[e.Error()] {
				continue
			}
			seen[e.Error()] = true
			r.errs.Add(e)
		}
	}
}

// pageCount is the number of pages of every locale.
func (r *run) pageCount() int {
	n := 0
	for _, lr := range r.locales {
		n += len(lr.site.Pages)
	}
	return n
}

// cachedCount is the number of pages of every locale taken from the
// cache.
func (r *run) cachedCount() int {
	n := 0
	for _, lr := range r.locales {
		n += int(lr.cached.Load())
	}
	return n
}

// counterpart is p, a page of r's locale, in the locale of run o: the
// page of the same source, or else at the same path, or else o's home.
func (r *run) counterpart(p *resolve.Page, o *run) *resolve.Page {
	if o == r {
		return p
	}
	if p.Listing == nil && p.Path != "" {
		if q := o.site.BySource(p.Path); q != nil {
			return q
		}
	}
	if q := o.site.ByURL(o.loc.Prefix + strings.TrimPrefix(p.URL, r.loc.Prefix)); q != nil {
		return q
	}
	return o.site.Home()
}

// translations lists p in every locale, for the language switcher and
// the hreflang alternates; nil on a site of one locale.
func (r *run) translations(p *resolve.Page) []layout.Translation {
	if len(r.locales) < 2 || p == nil {
		return nil
	}
	out := make([]layout.Translation, len(r.locales))
	for i, o := range r.locales {
		q := r.counterpart(p, o)
		out[i] = layout.Translation{Locale: o.loc, URL: q.URL, Canonical: r.cfg.AbsURL(q.URL), Current: o == r, Translated: !q.Untranslated}
	}
	return out
}

// contentLang is the language p's text is in: its locale's, or the
// default locale's for a page without a translation.
func (r *run) contentLang(p *resolve.Page) string {
	if p.Untranslated {
		return r.cfg.DefaultLocale().HTMLLang
	}
	return r.loc.HTMLLang
}

// readingMinutes estimates the time to read page p: about 230 words a
// minute, counted cheaply by spaces, and in the languages written without
// spaces (Chinese, Japanese) 400 characters a minute. A page whose text
// was not read (see sourceCache) is counted from what its file held.
func (r *run) readingMinutes(p *resolve.Page) int {
	var n textCount
	if p.Body != nil {
		n = countText(p.Body)
	} else if r.cache != nil {
		n = r.cache.files.textOf(p.Page)
	}
	switch strings.ToLower(strings.SplitN(r.contentLang(p), "-", 2)[0]) {
	case "zh", "ja":
		return max(1, (n.words*400/230+n.wide+200)/400)
	}
	return max(1, (n.words+115)/230)
}

// textCount is what reading time counts of a page's body: its spaces, and
// its characters of three bytes or more, CJK for the most part.
type textCount struct{ words, wide int }

func countText(body []byte) textCount {
	n := textCount{words: bytes.Count(body, []byte(" "))}
	// Eight bytes at a time: a byte's top bit ANDed with the next two is
	// set for 0xE0 and above.
	for ; len(body) >= 8; body = body[8:] {
		x := binary.LittleEndian.Uint64(body)
		n.wide += bits.OnesCount64(x & (x << 1) & (x << 2) & 0x8080808080808080)
	}
	for _, c := range body {
		if c >= 0xE0 {
			n.wide++
		}
	}
	return n
}
