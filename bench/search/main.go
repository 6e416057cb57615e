// Command search compares Latticework's search with Pagefind's on the
// same built sites, and prints the results as Markdown:
//
//	go run ./bench/search [-pages 1000] [-runs 3] [-keep] [-only Chinese]
//
// It builds two sites with cmd/build: the corpus of -pages pages
// (internal/corpus, the pages the build benchmarks use) and this
// repository's own site, which it measures twice: in English from its
// home page, and in Chinese from /zh/ with Chinese queries. Pagefind (npm pagefind, pinned in this folder's
// package.json and package-lock.json, installed by `npm ci` into
// .cache/search/ of the checkout, once) then indexes each built site, with
// the article element as its root so that neither engine reads the
// sidebar. Latticework's index is the one its build wrote.
//
// Both engines are then queried from the site's home page in headless
// Chromium, through each one's own script (search.js, pagefind.js), the
// site served over HTTP with gzip for text types, as a static host
// serves it. For each engine it reports the index's bytes on disk, the
// bytes fetched by three queries (cold, each in a fresh cache, and the
// three in a row in one session), the time to the first result (the
// median of -runs cold runs, script loading included), and, for a fixed
// list of queries, the count and the top five results with the first
// result's snippet. Each query loads its first ten results, as
// Latticework's dialog shows them. docs/benchmarks.md records a run.
package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/latticework/latticework/bench/internal/npmpin"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/latticework/latticework/internal/browsertest"
	"github.com/latticework/latticework/internal/corpus"
)

// site is one site both engines index, with the queries asked of it.
type site struct {
	name string
	// path is the page the queries are asked from, whose locale picks
	// each engine's index: Latticework's from the page's data-search,
	// Pagefind's from its <html lang>.
	path string
	// lang, for a locale's part of a site, is its Pagefind language, and
	// prefix its folder: the index rows count only that locale's files.
	lang, prefix string
	queries      []query
	// bytesQueries are the three queries whose fetched bytes are reported.
	bytesQueries []string
}

// query is one query and what it tests.
type query struct{ q, what string }

func main() {
	pages := flag.Int("pages", 1000, "pages in the generated corpus")
	runs := flag.Int("runs", 3, "cold runs of each query for the time to the first result")
	keep := flag.Bool("keep", false, "keep the work folder")
	only := flag.String("only", "", "measure only the site whose name contains this (corpus, repository, Chinese)")
	flag.Parse()
	if err := run(*pages, *runs, *keep, *only); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(pages, runs int, keep bool, only string) error {
	root, err := npmpin.Root("search")
	if err != nil {
		return err
	}
	if browsertest.ExecPath() == "" {
		return fmt.Errorf("chromium not found (apt-get install chromium, or set CHROME_PATH)")
	}
	pagefind, err := installPagefind(root)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "latticework-search-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "work folder:", work)
	} else {
		defer os.RemoveAll(work)
	}

	// The corpus repeats one article under 1,000 titles ("Trust Dynamics
	// 0421"); each page links three others by title in its See also
	// section, so a title's number is in one page's title and three
	// pages' text.
	c, err := corpus.WriteSite(corpus.Options{Pages: pages, Seed: os.DirFS(root)}, filepath.Join(work, "corpus"))
	if err != nil {
		return err
	}
	title := c.Title(pages * 421 / 1000)
	num := title[strings.LastIndexByte(title, ' ')+1:]
	common := []query{
		{"halo effect", "two words"},
		{"reciproc", "a prefix, as typed"},
		{"brene brown", "accents: the text has “Brené”"},
		{"calculative trust", "two words, one rarer"},
	}
	sites := []struct {
		site
		src string
	}{
		{site{name: fmt.Sprintf("corpus, %d pages", pages), path: "/", queries: append(slices.Clone(common), query{num, "title against text: “" + title + "”, linked from three pages"}),
			bytesQueries: []string{"halo effect", "reciproc", "brene brown"}}, filepath.Join(work, "corpus")},
		{site{name: "this repository's site", path: "/", queries: append(slices.Clone(common), query{"inversion", "title against text: the Inversion article, mentioned by others"},
			query{"game theory", "title against text, two words"}),
			bytesQueries: []string{"halo effect", "reciproc", "brene brown"}}, root},
		// The same build's Chinese pages, asked from the translated home
		// page: Chinese has no spaces between words, so each engine must
		// segment it (Latticework by bigrams, Pagefind by its zh-cn index).
		{site{name: "this repository's site in Chinese (/zh/)", path: "/zh/", lang: "zh-cn", prefix: "zh", queries: []query{
			{"判断力", "a word inside a run of Han characters"},
			{"思维模型", "two words, in the home page's title"},
			{"信任", "a link's text on the translated home page"},
			{"能力圈", "a link to an untranslated article"},
		}, bytesQueries: []string{"判断力", "思维模型", "信任"}}, root},
	}

	flags := fmt.Sprintf("-pages %d -runs %d", pages, runs)
	if only != "" {
		flags += fmt.Sprintf(" -only %s", only)
	}
	fmt.Printf("Measured with `go run ./bench/search %s` (Pagefind %s, Chromium headless).\n", flags, pagefindVersion)
	built := map[string]string{} // source folder → its built and indexed site
	for i, s := range sites {
		if !strings.Contains(s.name, only) {
			continue
		}
		out, ok := built[s.src]
		if !ok {
			out = filepath.Join(work, fmt.Sprint("out", i))
			fmt.Fprintf(os.Stderr, "building %s…\n", s.name)
			if err := buildSite(root, s.src, out); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "indexing %s with Pagefind…\n", s.name)
			cmd := exec.Command(pagefind, "--site", out, "--root-selector", "article", "--quiet")
			if msg, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("pagefind: %v\n%s", err, msg)
			}
			built[s.src] = out
		}
		if err := measure(s.site, out, runs); err != nil {
			return err
		}
	}
	return nil
}

