package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/latticework/latticework/internal/publish"
)

// searchJS is the script the site ships; tests run it minified, as the
// build publishes it.
const searchJS = "../../layouts/assets/search.js"

// searchJSBudget is the most search.js may weigh, minified and gzipped:
// it loads when a reader opens search, and should arrive at once.
const searchJSBudget = 4 << 10

// minifiedSearchJS returns search.js as the build publishes it.
func minifiedSearchJS(t testing.TB) []byte {
	t.Helper()
	src, err := os.ReadFile(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	min, err := publish.NewMinifier().Minify("search.js", src)
	if err != nil {
		t.Fatal(err)
	}
	return min
}

func gzipSize(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

func TestSearchJSSize(t *testing.T) {
	min := minifiedSearchJS(t)
	if n := gzipSize(min); n > searchJSBudget {
		t.Errorf("search.js is %d bytes minified and gzipped, over its %d-byte budget", n, searchJSBudget)
	} else {
		t.Logf("search.js: %d bytes minified, %d gzipped", len(min), n)
	}
}

// nodeRequest is what testdata/search_test.mjs reads.
type nodeRequest struct {
	Index   string   `json:"index"`
	Queries []string `json:"queries"`
	// Pages is the text of each page's sections, by URL and anchor, as
	// search.js would find it in the page's HTML; nil: missing there.
	Pages  map[string]map[string]*string `json:"pages"`
	Texts  []string                      `json:"texts"`
	Repeat int                           `json:"repeat"`
}

// pagesOf returns the text of docs' sections, for nodeRequest.Pages.
func pagesOf(docs []Doc) map[string]map[string]*string {
	pages := map[string]map[string]*string{}
	for _, d := range docs {
		pages[d.URL] = map[string]*string{}
		for _, s := range d.Sections {
			pages[d.URL][s.ID] = &s.Text
		}
	}
	return pages
}

// nodeReply is what it prints.
type nodeReply struct {
	Results map[string]jsResults
	Fetched map[string][]string
	ColdMs  map[string]float64
	WarmMs  map[string]float64
	Tokens  [][]string
}

// jsResults are a query's results, every page of them.
type jsResults struct {
	Total int
	Pages []struct {
		URL, Title string
		Secs       []struct{ URL, Heading, Snippet string }
	}
}

// urls returns the URL of each page's best section.
func (r jsResults) urls() []string {
	var out []string
	for _, p := range r.Pages {
		out = append(out, p.Secs[0].URL)
	}
	return out
}

// jsSearch runs queries with search.js against files.
func jsSearch(t testing.TB, files map[string][]byte, queries ...string) map[string]jsResults {
	t.Helper()
	return runNode(t, nodeRequest{Index: writeIndex(t, files), Queries: queries}).Results
}

// writeIndex writes files into a new folder and returns its search/.
func writeIndex(t testing.TB, files map[string][]byte) string {
	t.Helper()
	root := t.TempDir()
	for p, data := range files {
		name := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "search")
}

// runNode runs testdata/search_test.mjs on the minified search.js, or
// skips the test when Node is not installed.
func runNode(t testing.TB, req nodeRequest) nodeReply {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed (apt-get install nodejs): skipping the search.js tests")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "search.js")
	if err := os.WriteFile(script, minifiedSearchJS(t), 0o644); err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(req)
	reqFile := filepath.Join(dir, "request.json")
	if err := os.WriteFile(reqFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(node, "testdata/search_test.mjs", script, reqFile)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.Bytes())
	}
	var reply nodeReply
	if err := json.Unmarshal(out, &reply); err != nil {
		t.Fatalf("node printed %.200s: %v", out, err)
	}
	return reply
}

// TestFolding checks that search.js splits and folds text exactly as the
// index does, on every letter and number of the Basic Multilingual Plane
// (each between ASCII letters, so that spaced and spaceless scripts both
// meet a neighbour), on whole sentences and on words around the limits.
func TestFolding(t *testing.T) {
	t.Parallel()
	texts := []string{
		"The Halo-Effect's pull", "İSTANBUL ΟΔΟΣ naïve CAFÉ cafe\u0301 Straße STRAẞE Æsir Œuvre Øresund Łódź Đorđe ıi",
		"Ǆungla ǅungla Ångström Kelvin ﬁne ＡＢＣ 𝐀𝐁 Ⅻs 42 1980s", "less status analysis its bus news",
		"信任动态是一种关系。信頼のダイナミクス、ラーメン。신뢰 역학 한국어", "日本語abc漢字def ー ゝゞ", "が か\u3099 ｶﾞ",
		"हिन्दी ภาษาไทย العربية עברית", strings.Repeat("x", 40) + " " + strings.Repeat("y", 41) + " " + strings.Repeat("é", 40),
	}
	for r := rune(0x80); r <= 0xFFFF; r++ {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			texts = append(texts, "ab"+string(r)+"cd "+string(r)+string(r))
		}
	}
	reply := runNode(t, nodeRequest{Texts: texts})
	bad := 0
	for i, s := range texts {
		if want := allTerms(s); !slices.Equal(reply.Tokens[i], want) && (len(want) > 0 || len(reply.Tokens[i]) > 0) {
			if bad++; bad <= 20 {
				t.Errorf("%q: search.js gives %q, the index %q", s, reply.Tokens[i], want)
			}
		}
	}
	if bad > 20 {
		t.Errorf("and %d more", bad-20)
	}
}

