package search

import (
	"encoding/binary"
	"math/bits"
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

// wordBytes is the size of the buffer scanTerms builds a word's term in.
// A term has at most maxTermRunes runes of at most four bytes each; the
// bytes of a longer word, which is not indexed, wrap around.
const wordBytes = 256

// word is where scanTerms builds a word's term.
type word [wordBytes]byte

// termHash returns the hash scanTerms gives term t: wyhash's mixing,
// whose product's halves mix every bit of both factors. A term of up to
// eight bytes, most of them, is one number (prefix) mixed twice, where
// FNV-1a took a multiplication per byte.
func termHash(t []byte) uint64 {
	const k0, k1 = 0xa0761d6478bd642f, 0xe7037ed1a0b428db
	n := len(t)
	if n <= 8 {
		return mix(k1^uint64(n), mix(prefix(t)^k1, k0))
	}
	h := uint64(k0)
	for i := 0; i+16 < n; i += 16 {
		h = mix(binary.LittleEndian.Uint64(t[i:])^k1, binary.LittleEndian.Uint64(t[i+8:])^h)
	}
	// The last sixteen bytes, or the whole of a shorter term, which the
	// first eight then overlap.
	a, b := binary.LittleEndian.Uint64(t[max(n-16, 0):]), binary.LittleEndian.Uint64(t[n-8:])
	return mix(k1^uint64(n), mix(a^k1, b^h))
}

// prefix returns the first eight bytes of t as a little-endian number:
// all of a shorter t, followed by zeros.
func prefix(t []byte) uint64 {
	switch n := len(t); {
	case n >= 8:
		return binary.LittleEndian.Uint64(t)
	case n >= 4:
		return uint64(binary.LittleEndian.Uint32(t)) | uint64(binary.LittleEndian.Uint32(t[n-4:]))<<(8*(n-4))
	case n > 0:
		return uint64(t[0]) | uint64(t[n/2])<<(8*(n/2)) | uint64(t[n-1])<<(8*(n-1))
	}
	return 0
}

// mix returns the two halves of x·y folded together.
func mix(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}

// scanTerms calls fn with the term of each indexed word of s, in order,
// and the term's hash (termHash), building terms in w; fn must not keep
// the slice it is given. It splits and folds words in one pass without
// allocations, since indexing a site runs it over every word.
func scanTerms(s string, w *word, fn func(term []byte, hash uint64)) {
	k := 0       // bytes of the term in w
	n := 0       // runes in w
	var cjk rune // the last letter of a run of spaceless script, or 0
	for i := 0; i < len(s); {
		// Most bytes are ASCII letters: a tight loop copies a run of them.
		j := i
		if asciiTerm[s[j]] != 0 && cjk != 0 {
			cjk = endRun(w, cjk, fn)
		}
		for ; j < len(s); j++ {
			c := asciiTerm[s[j]]
			if c == 0 {
				break
			}
			w[k&(wordBytes-1)] = c
			k++
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
						emit(w, k, n, fn)
						k, n = 0, 0
					}
					if cjk != 0 {
						t := utf8.AppendRune(utf8.AppendRune(w[:0], cjk), r)
						fn(t, termHash(t))
					}
					cjk = r
					continue
				}
				if cjk != 0 {
					cjk = endRun(w, cjk, fn)
				}
				r = unicode.ToLower(r)
				if int(r) < len(folds) {
					if f := folds[r]; f != "" {
						k = appendWord(w, k, f)
						n += utf8.RuneCountInString(f)
						continue
					}
				}
				if k+utf8.UTFMax <= wordBytes {
					k += utf8.EncodeRune(w[k:], r)
				} else {
					k += utf8.RuneLen(r)
				}
				n++
				continue
			}
		}
		if cjk != 0 {
			cjk = endRun(w, cjk, fn)
		}
		if n > 0 {
			emit(w, k, n, fn)
			k, n = 0, 0
		}
	}
	if cjk != 0 {
		endRun(w, cjk, fn)
	}
	emit(w, k, n, fn)
}

// endRun ends a run of spaceless script whose last letter is last: that
// letter is a term of its own. It returns 0, the letter of no run.
func endRun(w *word, last rune, fn func(term []byte, hash uint64)) rune {
	t := utf8.AppendRune(w[:0], last)
	fn(t, termHash(t))
	return 0
}

// appendWord appends f to the k bytes of a term in w and returns the
// term's length: bytes past w belong to a word too long to be indexed.
func appendWord(w *word, k int, f string) int {
	if k+len(f) <= wordBytes {
		copy(w[k:], f)
	}
	return k + len(f)
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

// emit calls fn with the term of the word of k bytes and n runes in w,
// folded, if it is indexed. It is not a closure in scanTerms, whose
// variables can then stay in registers.
func emit(w *word, k, n int, fn func(term []byte, hash uint64)) {
	if n < minTermRunes || n > maxTermRunes {
		return
	}
	t := stem(w[:k], n)
	fn(t, termHash(t))
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
	scanTerms(s, new(word), func(t []byte, _ uint64) { out = append(out, string(t)) })
	return out
}
