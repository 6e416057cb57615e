// Package diag reports problems in a site's source files the way a
// contributor can act on them: "path:line:col: message", with the offending
// line when it helps, all problems of a run sorted by file and position.
//
// Every stage of the build reports through a List, so the build can say
// everything that is wrong in one run instead of stopping at the first
// problem.
package diag

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// characters (runes), as editors do. A zero Line means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as "file:line:col", leaving out what is unknown.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// Error is one problem at one place.
type Error struct {
	Pos
	Msg string
	// Source is the text of the offending line, shown under the message.
	Source string
	// Warning marks a problem that does not fail the build.
	Warning bool
}

// Error formats the problem as "file:line:col: message".
func (e *Error) Error() string {
	prefix := ""
	if e.Warning {
		prefix = "warning: "
	}
	return e.Pos.String() + ": " + prefix + e.Msg
}

// At returns an Error at pos in src (the file's whole text, used to quote
// the offending line; it may be nil).
func At(pos Pos, src []byte, msg string) *Error {
	return &Error{Pos: pos, Msg: msg, Source: lineText(src, pos.Line)}
}

// List collects the problems of one run. It is safe for concurrent use.
type List struct {
	mu   sync.Mutex
	errs []*Error
}

// Add records a problem.
func (l *List) Add(e *Error) {
	l.mu.Lock()
	l.errs = append(l.errs, e)
	l.mu.Unlock()
}

// Addf records a problem at pos without quoting the source.
func (l *List) Addf(pos Pos, msg string) { l.Add(&Error{Pos: pos, Msg: msg}) }

// Merge adds every problem of other.
func (l *List) Merge(other *List) {
	for _, e := range other.All() {
		l.Add(e)
	}
}

// All returns the problems sorted by file, line and column, then message.
func (l *List) All() []*Error {
	l.mu.Lock()
	out := slices.Clone(l.errs)
	l.mu.Unlock()
	slices.SortStableFunc(out, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Msg, b.Msg),
		)
	})
	return out
}

// Errors returns the problems that fail the build, sorted.
func (l *List) Errors() []*Error {
	return slices.DeleteFunc(l.All(), func(e *Error) bool { return e.Warning })
}

// Warnings returns the problems that do not fail the build, sorted.
func (l *List) Warnings() []*Error {
	return slices.DeleteFunc(l.All(), func(e *Error) bool { return !e.Warning })
}

// Err returns nil when no problem fails the build, else an error listing
// every problem, warnings included, one per line.
func (l *List) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return Problems(l.All())
}

// Problems is the error a failed run returns: all its problems, sorted.
type Problems []*Error

// Errors counts the problems that fail the build.
func (p Problems) Errors() int {
	n := 0
	for _, e := range p {
		if !e.Warning {
			n++
		}
	}
	return n
}

func (p Problems) Error() string {
	var b strings.Builder
	for i, e := range p {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Lines converts byte offsets in one source text to line and column
// numbers. Build it once per file; each lookup is a binary search. It is
// not safe for concurrent use.
type Lines struct {
	src    []byte
	starts []int // byte offset at which each line starts
	// Offset is added to every line number: the number of lines that come
	// before src in the file (front matter, for a markdown body).
	Offset int
	// The last lookup: columns are counted on from it when the next
	// offset is further along the same line, so that looking up every
	// link of a one-line page in order takes linear time, not quadratic.
	last, lastLine, lastCol int
}

// NewLines indexes src, whose first line is line offset+1 of its file.
func NewLines(src []byte, offset int) *Lines {
	// Every page is indexed: bytes.Count and IndexByte scan a word or
	// more at a time where a loop over bytes would not.
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return &Lines{src: src, starts: starts, Offset: offset}
}

// Pos returns the 1-based line and column of the byte offset off.
func (l *Lines) Pos(off int) (line, col int) {
	off = min(max(off, 0), len(l.src))
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	from, col := l.starts[i], 1
	if i == l.lastLine && off >= l.last && l.last > from {
		from, col = l.last, l.lastCol
	}
	col += utf8.RuneCount(l.src[from:off])
	l.last, l.lastLine, l.lastCol = off, i, col
	return i + 1 + l.Offset, col
}

// lineText returns line n (1-based) of src without its newline.
func lineText(src []byte, n int) string {
	if n <= 0 || src == nil {
		return ""
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimRight(string(src), "\r")
}

// Text prepares a source file's bytes for parsing: a leading UTF-8
// byte-order mark, which some editors write, is dropped, and bytes that are
// not UTF-8 are reported once, at the first of them, and each replaced by
// U+FFFD so that later stages neither fail on them again nor shift the
// columns they report. err is nil when the file is valid UTF-8.
func Text(file string, src []byte) (text []byte, err *Error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if utf8.Valid(src) {
		return src, nil
	}
	out := make([]byte, 0, len(src)+16)
	first := -1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			if first < 0 {
				first = i
			}
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, src[i:i+n]...)
		}
		i += n
	}
	line, col := NewLines(src, 0).Pos(first)
	return out, At(Pos{File: file, Line: line, Col: col}, out,
		"this file is not UTF-8 text (byte 0x"+strings.ToUpper(strconv.FormatUint(uint64(src[first]), 16))+" here): save it as UTF-8 in your editor")
}