// TestJS runs search.js's queries against the Trust Dynamics article and
// a few small pages, and checks results, snippets and highlighting.
func TestJS(t *testing.T) {
	t.Parallel()
	filler := strings.Repeat("Nothing much happens in this long stretch of text. ", 60)
	docs := []Doc{
		{URL: seedURL, Title: "Trust Dynamics", Sections: seedSections(t)},
		{URL: "/docs/istanbul/", Title: "İstanbul notes", Sections: []Section{
			{ID: "cafe", Heading: "Café culture", Text: "A naïve ΟΔΟΣ guide\n  along the Straße. Halogen lamps, status and news."},
		}},
		{URL: "/docs/constructor/", Title: "Constructor", Sections: []Section{
			{Text: "Words that are also names of JavaScript properties: constructor, proto, toString."},
		}},
		{URL: "/docs/long/", Title: "Long", Sections: []Section{
			{ID: "deep", Heading: "Deep", Text: filler + "Here a zebra crossing finally appears. " + filler},
		}},
		{URL: "/zh/", Title: "信任动态", Sections: []Section{{ID: "gx", Heading: "关系", Text: "信任是一种关系，需要时间建立。"}}},
		{URL: "/ja/", Title: "信頼のダイナミクス", Sections: []Section{{Text: "信頼は時間をかけて築かれるものです。"}}},
		{URL: "/ko/", Title: "신뢰의 역학", Sections: []Section{{Text: "신뢰는 시간이 걸립니다."}}},
		{URL: "/zanzibar/", Title: "Zanzibar", Sections: []Section{{ID: "first", Heading: "First", Text: "An island of spice."}}},
		{URL: "/gone/", Title: "Gone", Sections: []Section{{ID: "wombat", Heading: "Wombat burrows", Text: "Wombats dig."}}},
		{URL: "/moved/", Title: "Moved", Sections: []Section{
			{ID: "old", Heading: "Old axolotl", Text: "Renamed since."}, {ID: "next", Heading: "Next", Text: "Not the axolotl's text."},
		}},
	}
	ix := New()
	for _, d := range docs {
		ix.Add(d)
	}
	// The page /gone/ cannot be fetched, and /moved/ no longer has the
	// anchor "old": both show their headings without a snippet.
	pages := pagesOf(docs)
	delete(pages, "/gone/")
	pages["/moved/"]["old"] = nil
	const critical = seedURL + "#6-critical-thinking-navigating-the-limitations-and-potential-pitfalls-of-trust-dynamics"
	rs := runNode(t, nodeRequest{Index: writeIndex(t, files(t, ix)), Pages: pages, Queries: []string{"wombat", "axolotl", "halo effect", "halo", "信", "Halo-Effect", "trust dynamics", "blind trust halo",
		"istanbul", "ίσταν", "cafe", "CAFÉ", "naive", "strasse", "οδος", "zebra", "信任", "信任动", "任是一", "关系好",
		"ダイナミクス", "時間", "신뢰", "zanzibar", "constructor", "__proto__", "tostring", "zzz", "", "t"}}).Results
	first := func(q string) string {
		if r := rs[q]; len(r.Pages) > 0 {
			return r.Pages[0].Secs[0].URL
		}
		return ""
	}
	for q, want := range map[string]string{
		"halo effect": critical, "halo": critical, "Halo-Effect": critical, "trust dynamics": seedURL,
		"istanbul": "/docs/istanbul/", "ίσταν": "", "cafe": "/docs/istanbul/#cafe", "CAFÉ": "/docs/istanbul/#cafe",
		"naive": "/docs/istanbul/#cafe", "strasse": "/docs/istanbul/#cafe", "οδος": "/docs/istanbul/#cafe",
		"zebra": "/docs/long/#deep", "信任": "/zh/", "信任动": "/zh/", "任是一": "/zh/#gx", "关系好": "",
		"ダイナミクス": "/ja/", "時間": "/ja/", "신뢰": "/ko/", "zanzibar": "/zanzibar/", "constructor": "/docs/constructor/",
		"__proto__": "/docs/constructor/", "tostring": "/docs/constructor/", "zzz": "", "": "", "t": "",
	} {
		if got := first(q); got != want {
			t.Errorf("%q: first result %q, want %q", q, got, want)
		}
	}
	// Snippets are cut around the match, wherever it is in the section,
	// and mark the words searched for, a prefix included.
	for q, want := range map[string]string{
		"zebra": "[zebra] crossing",
		// A title alone: the text after it is the snippet.
		"zanzibar":    "an island of spice",
		"cafe":        "[Café] culture",
		"strasse":     "along the [Straße]",
		"hal":         "[halo]",
		"信任":          "[信任]动态",
		"任是一":         "信[任是一]种",
		"naive":       "a [naïve]",
		"halo effect": "[halo] [effect]",
	} {
		r := rs[q]
		if len(r.Pages) == 0 {
			continue // reported above
		}
		s := r.Pages[0].Secs[0]
		if got := strings.ToLower(s.Heading + " " + s.Snippet); !strings.Contains(got, strings.ToLower(want)) {
			t.Errorf("%q: heading and snippet %q, want %q in them", q, s.Heading+" | "+s.Snippet, want)
		}
	}
	if s := rs["zebra"].Pages[0].Secs[0].Snippet; !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || len([]rune(s)) > 200 {
		t.Errorf("zebra: snippet %q, want about 180 characters around the match", s)
	}
	for _, q := range []string{"wombat", "axolotl"} {
		if r := rs[q]; len(r.Pages) != 1 || r.Pages[0].Secs[0].Heading == "" || r.Pages[0].Secs[0].Snippet != "" {
			t.Errorf("%q: %+v, want one result with its heading and no snippet", q, r.Pages)
		}
	}
	if rs["信"].Total != 2 {
		t.Errorf(`"信": %d results, want the Chinese and the Japanese pages`, rs["信"].Total)
	}
	if rs["blind trust halo"].Total == 0 {
		t.Error(`"blind trust halo": no result, though the article has all three words`)
	}
}
