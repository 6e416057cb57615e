package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTerms(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"The Halo-Effect's pull", "the halo effect pull"},
		{"Trusts effects dynamics", "trust effect dynamic"},
		{"less status analysis its bus news", "less status analysis its bus new"},
		{"a I x 7 42 1980s", "42 1980"},
		{"İSTANBUL ΟΔΟΣ", "istanbul οδοσ"},
		{"cafe\u0301 café naïve CAFÉ", "cafe cafe naive cafe"},
		{"Straße STRAẞE Æsir Øresund Łódź", "strasse strasse aesir oresund lodz"},
		{"e.g. C++ and Go_lang", "and go lang"},
		{"TRUSTWORTHINESS trustWorthiness Trustworthiness2024 ab12345678Cd", "trustworthiness trustworthiness trustworthiness2024 ab12345678cd"},
		{strings.Repeat("x", 40) + " " + strings.Repeat("y", 41), strings.Repeat("x", 40)},
		// Words too long to index, past the buffer a term is built in.
		{strings.Repeat("x", 300) + " ok " + strings.Repeat("é", 200) + " fine " + strings.Repeat("ßq", 100) + "信任 " + strings.Repeat("𝐚", 40) + " " + strings.Repeat("𝐚", 41), "ok fine 信任 任 " + strings.Repeat("𝐚", 40)},
		// Spaceless scripts: overlapping pairs and the last letter.
		{"信任动态", "信任 任动 动态 态"},
		{"信 trust信任。が", "信 trust 信任 任 が"},
		{"信任abc 信任abcdefghij 信abcdefghijklmno", "信任 任 abc 信任 任 abcdefghij 信 abcdefghijklmno"},
		{"신뢰 역학", "신뢰 뢰 역학 학"},
	} {
		if got := strings.Join(allTerms(c.in), " "); got != c.want {
			t.Errorf("allTerms(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzTerms checks the hash scanTerms gives each term, by which the index
// finds terms: a wrong one would still index correctly, only slower, so
// no other test would see it.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"The Halo-Effect's pull", "Trusts effects dynamics status", "İSTANBUL ΟΔΟΣ café", "cafe\u0301 x\u0301y", "\xff\xfeab", "a\u0300\u0301 bb", "信任动态 abc信"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		scanTerms(s, new(word), func(term []byte, hash uint64) {
			if h := termHash(term); h != hash {
				t.Errorf("scanTerms(%q) hashes %q as %#x, termHash gives %#x", s, term, hash, h)
			}
			if n := utf8.RuneCount(term); n < 1 || n > maxTermRunes {
				t.Errorf("scanTerms(%q) gives %q, of %d letters", s, term, n)
			}
		})
	})
}

// TestFragment checks that a page's fragment names its sections, in the
// order postings number them, and holds none of their text: search.js
// takes that from the page's HTML. A long page's fragment weighs what its
// headings do, not what its text does.
func TestFragment(t *testing.T) {
	long := strings.Repeat("lengthy ", 1000) + "ending"
	ix := New()
	ix.Add(Doc{URL: "/a/", Title: "A", Sections: []Section{{ID: "s", Heading: "S", Text: "  One\n two.\tThree  "}, {ID: "l", Text: long}}})
	data := files(t, ix)["search/p/0.json"]
	var f []fragment
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	want := []fragment{{U: "/a/", T: "A", S: [][2]string{{"", ""}, {"s", "S"}, {"l", ""}}}}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("fragments %+.200v, want %+v", f, want)
	}
	for _, word := range []string{"One", "Three", "lengthy", "ending"} {
		if bytes.Contains(data, []byte(word)) {
			t.Errorf("fragment %.200s holds the text %q", data, word)
		}
	}
	// The seed article: 49 KB of text, 18 sections.
	ix = New()
	ix.Add(Doc{URL: seedURL, Title: "Trust Dynamics", Sections: seedSections(t)})
	if data := files(t, ix)["search/p/0.json"]; len(data) > 4<<10 {
		t.Errorf("the seed article's fragment weighs %d bytes, more than its headings", len(data))
	}
}

