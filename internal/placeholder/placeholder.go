// Package placeholder finds the "Write: ..." lines that `make new`
// (cmd/new) leaves in a new article and its worksheet, each saying what
// goes there. The scaffold writes Marker and the build looks for it, so
// the two cannot drift apart; the build reports every one left, so an
// untouched scaffold is never published.
package placeholder

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/latticework/latticework/internal/diag"
)

// Marker starts every placeholder text the scaffold writes.
const Marker = "Write:"

// Report adds a problem to l for each placeholder in src, the text of
// file, at its line and column, saying what to write. They are warnings
// when warn is set (a preview of work in progress), else errors. The
// comments of a YAML file are left alone: they are never published, and
// the scaffold's own explain the placeholders.
func Report(l *diag.List, file string, src []byte, warn bool) {
	yamlFile := strings.HasSuffix(file, ".yaml") || strings.HasSuffix(file, ".yml")
	line := 0
	for rest := src; len(rest) > 0; {
		line++
		text := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			text, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if yamlFile && bytes.HasPrefix(bytes.TrimLeft(text, " \t"), []byte("#")) {
			continue
		}
		for off := 0; ; {
			i := bytes.Index(text[off:], []byte(Marker))
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(Marker)
			if at > 0 {
				// "Read/Write:" or "Overwrite:" in an article's own text is
				// not the scaffold's.
				if r, _ := utf8.DecodeLastRune(text[:at]); unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' {
					continue
				}
			}
			what := strings.TrimRight(strings.TrimSpace(string(text[off:])), `"'*`)
			e := diag.At(diag.Pos{File: file, Line: line, Col: utf8.RuneCount(text[:at]) + 1}, src,
				"placeholder left by `make new`: replace this "+Marker+" text with "+what)
			e.Warning = warn
			l.Add(e)
			break // one report per line
		}
	}
}
