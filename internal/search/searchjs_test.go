package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/latticework/latticework/internal/publish"
)

// searchJS is the script the site ships; tests run it minified, as the
// build publishes it.
const searchJS = "../../layouts/assets/search.js"

// searchJSBudget is the most search.js may weigh, minified and gzipped:
// it loads when a reader opens search, and should arrive at once.
const searchJSBudget = 3 << 10

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
	Words   []string `json:"words"`
	Repeat  int      `json:"repeat"`
	Check   bool     `json:"check"`
}

// nodeReply is what it prints.
type nodeReply struct {
	Results map[string][]result
	Fetched map[string][]string
	ColdMs  map[string]float64
	WarmMs  map[string]float64
	Norms   []string
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

// TestJS runs search.js's query code under Node against an index of the
// Trust Dynamics article and a few small pages, checks the article's
// results, and checks that the script reads the index exactly as the Go
// reader in query_test.go does.
func TestJS(t *testing.T) {
	t.Parallel()
	docs := []Doc{
		{URL: seedURL, Title: "Trust Dynamics", Sections: seedSections(t)},
		{URL: "/docs/istanbul/", Title: "İstanbul notes", Sections: []Section{
			{ID: "cafe", Heading: "Café culture", Text: "A naïve ΟΔΟΣ guide. Halogen lamps, status and news."},
		}},
		{URL: "/docs/constructor/", Title: "Constructor", Sections: []Section{
			{Text: "Words that are also names of JavaScript properties: constructor, proto, toString."},
		}},
	}
	// The pages as the site would have them, and again with more pages
	// in many small shards listed in directories, three pages to a file
	// of excerpts (the last one's file holding fewer).
	ix, small := New(), New()
	small.shardBytes, small.dirShards, small.pagesPerFile = 1<<10, 4, 3
	for _, d := range docs {
		ix.Add(d)
		small.Add(d)
	}
	for _, d := range synthetic(50) {
		small.Add(d)
	}
	indexes := []map[string][]byte{files(t, ix), files(t, small)}
	if _, ok := indexes[1]["search/d/1.json"]; !ok {
		t.Fatal("the small-shard index has no directories")
	}
	words := []string{"Halo", "effects", "İSTANBUL", "ΟΔΟΣ", "café", "cafe\u0301", "status", "news", "x",
		"ǅungla", "ÀÉÎS", "日本語", "STRAẞE", "𝐀𝐁", "less", "IS", "bus", "42", "Ⅻs"}
	queries := []string{"halo effect", "hal", "Halo-Effect", "trust dynamics", "repair trust ", "blind trust halo",
		"calculative", "zzz", "", "t", "tr", "istanbul", "ίσταν", "cafe", "café", "οδοσ", "constructor", "__proto__", "tostring"}
	for i, files := range indexes {
		reply := runNode(t, nodeRequest{Index: writeIndex(t, files), Queries: queries, Words: words, Repeat: 20, Check: true})
		for i, w := range words {
			if want := queryTerm(w); reply.Norms[i] != want {
				t.Errorf("search.js norm(%q) = %q, Go term = %q", w, reply.Norms[i], want)
			}
		}
		for _, q := range queries {
			want, err := newReader(files).search(q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := reply.Results[q]; !reflect.DeepEqual(got, want) && (len(got) != 0 || len(want) != 0) {
				t.Errorf("index %d, search %q: search.js gives\n%v\nthe Go reader\n%v", i, q, got, want)
			}
		}
		if i == 0 {
			t.Logf(`"halo effect": %.2f ms cold (files read from disk and parsed), %.3f ms warm`, reply.ColdMs["halo effect"], reply.WarmMs["halo effect"])
		}
	}
}
