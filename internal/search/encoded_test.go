package search

import (
	"maps"
	"reflect"
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