// pagefindVersion is the version package.json pins.
const pagefindVersion = "1.6.0"

// buildSite builds the site in src into out with cmd/build, as a user
// would. The checkout's cache keeps the scoring module.
func buildSite(root, src, out string) error {
	cmd := exec.Command("go", "run", "./cmd/build", "-src", src, "-out", out, "-cache", filepath.Join(root, ".cache"))
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s: %v\n%s", src, err, msg)
	}
	return nil
}

// engine is one search engine as the benchmark drives it in the page.
type engine struct {
	name string
	// dir is its folder in the built site, and code the files in it
	// that are its script rather than its index.
	dir  string
	code *regexp.Regexp
	// js is an async function of the query that searches, loads the
	// first ten results and returns a result.
	js string
}

// result is what an engine's js returns.
type result struct {
	Ms    float64 // to the first result, with its snippet, loaded
	Total int
	Top   []string
	// Snippet is the first result's, its marked words in **bold**.
	Snippet string
}

var engines = []engine{
	{"Latticework", "search", regexp.MustCompile(`^$`), `async (q) => {
  const t0 = performance.now();
  if (!window.LatticeworkSearch) await new Promise((ok, bad) => {
    const s = document.createElement("script");
    s.src = document.querySelector("[data-search-script]").dataset.searchScript;
    s.onload = ok; s.onerror = bad; document.head.append(s);
  });
  const L = window.LatticeworkSearch, S = L.Searcher(L.fetcher(document.querySelector("[data-search]").dataset.search));
  const res = await S.search(q);
  const first = res.hits.length ? await S.page(res.hits[0]) : null;
  const ms = performance.now() - t0;
  const pages = await Promise.all(res.hits.slice(0, 10).map(S.page));
  return {
    ms, total: res.total,
    top: pages.slice(0, 5).map((p) => p.title + (p.secs[0].heading ? " › " + p.secs[0].heading : "")),
    snippet: first ? L.parts(first.secs[0].text, res.terms, 180).map(([s, m]) => m ? "**" + s + "**" : s).join("") : "",
  };
}`},
	{"Pagefind", "pagefind", regexp.MustCompile(`\.(js|css|pagefind)$`), `async (q) => {
  const t0 = performance.now();
  const pf = window.__pagefind || (window.__pagefind = await import("/pagefind/pagefind.js"));
  const res = await pf.search(q);
  const first = res.results.length ? await res.results[0].data() : null;
  const ms = performance.now() - t0;
  const pages = await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
  // A page's best section: the sub-result with the most matches.
  const best = (d) => d.sub_results.slice().sort((a, b) => b.locations.length - a.locations.length)[0];
  return {
    ms, total: res.results.length,
    top: pages.slice(0, 5).map((d) => { const b = best(d); return d.meta.title + (b && b.title !== d.meta.title ? " › " + b.title : ""); }),
    snippet: first ? first.excerpt.replace(/<\/?mark>/g, "**") : "",
  };
}`},
}

