package search

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// stateDocs returns n pages sharing a common word in more sections than
// a list keeps, with counts and headings varied, so that lists are cut.
func stateDocs(n int, rng *rand.Rand) []Doc {
	docs := synthetic(n)
	for i := range docs {
		docs[i].Sections[0].Text += strings.Repeat(" common", rng.IntN(12))
		if rng.IntN(20) == 0 {
			docs[i].Sections[1].Heading += " common"
		}
	}
	return docs
}

// TestState checks that an index loaded from its state, with changed
// pages removed and added again, writes the files an index of every page
// writes, byte for byte, edit after edit; that the pages sharing a
// changed page's fragment file are taken out and added again with it, and
// that only their groups' files are written again: the other pages'
// fragments are in the files the last index wrote.
func TestState(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	docs := stateDocs(1300, rng)
	urls := make([]string, len(docs))
	for i, d := range docs {
		urls[i] = d.URL
	}
	sorted := slices.Sorted(slices.Values(urls))
	ords := map[string]int{}
	for i, u := range sorted {
		ords[u] = i
	}
	build := func(docs []Doc) (*Index, map[string][]byte, [][]byte) {
		ix := New()
		ix.shardBytes = 2 << 10
		files, write := collect()
		ix.Stream(urls, write)
		encs := make([][]byte, len(docs))
		for i, d := range docs {
			encs[i] = ix.AddEncode(d, []byte{})
		}
		if err := ix.WriteFiles(write); err != nil {
			t.Fatal(err)
		}
		return ix, files, encs
	}
	ix, files, encs := build(docs)
	state := ix.AppendState(nil)
	resumed, refused := 0, 0
	for round := range 12 {
		// One to three pages edited: a word added, a paragraph of the
		// common word, a section dropped, a title changed.
		changed := map[int]bool{}
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(docs))
			changed[i] = true
			d := docs[i]
			d.Sections = append([]Section(nil), d.Sections...)
			switch round % 4 {
			case 0:
				d.Sections[0].Text += " edited"
			case 1:
				d.Sections[2].Text += strings.Repeat(" common", 31)
			case 2:
				d.Sections = d.Sections[:2]
			case 3:
				d.Title = "Common retitled"
			}
			docs[i] = d
		}
		_, want, wantEncs := build(docs)

		loaded, err := LoadState(state)
		if err != nil {
			t.Fatal(err)
		}
		loaded.shardBytes = 2 << 10
		for i := range changed {
			if err = loaded.Remove(docs[i].URL, encs[i]); err != nil {
				break
			}
		}
		if err != nil {
			// Allowed only where a cut list lost postings it must write.
			refused++
			ix, _, encs = build(docs)
			state = ix.AppendState(nil)
			continue
		}
		// The others of the changed pages' groups: Fragment says their
		// file does not stand.
		again := map[int]bool{}
		groups := map[string]bool{}
		for i := range changed {
			groups[fragmentName(ords[docs[i].URL]/groupPages)] = true
		}
		for i, d := range docs {
			if changed[i] {
				continue
			}
			name, ok := loaded.Fragment(d.URL)
			if ok == groups[name] {
				t.Fatalf("round %d: page %d: Fragment says %s stands: %v", round, i, name, ok)
			}
			if !ok {
				if err := loaded.Remove(d.URL, encs[i]); err != nil {
					t.Fatalf("round %d: page %d: %v", round, i, err)
				}
				again[i] = true
			}
		}
		got, write := collect()
		loaded.Stream(urls, write)
		for i := range changed {
			loaded.AddEncode(docs[i], nil)
		}
		for i := range again {
			if err := loaded.AddEncoded(docs[i].URL, encs[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := loaded.WriteFiles(write); err != nil {
			t.Fatal(err)
		}
		for name := range got {
			if strings.HasPrefix(name, "search/p/") && !groups[name] {
				t.Errorf("round %d: %s written again, the group of no changed page", round, name)
			}
		}
		for i, d := range docs {
			name, ok := loaded.Fragment(d.URL)
			if ok == (changed[i] || again[i]) {
				t.Fatalf("round %d: page %d: Fragment says %v", round, i, ok)
			}
			if ok {
				if _, dup := got[name]; dup && !bytes.Equal(got[name], files[name]) {
					t.Fatalf("round %d: %s written again, differently", round, name)
				}
				got[name] = files[name]
			}
		}
		if len(got) != len(want) {
			t.Fatalf("round %d: %d files, want %d", round, len(got), len(want))
		}
		for name, data := range want {
			if string(got[name]) != string(data) {
				t.Fatalf("round %d: %s differs", round, name)
			}
		}
		resumed++
		files, encs = want, wantEncs
		state = loaded.AppendState(nil)
	}
	t.Logf("%d edits resumed, %d refused", resumed, refused)
	if resumed < 6 {
		t.Errorf("only %d of 12 edits resumed from the state (%d refused)", resumed, refused)
	}
}

// TestStateDamaged checks that a state cut short or with a byte changed
// is refused or loads without failing, never panics, and that a page's
// encoding from another page is refused by Remove.
// collect returns a map and a write function for WriteFiles, which calls
// it from several goroutines at once, that fills the map.
func collect() (map[string][]byte, func(string, []byte) error) {
	var mu sync.Mutex
	files := map[string][]byte{}
	return files, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = data
		return nil
	}
}

func TestStateDamaged(t *testing.T) {
	t.Parallel()
	docs := synthetic(4)
	ix := New()
	var encs [][]byte
	for _, d := range docs {
		encs = append(encs, ix.AddEncode(d, []byte{}))
	}
	if _, err := ix.Files(); err != nil {
		t.Fatal(err)
	}
	state := ix.AppendState(nil)
	if _, err := LoadState(state); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(state); i += 1 + i/200 {
		if _, err := LoadState(state[:i]); err == nil {
			t.Errorf("cut to %d bytes: loaded", i)
		}
		bad := append([]byte{}, state...)
		bad[i] ^= 0x5a
		if loaded, err := LoadState(bad); err == nil {
			for j, d := range docs {
				_ = loaded.Remove(d.URL, encs[j])
			}
		}
	}
	loaded, _ := LoadState(state)
	if loaded.Remove(docs[0].URL, encs[1]) == nil {
		t.Error("another page's encoding removed the page")
	}
	loaded, _ = LoadState(state)
	if loaded.Remove("/elsewhere/", encs[0]) == nil {
		t.Error("a page the state does not hold was removed")
	}
}