func TestCompareUTF16(t *testing.T) {
	// U+FF21 (Ａ) sorts after U+1D400 (𝐀) in UTF-16, before it in UTF-8.
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"ab", "abc", -1}, {"abd", "abc", 1}, {"x", "x", 0},
		{"\U0001D400", "\uFF21", -1}, {"\uFF21", "\U0001D400", 1},
		{"\U0001D400", "\U0001D401", -1}, {"\u00e9", "\U0001D400", -1},
	} {
		if got := compareUTF16(c.a, c.b); got != c.want {
			t.Errorf("compareUTF16(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if got := separator("trust", "trustee"); got != "truste" {
		t.Errorf("separator = %q", got)
	}
	if got := separator("halo", "hello"); got != "he" {
		t.Errorf("separator = %q", got)
	}
}

// searchFiles runs q with search.js against files and returns the URL of
// each result's best section.
func searchFiles(t *testing.T, files map[string][]byte, q string) []string {
	t.Helper()
	return jsSearch(t, files, q)[q].urls()
}

func files(t testing.TB, ix *Index) map[string][]byte {
	t.Helper()
	f, err := ix.Files()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestRanking checks that a page whose title or headings hold a word
// ranks above pages that only mention it, however often, that every word
// is required of a page, and that the word being typed is a prefix.
func TestRanking(t *testing.T) {
	ix := New()
	for _, d := range []Doc{
		{URL: "/body/", Title: "Body", Sections: []Section{
			{ID: "", Text: "Repair repair repair repair trust."},
			{ID: "later", Heading: "Later", Text: "Trust once."},
		}},
		{URL: "/heading/", Title: "Heading", Sections: []Section{
			{ID: "how-to-repair", Heading: "How to repair", Text: "Say sorry."},
		}},
		{URL: "/title/", Title: "Repair guide", Sections: []Section{
			{ID: "", Text: "All about mending things."},
			{ID: "tools", Heading: "Tools", Text: "A hammer for repair."},
		}},
		{URL: "/other/", Title: "Other", Sections: []Section{{Text: "Nothing to see, halogen, repair."}, {ID: "more", Heading: "More", Text: "Hammer."}}},
	} {
		ix.Add(d)
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"repair ", []string{"/title/", "/heading/#how-to-repair", "/body/", "/other/"}},
		// Every word is required of a page, not of one section.
		{"repair trust ", []string{"/body/"}},
		{"repair hammer ", []string{"/title/#tools", "/other/#more"}},
		{"repair nowhere ", nil},
		// The last word, still being typed, is a prefix.
		{"repa", []string{"/title/", "/heading/#how-to-repair", "/body/", "/other/"}},
		{"hal", []string{"/other/"}},
		{"mend", []string{"/title/"}},
		{"mend ", nil},
		{"guides", []string{"/title/"}},
		{"", nil},
		{"a", nil},
	}
	var qs []string
	for _, c := range cases {
		qs = append(qs, c.q)
	}
	rs := jsSearch(t, files(t, ix), qs...)
	for _, c := range cases {
		if got := rs[c.q].urls(); !slices.Equal(got, c.want) || rs[c.q].Total != len(c.want) {
			t.Errorf("search %q = %q (total %d), want %q", c.q, got, rs[c.q].Total, c.want)
		}
	}
	// A page lists its other matching sections after its best.
	if p := rs["repair "].Pages[0]; len(p.Secs) != 2 || p.Secs[1].URL != "/title/#tools" {
		t.Errorf("repair: first page's sections %+v", p.Secs)
	}
}

// TestTruncated checks that a term found in more than maxPostings sections
// keeps the best ones and stops being required.
func TestTruncated(t *testing.T) {
	ix := New()
	for i := range maxPostings + 10 {
		text := "common word"
		if i%100 == 7 {
			text += " rare"
		}
		heading := "Part"
		if i == maxPostings+5 {
			heading = "Common"
		}
		ix.Add(Doc{URL: fmt.Sprintf("/p%04d/", i), Title: "Page", Sections: []Section{{ID: "s", Heading: heading, Text: text}}})
	}
	rs := jsSearch(t, files(t, ix), "common ", "common rare ", "rare common ")
	got := rs["common "]
	if got.Total != maxPostings || got.urls()[0] != fmt.Sprintf("/p%04d/#s", maxPostings+5) {
		t.Errorf("common: %d results, first %q, want the page with it in a heading first", got.Total, got.urls()[:1])
	}
	// Pages past the cap have "rare" but lost "common": they still match.
	for _, q := range []string{"common rare ", "rare common "} {
		if got := rs[q].urls(); len(got) != 11 || !slices.Contains(got, "/p1007/#s") {
			t.Errorf("%s: %q", q, got)
		}
	}
}

// TestKeepBest checks that a list keeps exactly the best postings, as a
// sort of all of them would.
func TestKeepBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	byRank := func(a, b ranked) int {
		if worse(b, a) {
			return -1
		}
		if worse(a, b) {
			return 1
		}
		return 0
	}
	for _, n := range []int{0, 1, maxPostings, maxPostings + 1, 5*maxPostings + 7} {
		ix := New()
		var all []ranked
		var l postings
		var tmp []ranked
		for i := range n {
			// Three sections a page, few weights: many ties to break.
			page := i / 3
			if page == len(ix.ranks) {
				ix.ranks = append(ix.ranks, rng.Uint64())
			}
			p := ranked{ix.ranks[page], posting{uint32(page), uint16(i % 3), uint8(rng.IntN(4))}}
			all = append(all, p)
			l.add(p, ix, &tmp)
		}
		l.keepBest(ix, &tmp, maxPostings)
		slices.SortFunc(all, byRank)
		want := all[:min(n, maxPostings)]
		var got []ranked
		for _, p := range l.best {
			got = append(got, ranked{ix.ranks[p.page], p})
		}
		slices.SortFunc(got, byRank)
		if l.n != n || !slices.Equal(got, want) {
			t.Errorf("%d postings: kept %d of %d, not the best", n, len(got), l.n)
		}
	}
}

