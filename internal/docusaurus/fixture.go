// Package docusaurus holds a Docusaurus docs tree that uses every construct
// Latticework reads as Docusaurus does (category files with every key,
// folder index pages, number prefixes, all of the docs front matter, list
// continuations, FAQs in each form, inline HTML, admonitions, every kind of
// link, and one category of generated pages), and the code that reads what
// a built site made of each page, so that a Docusaurus build and a
// Latticework build of the same tree can be compared (bench/docusaurus),
// and a Latticework build held to what Docusaurus served (the
// TestDocusaurusFixture test in internal/build).
//
// The tree is written out in either form: as a Docusaurus site (docs/,
// static/, src/pages/, docusaurus.config.js, sidebars.js) or as the
// Latticework site a user makes of it by following
// docs/migrating-from-docusaurus.md (docs/ copied to content/docs/,
// static/ to static/, latticework.yaml for the config).
package docusaurus

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// fixture is the hand-written part of the tree, in Docusaurus's layout.
//
//go:embed all:fixture
var fixture embed.FS

// GeneratedPages is the number of pages generated into ModelsDir.
const GeneratedPages = 500

// ModelsDir is the folder, in Docusaurus's layout, of the generated
// category, and ModelsLabel its label, from which Docusaurus derives its
// generated index's URL.
const (
	ModelsDir   = "docs/models"
	ModelsLabel = "Mental Models & Tools"
)

// FAQEvery says which generated pages end with a FAQ: every page whose
// index is a multiple of it.
const FAQEvery = 50

// Site names the layout Files writes the tree in.
type Site int

const (
	// Docusaurus is the tree as a Docusaurus 3 site.
	Docusaurus Site = iota
	// Latticework is the same tree after the migration guide's steps.
	Latticework
)

// Files returns every file of the tree in the given layout, keyed by its
// slash-separated path from the site root.
func Files(site Site) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fixture, "fixture", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fixture.ReadFile(name)
		files[strings.TrimPrefix(name, "fixture/")] = data
		return err
	})
	if err != nil {
		return nil, err
	}
	for name, data := range generated() {
		files[name] = data
	}
	if site == Docusaurus {
		files["docusaurus.config.js"] = []byte(docusaurusConfig)
		files["sidebars.js"] = []byte(sidebars)
		return files, nil
	}
	// The migration: docs/ becomes content/docs/ (routeBasePath "docs"),
	// static/ stays, src/ (React pages) does not carry over.
	out := map[string][]byte{"latticework.yaml": []byte(latticeworkConfig)}
	for name, data := range files {
		switch {
		case strings.HasPrefix(name, "docs/"):
			out["content/"+name] = data
		case strings.HasPrefix(name, "static/"):
			out[name] = data
		}
	}
	return out, nil
}

// Write writes the tree in the given layout into dir, which it creates.
func Write(dir string, site Site) error {
	files, err := Files(site)
	if err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// generated returns the ModelsDir category: GeneratedPages pages, each with
// a description (which its category page shows), headings, a list whose
// items continue on lines indented by four spaces and a paragraph
// indented by four spaces (neither of which Docusaurus renders as code),
// and, on every FAQEvery-th page, a FAQ whose
// questions are bold lines, some running into their answers.
func generated() map[string][]byte {
	files := map[string][]byte{
		path.Join(ModelsDir, "_category_.json"): []byte(`{
  "label": "` + ModelsLabel + `",
  "position": 5,
  "description": "` + fmt.Sprint(GeneratedPages) + ` mental models, one page each.",
  "link": {"type": "generated-index"}
}
`),
	}
	for i := range GeneratedPages {
		var b strings.Builder
		fmt.Fprintf(&b, `---
title: "Model %[1]d: %[2]s"
description: What model %[1]d says about %[3]s.
sidebar_position: %[4]d
---

# Model %[1]d: %[2]s

Model %[1]d looks at %[3]s from one side.

## How to use it

1. **Frame the question.** Say what you want to decide.

    Keep it to one sentence, indented here by four spaces.

2. **Apply model %[1]d.**

    Ask how %[3]s changes the answer.

**Check the result.** Compare it with what you expected.

    An explanation indented by four spaces after a blank line: code in
    CommonMark, a paragraph in Docusaurus.

## Related

See [model %[5]d](./%[6]s.md#how-to-use-it) and the [introduction](/docs/intro).
`, i, titles[i%len(titles)], topics[i%len(topics)], i+1, (i+1)%GeneratedPages, modelFile((i+1)%GeneratedPages))
		if i%FAQEvery == 0 {
			fmt.Fprintf(&b, `
**Frequently Asked Questions**

**When does model %[1]d apply?** Whenever %[2]s is at stake.

**When does it fail?**

When %[2]s is not the point.
`, i, topics[i%len(topics)])
		}
		files[path.Join(ModelsDir, modelFile(i)+".md")] = []byte(b.String())
	}
	return files
}

// modelFile is the file name, without extension, of generated page i.
func modelFile(i int) string { return fmt.Sprintf("model-%04d", i) }

var (
	titles = []string{"Inversion", "Second-Order Thinking", "Margin of Safety", "Opportunity Cost", "Hanlon's Razor", "Base Rates", "Feedback Loops"}
	topics = []string{"risk", "time", "trust", "cost", "incentives", "uncertainty", "scale", "habit", "attention", "leverage", "failure"}
)

// docusaurusConfig is the Docusaurus site's configuration: the classic
// preset with the docs at /docs/ and the React home page at /, as a
// typical site has it. Broken links only warn, as a link to /index (which a
// static host serves) is broken to Docusaurus: bench/docusaurus checks the
// list of them.
const docusaurusConfig = `// @ts-check
/** @type {import('@docusaurus/types').Config} */
module.exports = {
  title: 'Fixture',
  tagline: 'Every construct of a Docusaurus docs tree.',
  url: 'https://example.org',
  baseUrl: '/',
  // A link to /index, which static hosts resolve, is broken to Docusaurus.
  onBrokenLinks: 'warn',
  onBrokenAnchors: 'throw',
  markdown: {hooks: {onBrokenMarkdownLinks: 'throw'}},
  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: 'docs',
          sidebarPath: require.resolve('./sidebars.js'),
          editUrl: 'https://git.example.org/fixture/edit/main/',
        },
        blog: false,
      },
    ],
  ],
};
`

const sidebars = `module.exports = {docs: [{type: 'autogenerated', dirName: '.'}]};
`

// latticeworkConfig is docusaurusConfig as the migration guide maps it.
const latticeworkConfig = `title: Fixture
tagline: Every construct of a Docusaurus docs tree.
baseURL: https://example.org/
editURL: https://git.example.org/fixture/edit/main/
`
