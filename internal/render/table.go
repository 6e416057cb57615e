package render

import (
	"bytes"
	"strconv"

	"github.com/latticework/latticework/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxTableCells is how many table cells a page's tables may have beyond
// the page's size in bytes. GFM fills every row up to the header's
// width, so a table of 5,000 columns and 5,000 one-cell rows, 30 KB of
// markdown, would make 25 million cells and gigabytes of memory. A cell
// written out takes at least a byte, so only such filled-in cells count
// against the limit, which is cmark-gfm's (GitHub's) per table. A table
// past it stays a paragraph, and the page fails at its delimiter row.
const MaxTableCells = 0x80000

// tableCellsKey holds how many of a page's MaxTableCells are left, or -1
// once the limit was reported.
var tableCellsKey = parser.NewContextKey()

// tableOption wraps goldmark's table paragraph transformer, which has no
// limit of its own.
type tableOption struct{}

func (tableOption) SetParserOption(c *parser.Config) {
	gfm := extension.NewTableParagraphTransformer()
	for i, v := range c.ParagraphTransformers {
		if v.Value == gfm {
			c.ParagraphTransformers[i].Value = limitedTable{gfm}
		}
	}
}

type limitedTable struct{ parser.ParagraphTransformer }

// Transform finds the table goldmark would make of the paragraph, as
// goldmark does (its first delimiter row under a header of no more
// cells), and counts its cells before letting goldmark make it.
func (t limitedTable) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		delim, header := lines.At(i), lines.At(i-1)
		cols := delimiterColumns(delim.Value(src))
		if cols == 0 {
			continue
		}
		if headerCells(header.Value(src)) > cols {
			return // not a table
		}
		left, ok := pc.Get(tableCellsKey).(int)
		if !ok {
			left = len(src) + MaxTableCells
		}
		rows := lines.Len() - i // the header and the rows below the delimiter
		if left >= 0 && cols <= left/rows {
			pc.Set(tableCellsKey, left-cols*rows)
			t.ParagraphTransformer.Transform(node, reader, pc)
			return
		}
		if st, _ := pc.Get(stateKey).(*state); st != nil && left >= 0 {
			st.errs.Add(diag.At(st.pos(delim.Start), st.in.Src, "this table has "+strconv.Itoa(cols)+" columns and "+
				strconv.Itoa(rows)+" rows, more cells than the page's tables may have ("+strconv.Itoa(MaxTableCells)+
				" beyond the page's size in bytes), so it is shown as text: write out the cells its short rows leave empty, or split it across pages"))
		}
		pc.Set(tableCellsKey, -1) // once a page
		return
	}
}

// delimiterColumns returns the number of columns of a GFM table
// delimiter row such as "| :-- | --: |", or 0 if line is not one, as
// goldmark's tableParagraphTransformer.parseDelimiter reads it.
func delimiterColumns(line []byte) int {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return 0
	}
	allDashes := true
	for _, b := range line {
		allDashes = allDashes && b == '-'
		if !util.IsSpace(b) && b != '-' && b != '|' && b != ':' {
			return 0
		}
	}
	if allDashes {
		return 0
	}
	cols := bytes.Split(line, []byte{'|'})
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	for _, c := range cols {
		c = bytes.TrimSpace(c)
		c = bytes.TrimPrefix(c, []byte(":"))
		c = bytes.TrimSuffix(c, []byte(":"))
		if len(c) == 0 || len(bytes.Trim(c, "-")) != 0 {
			return 0
		}
	}
	return len(cols)
}

// headerCells returns the number of cells goldmark reads in a header
// row: those between unescaped pipes, less a leading and a trailing one.
func headerCells(line []byte) int {
	line = bytes.TrimSpace(line)
	pos, limit := 0, len(line)
	if limit > 0 && line[0] == '|' {
		pos++
	}
	if limit > 0 && line[limit-1] == '|' {
		limit--
	}
	if pos >= limit {
		return 0
	}
	n := 1
	for j := pos; j < limit; j++ {
		if line[j] == '|' && (j == 0 || line[j-1] != '\\') {
			n++
		}
	}
	return n
}