// synthetic returns n small pages with varied words, enough for many shards.
func synthetic(n int) []Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		const letters = "abcdefghijklmnopqrstuvwxyz"
		b := make([]byte, 3+rng.IntN(6))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	docs := make([]Doc, n)
	for i := range docs {
		d := Doc{URL: fmt.Sprintf("/docs/%d/", i), Title: "Page " + word()}
		for j := range 3 {
			var text []string
			for range 40 {
				text = append(text, word())
			}
			d.Sections = append(d.Sections, Section{ID: fmt.Sprint("s", j), Heading: word(), Text: strings.Join(text, " ") + "."})
		}
		docs[i] = d
	}
	return docs
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	docs := synthetic(300)
	ix := New()
	for _, d := range docs {
		ix.Add(d)
	}
	want := files(t, ix)
	shards := 0
	for name, d := range want {
		if strings.HasPrefix(name, "search/t/") {
			shards++
		}
		if !json.Valid(d) {
			t.Fatalf("%s is not JSON: %.40s", name, d)
		}
	}
	if shards < 5 {
		t.Fatalf("%d shards, want several", shards)
	}

	// The same pages added concurrently, in another order.
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	ix = New()
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Go(func() { ix.Add(d) })
	}
	wg.Wait()
	got := files(t, ix)
	if !maps.EqualFunc(got, want, bytes.Equal) {
		t.Error("files differ when pages are added in another order")
	}
}