// measure queries site, built into out, with both engines and prints its
// tables.
func measure(s site, out string, runs int) error {
	srv, counter, err := serve(out)
	if err != nil {
		return err
	}
	defer srv.Close()
	ctx, cancel := browser()
	defer cancel()

	fmt.Printf("\n### %s\n\n", s.name)
	fmt.Println("| | Latticework | Pagefind |")
	fmt.Println("| --- | --- | --- |")
	var row [2][]string
	for i, e := range engines {
		dir := e.dir
		if e.name == "Latticework" {
			dir = filepath.Join(s.prefix, e.dir)
		}
		idx, code, err := dirSize(filepath.Join(out, dir), e.code, s.lang)
		if err != nil {
			return err
		}
		row[i] = append(row[i], fmt.Sprintf("%s in %d files", kb(idx.bytes), idx.files))
		if e.name == "Latticework" {
			data, err := os.ReadFile(filepath.Join(out, scriptPath(out)))
			if err != nil {
				return err
			}
			code = count{bytes: int64(len(data)), files: 1}
		}
		row[i] = append(row[i], fmt.Sprintf("%s in %d files", kb(code.bytes), code.files))
	}
	fmt.Printf("| index on disk | %s | %s |\n", row[0][0], row[1][0])
	fmt.Printf("| script on disk | %s | %s |\n", row[0][1], row[1][1])

	// Bytes fetched: each query cold, then the three in one session.
	results := map[string][2]result{}
	var session [2]int64
	var cold [2][]string
	var ms [2][]string
	for i, e := range engines {
		for _, q := range s.bytesQueries {
			n, _, err := fetched(ctx, srv.URL+s.path, counter, e, []string{q}, true)
			if err != nil {
				return err
			}
			cold[i] = append(cold[i], kb(n))
		}
		n, _, err := fetched(ctx, srv.URL+s.path, counter, e, s.bytesQueries, false)
		if err != nil {
			return err
		}
		session[i] = n
		for _, q := range s.queries {
			var times []float64
			var r result
			for range runs {
				_, rs, err := fetched(ctx, srv.URL+s.path, counter, e, []string{q.q}, true)
				if err != nil {
					return err
				}
				r = rs[0]
				times = append(times, r.Ms)
			}
			slices.Sort(times)
			r.Ms = times[len(times)/2]
			rr := results[q.q]
			rr[i] = r
			results[q.q] = rr
		}
		var all []float64
		for _, q := range s.queries {
			all = append(all, results[q.q][i].Ms)
		}
		slices.Sort(all)
		ms[i] = append(ms[i], fmt.Sprintf("%.0f ms (%.0f–%.0f)", all[len(all)/2], all[0], all[len(all)-1]))
	}
	for k, q := range s.bytesQueries {
		fmt.Printf("| fetched for “%s”, cold | %s | %s |\n", q, cold[0][k], cold[1][k])
	}
	fmt.Printf("| fetched for the three in one session | %s | %s |\n", kb(session[0]), kb(session[1]))
	fmt.Printf("| time to first result, cold (median over the queries, range) | %s | %s |\n", ms[0][0], ms[1][0])

	fmt.Println("\n| query | Latticework: results, top 5 | Pagefind: results, top 5 |")
	fmt.Println("| --- | --- | --- |")
	for _, q := range s.queries {
		r := results[q.q]
		fmt.Printf("| “%s” (%s) | %s | %s |\n", q.q, q.what, top(r[0]), top(r[1]))
	}
	fmt.Println("\n| query | Latticework: first result's snippet | Pagefind: first result's snippet |")
	fmt.Println("| --- | --- | --- |")
	for _, q := range s.queries {
		r := results[q.q]
		fmt.Printf("| “%s” | %s | %s |\n", q.q, cell(r[0].Snippet), cell(r[1].Snippet))
	}
	return nil
}

// top formats a result's count and top five.
func top(r result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", r.Total)
	for i, t := range r.Top {
		fmt.Fprintf(&b, "<br>%d. %s", i+1, cell(shorten(t, 70)))
	}
	return b.String()
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;").Replace(s)
}

