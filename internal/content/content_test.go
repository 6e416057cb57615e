package content_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

func TestNumberPrefix(t *testing.T) {
	for _, c := range []struct {
		name, rest string
		n          float64
	}{
		{"01-intro", "intro", 1},
		{"0-intro", "intro", 0},
		{"10_setup", "setup", 10},
		{"3.basics", "basics", 3},
		{"007 - James Bond", "James Bond", 7},
		{"2 --- two", "two", 2},
		{"12.  deep", "deep", 12},
		{"5__a-b_c", "a-b_c", 5},
	} {
		rest, n, ok := content.NumberPrefix(c.name)
		if !ok || rest != c.rest || n != c.n {
			t.Errorf("NumberPrefix(%q) = %q, %v, %v; want %q, %v, true", c.name, rest, n, ok, c.rest, c.n)
		}
	}
	// Names without a prefix, and dates and versions, which only look
	// like one, are kept whole.
	for _, name := range []string{
		"intro", "a1-intro", "intro-01", "Hey - 03 - Doc", "00abc-doc", "01", "2021",
		"8--", "8- -x", "8-", "2021-01-31-notes", "2021_01 - notes", "31.01.2021 - notes",
		"1.0-release", "14.2.16", "8_0 - x",
	} {
		if rest, _, ok := content.NumberPrefix(name); ok || rest != name {
			t.Errorf("NumberPrefix(%q) = %q, %v; want it kept whole", name, rest, ok)
		}
	}
	if got := content.StripNumberPrefixes("01-a/2 - b/c/3.d"); got != "a/b/c/d" {
		t.Errorf("StripNumberPrefixes = %q", got)
	}
}

func load(t *testing.T, name, src string) (*content.Page, []*diag.Error) {
	t.Helper()
	var errs diag.List
	p := content.LoadPage(fstest.MapFS{name: {Data: []byte(src)}}, name, &errs)
	return p, errs.All()
}

// Every key of Docusaurus's docs front matter is accepted.
func TestEveryDocusaurusKey(t *testing.T) {
	p, errs := load(t, "content/02-guide/01-intro.md", `---
id: start
title: Intro
hide_title: true
hide_table_of_contents: false
keywords: [a, b]
image: /img/x.png
description: About.
slug: begin
sidebar_key: intro-key
sidebar_label: Start
sidebar_position: 3
sidebar_class_name: green
sidebar_custom_props:
  emoji: "🚀"
  level: 2
displayed_sidebar: tutorialSidebar
tags: [one, {label: Two, permalink: /two}]
pagination_label: Begin here
custom_edit_url: null
parse_number_prefixes: true
pagination_next: guide/next
pagination_prev: null
toc_min_heading_level: 2
toc_max_heading_level: 5
last_update:
  date: 2021-03-04
  author: Jane
draft: false
unlisted: true
---
Text.
`)
	for _, e := range errs {
		t.Error(e)
	}
	fm := p.Front
	if !fm.HideTitle || fm.SidebarClassName != "green" || fm.SidebarCustomProps["emoji"] != "🚀" || fm.PaginationLabel != "Begin here" || !fm.Unlisted {
		t.Errorf("front matter decoded as %+v", fm)
	}
	if len(fm.Tags) != 2 || fm.Tags[0].Label != "one" || fm.Tags[1] != (content.Tag{Label: "Two", Permalink: "/two"}) {
		t.Errorf("tags = %+v", fm.Tags)
	}
	if lu := fm.LastUpdate; lu == nil || lu.Author != "Jane" || !lu.Time.Equal(time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("last_update = %+v", lu)
	}
	if _, set := p.Lines["custom_edit_url"]; !set || p.Front.CustomEditURL != "" {
		t.Error("custom_edit_url: null kept the edit link")
	}
	if got := p.DocID(); got != "guide/start" {
		t.Errorf("DocID = %q, want guide/start", got)
	}
}

func TestDocIDAndPosition(t *testing.T) {
	for _, c := range []struct {
		path, fm, id string
		pos          float64 // -1: none
	}{
		{"content/01-basics/02-first.md", "", "basics/first", 2},
		{"content/01-basics/02-first.md", "sidebar_position: 7\n", "basics/first", 7},
		{"content/01-basics/02-first.md", "parse_number_prefixes: false\n", "01-basics/02-first", -1},
		{"content/2021-01-05-notes.md", "", "2021-01-05-notes", -1},
	} {
		p, errs := load(t, c.path, "---\ntitle: T\n"+c.fm+"---\n")
		for _, e := range errs {
			t.Error(e)
		}
		if got := p.DocID(); got != c.id {
			t.Errorf("%s %q: DocID = %q, want %q", c.path, c.fm, got, c.id)
		}
		pos := p.Position()
		if (pos == nil) != (c.pos == -1) || (pos != nil && *pos != c.pos) {
			t.Errorf("%s %q: Position = %v, want %v", c.path, c.fm, pos, c.pos)
		}
	}
}

// Bad values are reported at the value, saying what is needed.
func TestFrontMatterErrors(t *testing.T) {
	for _, c := range []struct {
		fm, want string
	}{
		{"toc_min_heading_level: 1\n", "content/a.md:3:24: toc_min_heading_level must be a heading level, a whole number from 2 to 6"},
		{"toc_max_heading_level: 7\n", "content/a.md:3:24: toc_max_heading_level must be a heading level"},
		{"toc_max_heading_level: 2.5\n", "content/a.md:3:24: toc_max_heading_level must be a heading level"},
		{"toc_min_heading_level: 4\ntoc_max_heading_level: 3\n", "content/a.md:3:24: toc_min_heading_level must not be above toc_max_heading_level (3)"},
		{"toc_min_heading_level: 4\n", "content/a.md:3:24: warning: the table of contents is empty"},
		{"toc_max_heading_level: three\n", "content/a.md:3:24: toc_max_heading_level needs a number, like 3"},
		{"hide_title: yes please\n", "content/a.md:3:13: hide_title needs true or false"},
		{"sidebar_custom_props: big\n", "content/a.md:3:23: sidebar_custom_props needs `key: value` lines, indented under it"},
		{"hide_tittle: true\n", "content/a.md:3:1: unknown key `hide_tittle` (did you mean `hide_title`?)"},
		{"draft: true\nunlisted: true\n", "content/a.md:4:11: a page cannot be both draft and unlisted"},
		{"id: a/b\n", "content/a.md:3:5: id `a/b` cannot contain a slash"},
		{"last_update:\n  date: someday\n", "content/a.md:4:9: last_update date `someday` is not a date: write it as 2024-05-31"},
		{"last_update: {}\n", "content/a.md:3:14: last_update needs a `date`"},
		{"last_update:\n  when: 2024-01-01\n", "content/a.md:4:3: unknown key `when`"},
		{"tags:\n  - {label: X}\n", "content/a.md:4:5: a tag written as an object needs both a `label` and a `permalink`"},
		{"tags:\n  - {label: X, permalink: /x, color: red}\n", "content/a.md:4:31: unknown key `color`"},
	} {
		_, errs := load(t, "content/a.md", "---\ntitle: T\n"+c.fm+"---\nText.\n")
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], c.want) {
			t.Errorf("front matter %q:\ngot  %q\nwant one error starting %q", c.fm, got, c.want)
		}
	}
}
