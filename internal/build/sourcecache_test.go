package build

import (
	"bytes"
	"testing"
)

// countText counts, eight bytes at a time, what a byte at a time counts.
func TestCountText(t *testing.T) {
	for _, s := range []string{"", "a b", "信任 dynamics 动态", "\xe0\xdf\xff\x7f \xc0\xe1\xef\xf0\x80 x", "é 😀 ab cd ef gh 中文中文中文"} {
		for i := range len(s) {
			body := []byte(s[i:])
			want := textCount{words: bytes.Count(body, []byte(" "))}
			for _, c := range body {
				if c >= 0xE0 {
					want.wide++
				}
			}
			if got := countText(body); got != want {
				t.Errorf("countText(%q) = %+v, want %+v", body, got, want)
			}
		}
	}
}
