package search

import (
	"unicode"
	"unicode/utf8"
)

// Term rules. layouts/assets/search.js applies the same rules to what a
// reader types and to the text it highlights (its tokens function); a
// change here must be made there too, and TestFolding checks the two
// agree on every letter and number of the Basic Multilingual Plane.
//
// A word is a maximal run of Unicode letters, numbers and combining marks.
// Its term is the word lowercased, with accents removed (letters below
// U+2000 decomposed, NFD, and every combining mark dropped), a few letters
// that do not decompose spelled as their base letters (ß as ss, æ as ae,
// œ as oe, ø as o, ł as l, đ as d, ı as i, ς as σ), and then a plural 's'
// removed. Words of one letter, and words over maxTermRunes, are not
// indexed.
//
// Scripts written without spaces between words (Han, Hiragana, Katakana,
// Hangul) have no words to split on: a run of their letters gives each
// pair of neighbours as a term (overlapping bigrams, "信任动态" gives 信任,
// 任动, 动态) and its last letter alone, so that every letter starts a
// term and a query of one letter finds it by prefix. A query of several
// letters requires its own bigrams.
const (
	minTermRunes = 2
	// maxTermRunes drops runs such as hashes or words glued by markup,
	// which nobody types and which would only bloat the shards.
	maxTermRunes = 40
)

// scanTerms calls fn with the term of each indexed word of s, in order,
// and the term's FNV-1a hash, building terms in buf, which it returns for
// reuse; fn must not keep the slice it is given. It splits and folds
// words in one pass without allocations, since indexing a site runs it
// over every word.
func scanTerms(s string, buf []byte, fn func(term []byte, hash uint64)) []byte {
	buf = buf[:0]
	n := 0       // runes in buf
	var cjk rune // the last letter of a run of spaceless script, or 0
	for i := 0; i < len(s); {
		// Most bytes are ASCII letters: a tight loop copies a run of them.
		j := i
		if asciiTerm[s[j]] != 0 && cjk != 0 {
			buf, cjk = endRun(buf, cjk, fn)
		}
		for ; j < len(s); j++ {
			c := asciiTerm[s[j]]
			if c == 0 {
				break
			}
			buf = append(buf, c)
		}
		n += j - i
		if i = j; i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if unicode.IsMark(r) {
				continue // part of the word, but dropped
			}
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				if isSpaceless(r) {
					if n > 0 {
						emit(buf, n, fn)
						buf, n = buf[:0], 0
					}
					if cjk != 0 {
						buf = utf8.AppendRune(utf8.AppendRune(buf[:0], cjk), r)
						hashed(buf, fn)
						buf = buf[:0]
					}
					cjk = r
					continue
				}
				if cjk != 0 {
					buf, cjk = endRun(buf, cjk, fn)
				}
				r = unicode.ToLower(r)
				if int(r) < len(folds) {
					if f := folds[r]; f != "" {
						buf = append(buf, f...)
						n += utf8.RuneCountInString(f)
						continue
					}
				}
				buf = utf8.AppendRune(buf, r)
				n++
				continue
			}
		}
		if cjk != 0 {
			buf, cjk = endRun(buf, cjk, fn)
		}
		if n > 0 {
			emit(buf, n, fn)
			buf, n = buf[:0], 0
		}
	}
	if cjk != 0 {
		buf, _ = endRun(buf, cjk, fn)
	}
	emit(buf, n, fn)
	return buf
}

// endRun ends a run of spaceless script whose last letter is last: that
// letter is a term of its own. buf is empty before and after.
func endRun(buf []byte, last rune, fn func(term []byte, hash uint64)) ([]byte, rune) {
	buf = utf8.AppendRune(buf[:0], last)
	hashed(buf, fn)
	return buf[:0], 0
}

// isSpaceless reports whether r is a letter of a script written without
// spaces between words, which is indexed by bigrams.
func isSpaceless(r rune) bool {
	return r >= 0x1100 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー')
}

// folds maps each lowercase letter or number below U+2000 whose term is
// another string to that string ("é" to "e", "ß" to "ss"); letters that
// are their own term map to "". The limit keeps scripts such as Japanese,
// whose voiced kana decompose too, as written. The table is generated
// (folds.go, from foldsTable in folds_test.go) rather than computed as
// every run starts, which took a few milliseconds of each.
//
//go:generate go test -run TestFoldsTable -update .

// asciiTerm maps an ASCII letter or digit to its byte in a term, and any
// other byte to 0: ASCII ones end words, and others start a rune that
// needs decoding.
var asciiTerm = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		}
	}
	return t
}()

// emit calls fn with the term of word w, of n runes, folded, if it is
// indexed. It is not a closure in scanTerms, whose variables can then
// stay in registers.
func emit(w []byte, n int, fn func(term []byte, hash uint64)) {
	if n < minTermRunes || n > maxTermRunes {
		return
	}
	hashed(stem(w, n), fn)
}

// hashed calls fn with term t and its FNV-1a hash.
func hashed(t []byte, fn func(term []byte, hash uint64)) {
	h := uint64(14695981039346656037)
	for _, c := range t {
		h = (h ^ uint64(c)) * 1099511628211
	}
	fn(t, h)
}

// stem removes a plural 's' from the term of runes characters that ends
// t, so "effects" finds "effect". It is deliberately tiny: it must be
// repeated exactly in search.js, and prefix search on the last word typed
// already covers most other endings. Terms of three letters and terms
// ending in "ss", "us" or "is" ("less", "status", "analysis") are kept
// whole.
func stem(t []byte, runes int) []byte {
	if runes <= 3 || t[len(t)-1] != 's' {
		return t
	}
	switch t[len(t)-2] {
	case 's', 'u', 'i':
		return t
	}
	return t[:len(t)-1]
}

// allTerms returns the terms of s in order, repeats included: what the
// index reads of a title, heading or text.
func allTerms(s string) []string {
	var out []string
	scanTerms(s, nil, func(t []byte, _ uint64) { out = append(out, string(t)) })
	return out
}