// The manifest's version changes with any file of the index, an excerpt
// alone included, since browsers keep the files of a version for good.
func TestVersion(t *testing.T) {
	t.Parallel()
	version := func(docs []Doc) string {
		t.Helper()
		ix := New()
		for _, d := range docs {
			ix.Add(d)
		}
		var m struct{ V string }
		if err := json.Unmarshal(files(t, ix)["search/manifest.json"], &m); err != nil {
			t.Fatal(err)
		}
		if len(m.V) != 10 {
			t.Fatalf("version %q, want 10 hex digits", m.V)
		}
		return m.V
	}
	docs := synthetic(60)
	v := version(docs)
	for _, tc := range []struct {
		name string
		edit func(d *Doc)
	}{
		// Each edit keeps the lengths, so only the bytes tell.
		{"a letter", func(d *Doc) { d.Sections[1].Text = "q" + d.Sections[1].Text[1:] }},
		{"a heading's punctuation, in a fragment only", func(d *Doc) { d.Sections[2].Heading += "!" }},
		{"a section's anchor", func(d *Doc) { d.Sections[1].ID = "x1" }},
		{"a URL", func(d *Doc) { d.URL = "/docs/99/" }},
	} {
		edited := slices.Clone(docs)
		d := edited[41]
		d.Sections = slices.Clone(d.Sections)
		tc.edit(&d)
		edited[41] = d
		if got := version(edited); got == v {
			t.Errorf("%s: version %s unchanged", tc.name, v)
		}
	}
	if got := version(synthetic(60)); got != v {
		t.Errorf("the same pages: version %s, then %s", v, got)
	}
	// The files hold no text: punctuation that changes no term changes
	// none of them, and browsers keep what they have.
	edited := slices.Clone(synthetic(60))
	edited[41].Sections = slices.Clone(edited[41].Sections)
	edited[41].Sections[2].Text = strings.Replace(edited[41].Sections[2].Text, " ", "-", 1)
	if got := version(edited); got != v {
		t.Errorf("punctuation in a section's text: version %s, then %s", v, got)
	}
}

// TestDirectories checks that an index with directories of shards reads
// as the same index without them.
func TestDirectories(t *testing.T) {
	t.Parallel()
	docs := synthetic(300)
	flat, dirs := New(), New()
	flat.shardBytes, dirs.shardBytes = 2<<10, 2<<10
	dirs.dirShards = 7
	for _, d := range docs {
		flat.Add(d)
		dirs.Add(d)
	}
	ff, df := files(t, flat), files(t, dirs)
	if _, ok := df["search/d/1.json"]; !ok {
		t.Fatalf("no directories among %d files", len(df))
	}
	if _, ok := ff["search/d/0.json"]; ok {
		t.Fatal("directories in a small index")
	}
	var queries []string
	for _, d := range docs[:40] {
		h := d.Sections[1].Heading
		queries = append(queries, h, h[:2], h[:3], d.Sections[0].Heading+" "+h[:3], "a", "zz")
	}
	got, want := jsSearch(t, df, queries...), jsSearch(t, ff, queries...)
	for _, q := range queries {
		if !reflect.DeepEqual(got[q], want[q]) {
			t.Errorf("search %q: %q with directories, %q without", q, got[q].urls(), want[q].urls())
		}
	}
}

func TestEmpty(t *testing.T) {
	f := files(t, New())
	if got := string(f["search/manifest.json"]); !strings.Contains(got, `"s":[]`) {
		t.Errorf("manifest = %s", got)
	}
	if got := searchFiles(t, f, "anything"); len(got) != 0 {
		t.Errorf("search = %q", got)
	}
}

func TestSeedArticle(t *testing.T) {
	ix := New()
	ix.Add(Doc{URL: seedURL, Title: "Trust Dynamics", Sections: seedSections(t)})
	f := files(t, ix)
	const critical = seedURL + "#6-critical-thinking-navigating-the-limitations-and-potential-pitfalls-of-trust-dynamics"
	rs := jsSearch(t, f, "halo effect", "hal", "trust dynamics")
	if got := rs["halo effect"].Pages; len(got) == 0 || got[0].Secs[0].URL != critical {
		t.Errorf("halo effect: %+v, want %s first", got, critical)
	}
	if got := rs["hal"].Pages; len(got) == 0 || got[0].Secs[0].URL != critical {
		t.Errorf("hal: %+v, want %s first", got, critical)
	}
	if got := rs["trust dynamics"].Pages; len(got) == 0 || got[0].Secs[0].URL != seedURL {
		t.Errorf("trust dynamics: %+v, want the page itself first", got)
	}
}

