package content

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"strings"

	"github.com/latticework/latticework/internal/diag"
)

// Sources remembers pages between loads, so that a page whose file has
// not changed need not be read and parsed again (a build's cache keeps
// them between command-line builds). When Options.Sources is set, Load
// and Translate ask it for each page file before reading it, and tell it
// of each page they read.
type Sources interface {
	// Known returns the page at file as an earlier load found it,
	// without its body (see PageFromHead), if info, the file's stat now,
	// shows it unchanged since; otherwise nil.
	Known(file string, info fs.FileInfo) *Page
	// Loaded receives a page that was read, the stat of its file taken
	// before the read (nil if that failed), and the problems loading it
	// reported.
	Loaded(p *Page, info fs.FileInfo, problems []*diag.Error)
}

// loadPage loads the page at file, whose entry in its folder is d, from
// sources if they know it.
func loadPage(fsys fs.FS, file string, d fs.DirEntry, sources Sources, buf *[]byte, errs *diag.List) *Page {
	if sources == nil {
		return loadFile(fsys, file, buf, errs)
	}
	// The entry describes a regular file as a stat would, and costs
	// nothing more where reading the folder described its files (in a
	// sitefs.FS); a link is followed.
	var info fs.FileInfo
	var err error
	if d.Type().IsRegular() {
		info, err = d.Info()
	} else {
		info, err = fs.Stat(fsys, file)
	}
	if err != nil {
		info = nil
	} else if p := sources.Known(file, info); p != nil {
		return p
	}
	var local diag.List
	p := loadFile(fsys, file, buf, &local)
	errs.Merge(&local)
	if p != nil {
		sources.Loaded(p, info, local.All())
	}
	return p
}

// head is what a page is but for its body, as Options.DropBodies keeps
// it: what Sources keep. Values are at the page's file, which they do not
// repeat; Src is the text before the body.
type head struct {
	Front    FrontMatter
	Lines    map[string]int
	Values   map[string][2]int // line, column
	BodyLine int
	Src      string
	Sum      [32]byte
}

// Head returns the page of a file just read but for its body, encoded,
// for PageFromHead to give back; nil for a page whose front matter
// failed, or that the encoding would not give back exactly
// (sidebar_custom_props holding a whole number, which JSON reads back as
// a float): such a page is read every time.
func (p *Page) Head() []byte {
	if p.FrontFailed || p.Body == nil || p.dropped {
		return nil
	}
	start := len(p.Src) - len(p.Body)
	h := head{Front: p.Front, Lines: p.Lines, BodyLine: p.BodyLine, Src: string(p.Src[:start]), Sum: p.Sum}
	for k, pos := range p.values {
		if pos.File != p.File() {
			return nil
		}
		if h.Values == nil {
			h.Values = map[string][2]int{}
		}
		h.Values[k] = [2]int{pos.Line, pos.Col}
	}
	b, err := json.Marshal(&h)
	if err != nil {
		return nil
	}
	var back head
	if json.Unmarshal(b, &back) != nil || !reflect.DeepEqual(h, back) {
		return nil
	}
	return b
}

// PageFromHead returns the page at file (its path from the site root)
// whose head, as Head encoded it, is b, as Options.DropBodies loads it:
// ReadBody reads its body; nil if b is not a head.
func PageFromHead(file string, b []byte) *Page {
	var h head
	if json.Unmarshal(b, &h) != nil {
		return nil
	}
	p := &Page{Path: rel(file), Front: h.Front, Lines: h.Lines, BodyLine: h.BodyLine,
		Src: []byte(h.Src), Sum: h.Sum, dropped: true, bodyStart: len(h.Src)}
	if p.Lines == nil {
		p.Lines = map[string]int{}
	}
	if !strings.HasPrefix(file, Dir+"/") {
		p.file = file // a translation: its caller sets Path
	}
	for k, v := range h.Values {
		if p.values == nil {
			p.values = map[string]diag.Pos{}
		}
		p.values[k] = diag.Pos{File: file, Line: v[0], Col: v[1]}
	}
	return p
}