// fetched loads the page at url in a fresh tab, then runs queries one after
// the other with engine e, and returns the bytes the server sent for them
// (not for the page) and each query's result. With cold, the browser's
// cache is cleared first and disabled.
func fetched(ctx context.Context, url string, counter *counter, e engine, queries []string, cold bool) (int64, []result, error) {
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	tctx, cancelT := context.WithTimeout(tab, time.Minute)
	defer cancelT()
	if _, err := chromedp.Call(tctx, network.Enable, network.EnableParams{}); err != nil {
		return 0, nil, err
	}
	if _, err := chromedp.Call(tctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		return 0, nil, err
	}
	if _, err := chromedp.Call(tctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: cold}); err != nil {
		return 0, nil, err
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(url)); err != nil {
		return 0, nil, err
	}
	start := counter.total()
	var rs []result
	for _, q := range queries {
		r, err := chromedp.Run(tctx, chromedp.Evaluate[result]("("+e.js+")("+quote(q)+")", chromedp.EvalAwaitPromise))
		if err != nil {
			return 0, nil, fmt.Errorf("%s, %q: %v", e.name, q, err)
		}
		rs = append(rs, r)
	}
	return counter.total() - start, rs, nil
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// browser starts headless Chromium with the flags the browser tests use.
func browser() (context.Context, context.CancelFunc) {
	dir, _ := os.MkdirTemp("", "latticework-search-chromium-")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browsertest.ExecPath()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// Start the browser, whose tabs the measurements open.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		fmt.Fprintln(os.Stderr, "error: starting Chromium:", err)
		os.Exit(1)
	}
	return bctx, func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
	}
}

// counter counts the bytes a server sent, after compression.
type counter struct {
	mu sync.Mutex
	n  int64
}

func (c *counter) add(n int) {
	c.mu.Lock()
	c.n += int64(n)
	c.mu.Unlock()
}

func (c *counter) total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// serve serves dir as a static host does: files as they are, text types
// gzipped when the browser accepts it (as GitHub Pages does).
func serve(dir string) (*server, *counter, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	c := &counter{}
	files := http.FileServer(http.Dir(dir))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}}
		files.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		ct := rec.header.Get("Content-Type")
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if compressible(ct) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && len(body) > 0 {
			var z bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
			zw.Write(body)
			zw.Close()
			body = z.Bytes()
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Del("Content-Length")
		}
		w.WriteHeader(cmp.Or(rec.status, http.StatusOK))
		n, _ := w.Write(body)
		c.add(n)
	})
	s := &server{srv: &http.Server{Handler: h}, URL: "http://" + ln.Addr().String()}
	go s.srv.Serve(ln)
	return s, c, nil
}

type server struct {
	srv *http.Server
	URL string
}

func (s *server) Close() { s.srv.Close() }

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "javascript")
}

// recorder buffers a response.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(s int)           { r.status = s }

// count is a number of bytes in a number of files.
type count struct {
	bytes int64
	files int
}

// dirSize sums the files under dir: those whose names code matches, and
// the others. With lang, Pagefind's files of other languages (named
// <lang>_<hash>) are left out.
func dirSize(dir string, code *regexp.Regexp, lang string) (index, script count, err error) {
	otherLang := regexp.MustCompile(`^(pagefind\.)?[a-z]{2}(-[a-z]+)?_[0-9a-f]+\.`)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if lang != "" && otherLang.MatchString(d.Name()) && !strings.HasPrefix(strings.TrimPrefix(d.Name(), "pagefind."), lang+"_") {
			return nil
		}
		c := &index
		if code.MatchString(d.Name()) {
			c = &script
		}
		c.bytes += fi.Size()
		c.files++
		return nil
	})
	return index, script, err
}

// scriptPath returns search.js's published path in out, from the home
// page's data-search-script attribute.
func scriptPath(out string) string {
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	m := regexp.MustCompile(`data-search-script="?([^" >]+)`).FindSubmatch(home)
	if m == nil {
		return ""
	}
	return string(m[1])
}

func kb(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1000)
}

// installPagefind installs the pinned Pagefind into .cache/search/ and
// returns its binary. Packages are installed without the links npm puts
// in node_modules/.bin, as the build refuses a cache (.cache/) that holds
// symbolic links.
func installPagefind(root string) (string, error) {
	modules, err := npmpin.Install(root, "search", "Pagefind", false, os.Stderr)
	return filepath.Join(modules, "@pagefind", "linux-x64", "bin", "pagefind_extended"), err
}