// TestWriteFiles checks that the manifest is written last, once every
// other write has returned, that no two writes run in one folder at once,
// and that an error stops the writes.
func TestWriteFiles(t *testing.T) {
	t.Parallel()
	ix := New()
	for _, d := range synthetic(50) {
		ix.Add(d)
	}
	var mu sync.Mutex
	var inFlight, written int
	inFolder := map[string]int{}
	err := ix.WriteFiles(func(name string, data []byte) error {
		mu.Lock()
		if name == "search/manifest.json" && inFlight > 0 {
			t.Errorf("manifest written while %d writes run", inFlight)
		}
		if inFolder[path.Dir(name)]++; inFolder[path.Dir(name)] > 1 {
			t.Errorf("%s written while another write runs in its folder", name)
		}
		inFlight++
		mu.Unlock()
		time.Sleep(time.Millisecond)
		mu.Lock()
		inFolder[path.Dir(name)]--
		inFlight--
		written++
		mu.Unlock()
		return nil
	})
	if err != nil || written != len(files(t, ix)) {
		t.Errorf("wrote %d files, error %v", written, err)
	}

	failure := errors.New("disk full")
	written = 0
	err = ix.WriteFiles(func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if name == "search/manifest.json" {
			t.Error("manifest written after an error")
		}
		if written++; written == 3 {
			return failure
		}
		return nil
	})
	// Two folders' writers, each with a write in flight and four queued.
	if !errors.Is(err, failure) || written > 3+2*5 {
		t.Errorf("wrote %d files after an error, returned %v", written, err)
	}
}

// TestPrefix checks the number a term is known by in a page's table of
// terms, which is the whole of a term of up to eight bytes: two terms
// that differ anywhere in their first eight bytes have different ones.
func TestPrefix(t *testing.T) {
	b := []byte("abcdefghijk")
	for n := range len(b) + 1 {
		var want uint64
		for i := min(n, 8) - 1; i >= 0; i-- {
			want = want<<8 | uint64(b[i])
		}
		if got := prefix(b[:n]); got != want {
			t.Errorf("prefix(%q) = %#x, want %#x", b[:n], got, want)
		}
	}
}

// TestPageTermIDs checks that terms whose hashes collide keep their own
// ids, through the table's growth.
func TestPageTermIDs(t *testing.T) {
	var pt pageTerms
	pt.reset()
	terms := make([]string, 3<<minSlotsLog)
	ids := make([]int, len(terms))
	hash := func(i int) uint64 { return uint64(i / 10) } // ten terms a hash
	for i := range terms {
		terms[i] = fmt.Sprint("t", i)
		ids[i] = pt.id([]byte(terms[i]), hash(i))
	}
	for i, term := range terms {
		if got := pt.id([]byte(term), hash(i)); got != ids[i] || string(pt.term(got)) != term {
			t.Fatalf("%s: id %d, then %d (%q)", term, ids[i], got, pt.term(got))
		}
	}
	if len(pt.hashes) != len(terms) {
		t.Errorf("%d ids for %d terms", len(pt.hashes), len(terms))
	}
}

// TestStripeCollisions checks that terms sharing a hash in the site's
// term table keep lists of their own, and that the index files list each.
func TestStripeCollisions(t *testing.T) {
	ix := New()
	st := &ix.stripes[0]
	a, b := st.list([]byte("alpha"), 7), st.list([]byte("beta"), 7)
	if a == b || a.term != "alpha" || b.term != "beta" {
		t.Fatalf("two terms of one hash share a list: %q, %q", a.term, b.term)
	}
	if st.list([]byte("alpha"), 7) != a || st.list([]byte("beta"), 7) != b {
		t.Fatal("a term found a list other than its own")
	}
	a.add(ranked{1, posting{page: 0, sec: 0, w: 1}}, ix, &st.tmp)
	b.add(ranked{1, posting{page: 0, sec: 0, w: 2}}, ix, &st.tmp)
	ix.pages = append(ix.pages, &page{url: "/a/", title: "A", lens: []int32{4}})
	ix.ranks = append(ix.ranks, 1)
	files, err := ix.Files()
	if err != nil {
		t.Fatal(err)
	}
	shard := string(files["search/t/0.json"])
	for _, want := range []string{fmt.Sprintf(`"alpha":[0,0,%d]`, bm25(1, 4, 4)), fmt.Sprintf(`"beta":[0,0,%d]`, bm25(2, 4, 4))} {
		if !strings.Contains(shard, want) {
			t.Errorf("shard lacks %s: %s", want, shard)
		}
	}
}

