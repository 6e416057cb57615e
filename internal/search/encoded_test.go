package search

import (
	"maps"
	"reflect"
	"strings"
	"testing"
)

// TestAddEncoded checks that pages added from their encodings give the
// same files, byte for byte, as pages added from their text, and that a
// damaged encoding is refused rather than indexed.
func TestAddEncoded(t *testing.T) {
	docs := []Doc{
		{URL: "/a/", Title: "Trust and verify", Sections: []Section{{Text: "Trust is built slowly."}, {ID: "why", Heading: "Why trust", Text: "Because verify, verify, verify."}}},
		{URL: "/b/", Title: "Inversion", Sections: []Section{{ID: "first", Heading: "Invert", Text: "Always invert. Trust the inversion."}}},
		{URL: "/c/", Title: "Empty"},
	}
	plain, encoded := New(), New()
	var encs [][]byte
	for _, d := range docs {
		plain.Add(d)
		encs = append(encs, New().AddEncode(d, []byte{}))
	}
	for i, d := range docs {
		if err := encoded.AddEncoded(d.URL, encs[i]); err != nil {
			t.Fatal(err)
		}
	}
	want, err := plain.Files()
	if err != nil {
		t.Fatal(err)
	}
	got, err := encoded.Files()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("files differ: %v\nwant %v", slicesOf(got), slicesOf(want))
	}
	for i := range len(encs[0]) {
		for _, bad := range [][]byte{encs[0][:i], append(append([]byte{}, encs[0]...), 0)} {
			ix := New()
			if ix.AddEncoded("/a/", bad) == nil && i < len(encs[0]) && len(bad) == i {
				t.Errorf("truncated to %d bytes: accepted", i)
			}
			if len(ix.pages) > 0 && len(bad) == i {
				t.Errorf("truncated to %d bytes: a page was added", i)
			}
		}
	}
	if New().AddEncoded("/a/", append(append([]byte{}, encs[0]...), 0)) == nil {
		t.Error("trailing byte: accepted")
	}
}

func slicesOf(m map[string][]byte) map[string]string {
	out := map[string]string{}
	for k, v := range maps.All(m) {
		out[k] = string(v)
	}
	return out
}

// TestEncodeAllocatesOnce checks that a page's encoding is written into
// one allocation of the room it needs: a long page's terms and postings
// are tens of kilobytes, which a buffer growing by doubling would copy
// several times.
func TestEncodeAllocatesOnce(t *testing.T) {
	text := strings.Repeat("Trust is built slowly, über alles, and lost at once. ", 2000)
	secs := []Section{{Text: text}, {ID: "why", Heading: "Why trust", Text: text[:len(text)/3]}}
	ix := New()
	pt := ix.pageTerms("Trust dynamics", secs)
	frag := fragmentOf("/trust/", "Trust dynamics", secs)
	p := &page{url: "/trust/", title: "Trust dynamics", frag: frag, lens: pt.lens}
	var enc []byte
	allocs := testing.AllocsPerRun(5, func() { enc = pt.encode(nil, p) })
	if allocs != 1 {
		t.Errorf("encoding a %d-byte page took %v allocations, want 1", len(enc), allocs)
	}
}
