package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads the index the way search.js does, so tests can check
// ranking without a browser and TestJS can check that the script agrees.

// isWordRune reports whether r belongs to a word: \p{L}, \p{N} or \p{M}
// in JavaScript's terms.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// words calls fn with each word of s, as search.js's WORD pattern finds
// them. scanTerms, which indexes, must split text the same way:
// FuzzTerms checks it.
func words(s string, fn func(word string)) {
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// result is one hit, as search.js returns it.
type result struct {
	URL     string `json:"url"`
	Title   string `json:"title"`
	Heading string `json:"heading"`
	Excerpt string `json:"excerpt"`
}

// reader answers queries from the files Files returned, counting the
// bytes of the files a query needed.
type reader struct {
	files   map[string][]byte
	fetched map[string]bool
}

func newReader(files map[string][]byte) *reader {
	return &reader{files: files, fetched: map[string]bool{}}
}

func (r *reader) load(path string, v any) error {
	data, ok := r.files["search/"+path]
	if !ok {
		return fmt.Errorf("no file search/%s", path)
	}
	r.fetched[path] = true
	return json.Unmarshal(data, v)
}

// parseQuery splits q as search.js's parse does.
func parseQuery(q string) (ws []string, pre string) {
	var all []string
	words(q, func(w string) { all = append(all, queryTerm(w)) })
	if last, _ := utf8.DecodeLastRuneInString(q); q != "" && isWordRune(last) {
		pre, all = all[len(all)-1], all[:len(all)-1]
	}
	for _, w := range all {
		if w != "" && !slices.Contains(ws, w) {
			ws = append(ws, w)
		}
	}
	return ws, pre
}

// queryTerm is search.js's norm: term without the upper length limit.
func queryTerm(w string) string {
	if t := term(w); t != "" || utf8.RuneCountInString(w) <= maxTermRunes {
		return t
	}
	return strings.ToLower(w) // long words are never in the index anyway
}

type group struct {
	lists    [][]int
	complete bool
}

// at returns the index of the last of the sorted strings s not after u.
func at(s []string, u string) int {
	i, _ := slices.BinarySearchFunc(s, u, func(b, u string) int {
		if compareUTF16(b, u) <= 0 {
			return -1
		}
		return 1
	})
	return i - 1
}

// shard returns the number of the shard that holds u.
func (r *reader) shard(m manifest, u string) (int, error) {
	i := at(m.S, u)
	if m.N == 0 {
		return i, nil
	}
	var d directory
	if err := r.load(fmt.Sprintf("d/%d.json", i), &d); err != nil {
		return 0, err
	}
	return i*m.N + at(d.S, u), nil
}

func (r *reader) group(m manifest, t string, prefix bool) (group, error) {
	a, err := r.shard(m, t)
	if err != nil {
		return group{}, err
	}
	b := a
	if prefix {
		if b, err = r.shard(m, t+"\uffff"); err != nil {
			return group{}, err
		}
	}
	g := group{complete: b <= a+1}
	for i := a; i <= min(b, a+1); i++ {
		var sh struct {
			P map[string][]int
			X []string
		}
		if err := r.load(fmt.Sprintf("t/%d.json", i), &sh); err != nil {
			return g, err
		}
		for k, l := range sh.P {
			if k == t || prefix && strings.HasPrefix(k, t) {
				g.lists = append(g.lists, l)
				if slices.Contains(sh.X, k) {
					g.complete = false
				}
			}
		}
	}
	return g, nil
}

func (r *reader) search(q string, limit int) ([]result, error) {
	var m manifest
	if err := r.load("manifest.json", &m); err != nil {
		return nil, err
	}
	ws, pre := parseQuery(q)
	if len(m.S) == 0 || len(ws) == 0 && pre == "" {
		return nil, nil
	}
	var groups []group
	for i, w := range append(ws, pre) {
		if w == "" {
			continue
		}
		g, err := r.group(m, w, i == len(ws))
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	type hit struct{ k, n, c, w int }
	hits := map[int]*hit{}
	need := 0
	for _, g := range groups {
		best := map[int]int{}
		for _, l := range g.lists {
			d := 0
			for i := 0; i < len(l); i += 3 {
				d += l[i]
				k := d*65536 + l[i+1]
				best[k] = max(best[k], l[i+2])
			}
		}
		if g.complete {
			need++
		}
		for k, w := range best {
			h := hits[k]
			if h == nil {
				h = &hit{k: k}
				hits[k] = h
			}
			h.n++
			h.w += w
			if g.complete {
				h.c++
			}
		}
	}
	var top []*hit
	for _, h := range hits {
		if h.c == need {
			top = append(top, h)
		}
	}
	slices.SortFunc(top, func(a, b *hit) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(b.w, a.w), cmp.Compare(a.k, b.k))
	})
	var out []result
	for _, h := range top[:min(limit, len(top))] {
		var pgs []struct {
			U, T string
			S    [][3]string
		}
		n := h.k / 65536
		if err := r.load(fmt.Sprintf("p/%d.json", n/m.G), &pgs); err != nil {
			return nil, err
		}
		pg := pgs[n%m.G]
		s := pg.S[h.k%65536]
		res := result{URL: pg.U, Title: pg.T, Heading: s[1], Excerpt: s[2]}
		if s[0] != "" {
			res.URL += "#" + s[0]
		}
		out = append(out, res)
	}
	return out, nil
}
