package content_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework/internal/content"
)

// A page's head gives the page back, but for its text; a page it would
// not give back exactly has none.
func TestHead(t *testing.T) {
	const front = `---
id: start
title: Intro
keywords: [a, b]
sidebar_position: 3.5
sidebar_custom_props: {emoji: "🚀", nested: {on: true, list: [x, 1.5]}}
tags: [one, {label: Two, permalink: /two}]
custom_edit_url: null
pagination_prev: null
toc_max_heading_level: 4
last_update: {date: 2021-03-04T10:00:00+02:00, author: Jane}
---
Text.
`
	for _, file := range []string{"content/02-guide/01-intro.md", "i18n/zh/docusaurus-plugin-content-docs/current/guide/intro.md"} {
		p, errs := load(t, file, front)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		head := p.Head()
		if head == nil {
			t.Fatalf("%s: no head", file)
		}
		q := content.PageFromHead(file, head)
		if q == nil {
			t.Fatalf("%s: the head does not decode", file)
		}
		if q.Body != nil || !strings.HasPrefix(front, string(q.Src)) || !strings.HasSuffix(string(q.Src), "---\n") {
			t.Errorf("%s: the page from its head has text %q, body %q; want its front matter", file, q.Src, q.Body)
		}
		if err := q.ReadBody(fstest.MapFS{file: {Data: []byte(front)}}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(q.Front, p.Front) || !reflect.DeepEqual(q.Lines, p.Lines) || q.BodyLine != p.BodyLine ||
			string(q.Src) != string(p.Src) || string(q.Body) != string(p.Body) || q.Sum != p.Sum || q.File() != file {
			t.Errorf("%s: the page from its head is\n%+v\nwant\n%+v", file, q, p)
		}
		if q.ValuePos("toc_max_heading_level") != p.ValuePos("toc_max_heading_level") {
			t.Errorf("%s: the page from its head has its key at %v", file, q.ValuePos("toc_max_heading_level"))
		}
		// Its body is read only if the file is still the one the head
		// describes.
		q = content.PageFromHead(file, head)
		if err := q.ReadBody(fstest.MapFS{file: {Data: []byte(front + "More.\n")}}); err == nil {
			t.Errorf("%s: a changed file read as the head's", file)
		}
	}
	// A whole number in sidebar_custom_props would come back a float.
	p, _ := load(t, "content/a.md", strings.Replace(front, "list: [x, 1.5]", "list: [x, 2]", 1))
	if p.Head() != nil {
		t.Error("a page whose head would change has one")
	}
	if content.PageFromHead("content/a.md", []byte("{not json")) != nil {
		t.Error("a damaged head decodes")
	}
}
