package build

import (
	"strings"
	"testing"
)

// FuzzHasChroma checks hasChroma against strings.Contains.
func FuzzHasChroma(f *testing.F) {
	for _, s := range []string{``, `<pre class="chroma">`, `"chroma"`, `x="chroma" class="chroma"`, `class="chroma`, `lass="chroma"`, `classs="chroma"`, `class="chroma" ="chroma"`, `="chroma"class="chroma"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasChroma(s), strings.Contains(s, `class="chroma"`); got != want {
			t.Errorf("hasChroma(%q) = %v, want %v", s, got, want)
		}
	})
}