// TestStream checks that a streamed index writes each group's file once
// its pages are added, and the same files, byte for byte, as one that
// keeps them until Files; that a page Stream did not name comes last, in
// a group of its own; and that a page it named but that was never added
// is null in its group's file.
func TestStream(t *testing.T) {
	t.Parallel()
	docs := synthetic(40)
	kept := New()
	var urls []string
	for _, d := range docs {
		kept.Add(d)
		urls = append(urls, d.URL)
	}
	want := files(t, kept)

	var mu sync.Mutex
	got := map[string][]byte{}
	streamed := New()
	streamed.Stream(urls, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		got[name] = data
		return nil
	})
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Go(func() { streamed.Add(d) })
	}
	wg.Wait()
	if n := (len(docs) + groupPages - 1) / groupPages; len(got) != n {
		t.Fatalf("%d fragment files written as pages were added, want %d", len(got), n)
	}
	rest := files(t, streamed)
	for name := range rest {
		if strings.HasPrefix(name, "search/p/") {
			t.Errorf("Files wrote %s again", name)
		}
	}
	maps.Copy(got, rest)
	if !maps.EqualFunc(got, want, bytes.Equal) {
		t.Error("a streamed index's files differ from a kept one's")
	}

	late := New()
	late.Stream([]string{"/b/"}, func(string, []byte) error { return nil })
	late.Add(Doc{URL: "/a/", Title: "A"})
	late.Add(Doc{URL: "/b/", Title: "B"})
	f := files(t, late)
	if got := string(f["search/p/1.json"]); !strings.HasPrefix(got, `[{"u":"/a/"`) {
		t.Errorf("the page Stream did not name does not start the next group: %s", got)
	}

	missing := New()
	missing.Stream([]string{"/a/", "/b/", "/c/"}, func(string, []byte) error { return nil })
	missing.Add(Doc{URL: "/a/", Title: "A"})
	missing.Add(Doc{URL: "/c/", Title: "C"})
	var frags []*fragment
	if err := json.Unmarshal(files(t, missing)["search/p/0.json"], &frags); err != nil {
		t.Fatal(err)
	}
	if len(frags) != 3 || frags[0].U != "/a/" || frags[1] != nil || frags[2].U != "/c/" {
		t.Errorf("fragments of /a/, /b/ (never added), /c/: %+v", frags)
	}
}

// TestStreamGroups checks that pages added in URL order have each
// group's file written as soon as its last page is added, so that the
// index holds no more than one group's fragments, and that a site of n
// pages has ceil(n/g) fragment files.
func TestStreamGroups(t *testing.T) {
	t.Parallel()
	docs := synthetic(3*groupPages + 3)
	slices.SortFunc(docs, func(a, b Doc) int { return strings.Compare(a.URL, b.URL) })
	var urls []string
	for _, d := range docs {
		urls = append(urls, d.URL)
	}
	ix := New()
	got, write := collect()
	ix.Stream(urls, write)
	for i, d := range docs {
		ix.Add(d)
		want := (i + 1) / groupPages
		if i == len(docs)-1 {
			want++ // the last group, short
		}
		if len(got) != want || len(ix.groups) > 1 {
			t.Fatalf("after %d pages: %d files written, %d groups pending; want %d written", i+1, len(got), len(ix.groups), want)
		}
	}
	if err := ix.WriteFiles(write); err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, data := range got {
		if strings.HasPrefix(name, "search/p/") {
			n++
			var frags []fragment
			if err := json.Unmarshal(data, &frags); err != nil || len(frags) == 0 || len(frags) > groupPages {
				t.Errorf("%s: %d fragments, %v", name, len(frags), err)
			}
		}
	}
	if want := (len(docs) + groupPages - 1) / groupPages; n != want {
		t.Errorf("%d fragment files for %d pages, want %d", n, len(docs), want)
	}
	var m manifest
	if err := json.Unmarshal(got["search/manifest.json"], &m); err != nil || m.G != groupPages {
		t.Errorf("manifest says g %d (%v), want %d", m.G, err, groupPages)
	}
}
