package content

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/latticework/latticework/internal/diag"
	"github.com/latticework/latticework/internal/siteurl"
	"github.com/latticework/latticework/internal/strictyaml"
	"gopkg.in/yaml.v3"
)

// NumberPrefix splits a file name without its extension, or a folder
// name, into its Docusaurus number prefix and the rest: "01-intro" is
// "intro" at position 1, as are "01_intro", "01.intro" and "1 - intro".
// As in Docusaurus, names that start like a date or a version
// ("2021-01-05-notes", "1.2-release") have no prefix, and neither has a
// name that would be left empty ("8--").
func NumberPrefix(name string) (rest string, n float64, ok bool) {
	digits := len(name) - len(strings.TrimLeft(name, "0123456789"))
	if digits == 0 {
		return name, 0, false
	}
	after := name[digits:]
	if len(after) > 1 && isSep(rune(after[0])) && '0' <= after[1] && after[1] <= '9' {
		return name, 0, false // a date or a version
	}
	s := strings.TrimLeftFunc(after, unicode.IsSpace)
	t := strings.TrimLeftFunc(s, isSep)
	if len(t) == len(s) {
		return name, 0, false // no separator
	}
	t = strings.TrimLeftFunc(t, unicode.IsSpace)
	if t == "" || isSep(rune(t[0])) {
		return name, 0, false
	}
	n, _ = strconv.ParseFloat(name[:digits], 64)
	return t, n, true
}

func isSep(r rune) bool { return r == '-' || r == '_' || r == '.' }

// StripNumberPrefix returns name without its number prefix.
func StripNumberPrefix(name string) string {
	rest, _, _ := NumberPrefix(name)
	return rest
}

// StripNumberPrefixes drops the number prefix of every segment of a
// slash-separated path: "01-basics/02-more" is "basics/more".
func StripNumberPrefixes(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = StripNumberPrefix(s)
	}
	return strings.Join(segs, "/")
}

// The layouts Docusaurus's last_update.date is most often written in.
var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05 -07:00", "2006-01-02T15:04", "2006-01-02", "2006/01/02", "01/02/2006"}

// checkFront checks what Docusaurus's front matter schema checks beyond
// types: ranges, combinations and the shape of objects. node is the
// decoded front matter's mapping.
func checkFront(src strictyaml.Source, node *yaml.Node, fm *FrontMatter, errs *diag.List) {
	if node == nil {
		return
	}
	at := func(n *yaml.Node, msg string) *diag.Error {
		return diag.At(diag.Pos{File: src.File, Line: n.Line + src.LineOffset, Col: n.Column}, src.Text, msg)
	}
	level := func(key string, v *float64) {
		if v != nil && (*v != math.Trunc(*v) || *v < 2 || *v > 6) {
			errs.Add(at(valueOf(node, key), key+" must be a heading level, a whole number from 2 to 6"))
		}
	}
	level("toc_min_heading_level", fm.TOCMinHeadingLevel)
	level("toc_max_heading_level", fm.TOCMaxHeadingLevel)
	if lo, hi := fm.TOCMinHeadingLevel, fm.TOCMaxHeadingLevel; lo != nil && hi != nil && *lo > *hi {
		errs.Add(at(valueOf(node, "toc_min_heading_level"), "toc_min_heading_level must not be above toc_max_heading_level ("+strconv.FormatFloat(*hi, 'g', -1, 64)+")"))
	} else if lo != nil && hi == nil && *lo > 3 && *lo <= 6 {
		e := at(valueOf(node, "toc_min_heading_level"), "the table of contents is empty: its levels end at 3 unless toc_max_heading_level says otherwise; add `toc_max_heading_level: "+strconv.FormatFloat(*lo, 'g', -1, 64)+"` or more")
		e.Warning = true
		errs.Add(e)
	}
	for _, k := range []string{"image", "custom_edit_url"} {
		if v := valueOf(node, k); v != node && v.Kind == yaml.ScalarNode && v.Value != "" && v.ShortTag() != "!!null" {
			if msg := siteurl.Check(v.Value); msg != "" {
				errs.Add(at(v, k+" `"+v.Value+"` "+msg))
			}
		}
	}
	if fm.Draft && fm.Unlisted {
		errs.Add(at(valueOf(node, "unlisted"), "a page cannot be both draft and unlisted: remove one of the two"))
	}
	if strings.Contains(fm.ID, "/") {
		errs.Add(at(valueOf(node, "id"), "id `"+fm.ID+"` cannot contain a slash: it replaces only the file name; set `slug` to change the URL's folders"))
	}
	if lu := fm.LastUpdate; lu != nil {
		v := valueOf(node, "last_update")
		switch {
		case lu.Date == "" && lu.Author == "":
			errs.Add(at(v, "last_update needs a `date` (like 2024-05-31), an `author`, or both"))
		case lu.Date != "":
			for _, l := range dateLayouts {
				if t, err := time.Parse(l, lu.Date); err == nil {
					lu.Time = t
					break
				}
			}
			if lu.Time.IsZero() {
				errs.Add(at(valueOf(v, "date"), "last_update date `"+lu.Date+"` is not a date: write it as 2024-05-31 or 2024-05-31T14:30:00Z"))
			}
		}
	}
	if tags := valueOf(node, "tags"); tags.Kind == yaml.SequenceNode {
		for i, t := range fm.Tags {
			n := tags.Content[i]
			switch {
			case n.Kind != yaml.MappingNode && n.Kind != yaml.ScalarNode:
				errs.Add(at(n, "a tag is a name, or an object with a `label` and a `permalink`"))
			case n.Kind == yaml.MappingNode && (t.Label == "" || t.Permalink == ""):
				errs.Add(at(n, "a tag written as an object needs both a `label` and a `permalink`"))
			case strings.TrimSpace(t.Label) == "":
				errs.Add(at(n, "a tag cannot be empty"))
			}
		}
	}
}

// valueOf returns the value of key in mapping n, or n itself when the key
// is missing, so that a message still has a place.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1]
			}
		}
	}
	return n
}
