package exercise

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Keyword matching works on texts reduced to lower-case words separated by
// single spaces, with a space at each end. A whole-word keyword then
// matches as " word " and a prefix keyword ("communicat*") as " communicat",
// so one strings.Contains does the work, and "well-being", "well being"
// and "Well Being" all read alike. A keyword in a script written without
// spaces (Chinese, Japanese) matches anywhere in the text instead.

// normalize reduces text to its words.
func normalize(text string) string {
	if len(text) > MaxMatchedText {
		text = text[:MaxMatchedText]
	}
	b := make([]byte, 1, len(text)+2)
	b[0] = ' '
	space := true
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf { // ASCII, nearly every byte: no tables
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				if !space {
					b = append(b, ' ')
					space = true
				}
				continue
			}
			b = append(b, c)
			space = false
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b = utf8.AppendRune(b, unicode.ToLower(r))
			space = false
		} else if !space {
			b = append(b, ' ')
			space = true
		}
	}
	if !space {
		b = append(b, ' ')
	}
	return string(b)
}

// normalizeKeyword turns a keyword into the string matches looks for; it
// returns "" for a keyword without words, which matches nothing.
func normalizeKeyword(k string) string {
	prefix := strings.HasSuffix(k, "*")
	n := normalize(strings.TrimSuffix(k, "*"))
	if strings.TrimSpace(n) == "" {
		return ""
	}
	if prefix {
		return strings.TrimSuffix(n, " ")
	}
	return n
}

// text is a text answer prepared for keyword matching: its normalized
// form, for keywords of several words, and its sorted distinct words, so
// that a one-word keyword costs a binary search rather than a scan of the
// text (keystrokes rescore every keyword of every factor).
type text struct {
	norm  string
	words []string
}

func newText(s string) text {
	t := text{norm: normalize(s)}
	t.words = strings.Fields(t.norm)
	sortStrings(t.words)
	out := t.words[:0]
	for i, w := range t.words {
		if i == 0 || w != t.words[i-1] {
			out = append(out, w)
		}
	}
	t.words = out
	return t
}

// matches reports whether t contains keyword (as written in the
// definition). It allocates only for keywords that need normalizing
// (capitals, punctuation), which definitions rarely have.
func (t *text) matches(keyword string) bool {
	prefix := strings.HasSuffix(keyword, "*")
	k := strings.TrimSuffix(keyword, "*")
	if !plain(k) {
		k = strings.TrimSpace(normalize(k))
	}
	if k == "" {
		return false
	}
	if unspaced(k) {
		// Chinese and Japanese are written without spaces between words:
		// a keyword is found anywhere in the text's runs of letters.
		return strings.Contains(t.norm, k)
	}
	if !strings.Contains(k, " ") {
		lo, hi := 0, len(t.words)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if t.words[m] < k {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo < len(t.words) && (t.words[lo] == k || prefix && strings.HasPrefix(t.words[lo], k))
	}
	// t.norm starts and ends with a space and k neither starts nor ends
	// with one, so the bytes around a match always exist.
	for off := 0; ; {
		i := strings.Index(t.norm[off:], k)
		if i < 0 {
			return false
		}
		i += off
		if t.norm[i-1] == ' ' && (prefix || t.norm[i+len(k)] == ' ') {
			return true
		}
		off = i + 1
	}
}

// plain reports whether k is already normalized: lower-case ASCII words
// separated by single spaces.
func plain(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == ' ' && i > 0 && i < len(k)-1 && k[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// unspaced reports whether k has a letter of a script written without
// spaces between words (Han, Hiragana, Katakana, Thai), whose word
// boundaries a text does not show.
//
// Block ranges rather than unicode's script tables, which would add
// kilobytes to the WebAssembly module.
func unspaced(k string) bool {
	for _, r := range k {
		switch {
		case r < 0x0E00:
		case r <= 0x0E7F, // Thai
			0x2E80 <= r && r <= 0x2FDF,   // CJK radicals
			0x3040 <= r && r <= 0x30FF,   // Hiragana, Katakana
			0x31F0 <= r && r <= 0x31FF,   // Katakana extensions
			0x3400 <= r && r <= 0x4DBF,   // CJK extension A
			0x4E00 <= r && r <= 0x9FFF,   // CJK unified ideographs
			0xF900 <= r && r <= 0xFAFF,   // CJK compatibility ideographs
			0xFF66 <= r && r <= 0xFF9F,   // half-width Katakana
			0x20000 <= r && r <= 0x3FFFF: // CJK extensions B and on
			return true
		}
	}
	return false
}

// ValidKeyword reports whether keyword k can ever match: it has a letter
// or a digit.
func ValidKeyword(k string) bool { return normalizeKeyword(k) != "" }
