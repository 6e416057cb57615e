package corpus_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/corpus"
	"github.com/latticework/latticework/internal/wasmbuild"
)

// generate returns the files a corpus emits, in order, in memory.
func generate(t *testing.T, opts corpus.Options, hugo bool) (fstest.MapFS, []string) {
	t.Helper()
	if opts.Seed == nil {
		opts.Seed = latticework.Default
	}
	c, err := corpus.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	var order []string
	emit := func(name string, data []byte) error {
		if _, dup := fsys[name]; dup {
			return fmt.Errorf("%s emitted twice", name)
		}
		fsys[name] = &fstest.MapFile{Data: bytes.Clone(data)}
		order = append(order, name)
		return nil
	}
	gen := c.Latticework
	if hugo {
		gen = c.Hugo
	}
	if err := gen(emit); err != nil {
		t.Fatal(err)
	}
	return fsys, order
}

// digest hashes every file name and body in emit order.
func digest(fsys fstest.MapFS, order []string) string {
	h := sha256.New()
	for _, name := range order {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(fsys[name].Data))
		h.Write(fsys[name].Data)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	for _, hugo := range []bool{false, true} {
		a, orderA := generate(t, corpus.Options{Pages: 30}, hugo)
		b, orderB := generate(t, corpus.Options{Pages: 30}, hugo)
		if digest(a, orderA) != digest(b, orderB) {
			t.Errorf("hugo=%v: two corpora of 30 pages differ", hugo)
		}
	}
}

// TestBuilds builds generated corpora with the Latticework build, which
// fails on any link to a missing page or heading.
func TestBuilds(t *testing.T) {
	for _, n := range []int{1, 2, 30, 123} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			site, _ := generate(t, corpus.Options{Pages: n}, false)
			out := filepath.Join(t.TempDir(), "public")
			res, err := build.New(build.Options{Site: site, Defaults: latticework.Default, Out: out}).Build(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.Pages != n+1 {
				t.Errorf("built %d pages, want %d articles and the home page", res.Pages, n)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %v", res.Warnings)
			}
		})
	}
}

// anchorLink is a site-absolute link to another page's heading.
var anchorLink = regexp.MustCompile(`\]\(/docs/[^)#]+#[^)]+\)`)

func TestShape(t *testing.T) {
	const n = 30
	c, err := corpus.New(corpus.Options{Pages: n, Seed: latticework.Default})
	if err != nil {
		t.Fatal(err)
	}
	site, _ := generate(t, corpus.Options{Pages: n}, false)
	titles := map[string]bool{}
	guides := 0
	for i := range n {
		page := string(site[c.PageFile(i)].Data)
		title := c.Title(i)
		if titles[title] {
			t.Errorf("title %q used twice", title)
		}
		titles[title] = true
		if !strings.Contains(page, "\ntitle: "+title+"\n") || !strings.Contains(page, "\n# "+title+": ") {
			t.Errorf("page %d lacks its title %q in front matter and H1", i, title)
		}
		if strings.Contains(page, "thinking-toolkit") {
			t.Errorf("page %d still links the seed's own articles", i)
		}
		if !anchorLink.MatchString(page) {
			t.Errorf("page %d lacks links to other pages' headings", i)
		}
		if strings.Contains(page, "#7-practical-guide-applying-trust-dynamics-in-your-life)") {
			guides++
		}
		if strings.Contains(page, "```exercise") {
			t.Errorf("page %d has an exercise block without -exercises", i)
		}
	}
	if guides == 0 {
		t.Error("no page links a practical guide's heading")
	}
	if got, want := c.PageFile(12), "content/docs/part-00/chapter-00/section-01/page-0012.md"; got != want {
		t.Errorf("PageFile(12) = %q, want %q", got, want)
	}
	for _, dir := range []string{"content/docs", "content/docs/part-00", "content/docs/part-00/chapter-00", "content/docs/part-00/chapter-00/section-02"} {
		if _, ok := site[dir+"/_category_.json"]; !ok {
			t.Errorf("%s has no _category_.json", dir)
		}
	}
	if _, ok := site["content/docs/part-00/chapter-00/section-03/_category_.json"]; ok {
		t.Error("a folder without pages has a _category_.json")
	}
}

// TestFlat puts every page in the one folder docs/, under one category
// file, ordered by their numbers, and builds the result.
func TestFlat(t *testing.T) {
	const n = 23
	c, err := corpus.New(corpus.Options{Pages: n, Flat: true, Seed: latticework.Default})
	if err != nil {
		t.Fatal(err)
	}
	site, _ := generate(t, corpus.Options{Pages: n, Flat: true}, false)
	titles, files := map[string]bool{}, map[string]bool{}
	for i := range n {
		titles[c.Title(i)], files[c.PageFile(i)] = true, true
		if !strings.HasPrefix(c.PageFile(i), "content/docs/") || strings.Count(c.PageFile(i), "/") != 2 {
			t.Errorf("page %d is at %s, not in content/docs/", i, c.PageFile(i))
		}
	}
	if len(titles) != n || len(files) != n {
		t.Errorf("%d titles and %d files for %d pages", len(titles), len(files), n)
	}
	var cats []string
	for name := range site {
		if strings.HasSuffix(name, "/_category_.json") {
			cats = append(cats, name)
		}
	}
	if len(cats) != 1 || cats[0] != "content/docs/_category_.json" {
		t.Errorf("category files %v, want content/docs/_category_.json alone", cats)
	}
	if page := string(site[c.PageFile(12)].Data); !strings.Contains(page, "\nsidebar_position: 13\n") {
		t.Errorf("page 12 is not 13th in its folder:\n%.200s", page)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.New(build.Options{Site: site, Defaults: latticework.Default, Out: out}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(c.PageURL(22), "/"), "index.html")); err != nil {
		t.Error(err)
	}
}

// TestExercises places exercise blocks with the repository's exercise
// definition, and builds the result.
func TestExercises(t *testing.T) {
	def, err := os.ReadFile("../../" + corpus.ExerciseFile)
	if err != nil {
		t.Skipf("no exercise definition in the repository yet: %v", err)
	}
	seed := fstest.MapFS{corpus.ExerciseFile: {Data: def}}
	src, err := fs.ReadFile(latticework.Default, corpus.SeedPath)
	if err != nil {
		t.Fatal(err)
	}
	seed[corpus.SeedPath] = &fstest.MapFile{Data: src}

	const n = 25
	site, _ := generate(t, corpus.Options{Pages: n, Exercises: true, Seed: seed}, false)
	blocks := 0
	for name, f := range site {
		if strings.HasSuffix(name, ".md") {
			blocks += strings.Count(string(f.Data), "```exercise\n"+corpus.ExerciseID+"\n```\n\n")
		}
	}
	if want := (n + corpus.ExerciseEvery - 1) / corpus.ExerciseEvery; blocks != want {
		t.Errorf("%d exercise blocks, want %d", blocks, want)
	}
	if _, ok := site[corpus.ExerciseFile]; !ok {
		t.Errorf("%s not copied into the corpus", corpus.ExerciseFile)
	}
	// Worksheets need the scoring module: compiled once into the
	// repository's cache, and reused while its sources are unchanged.
	ctx := context.Background()
	wasm := filepath.Join(wasmbuild.CacheDir("../.."), "wasm")
	if _, err := wasmbuild.Ensure(ctx, "../..", wasm); err != nil {
		t.Fatal(err)
	}
	opts := build.Options{Site: site, Defaults: latticework.Default, Out: filepath.Join(t.TempDir(), "public"), WASMDir: wasm, CacheDir: wasmbuild.CacheDir("../..")}
	if _, err := build.New(opts).Build(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := corpus.New(corpus.Options{Pages: 1, Exercises: true, Seed: fstest.MapFS{corpus.SeedPath: {Data: src}}}); err == nil {
		t.Error("exercises without a definition in the seed: no error")
	}
}

// TestHugo builds the Hugo corpus when Hugo is installed, and checks that
// it publishes every article at the URL Latticework uses.
func TestHugo(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed (apt-get install hugo)")
	}
	const n = 30
	c, err := corpus.New(corpus.Options{Pages: n, Seed: latticework.Default})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "public")
	if err := c.Hugo(corpus.WriteDir(src)); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hugo, "--minify", "--quiet", "-s", src, "-d", out, "--cacheDir", filepath.Join(dir, "cache"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, msg)
	}
	for i := range n {
		html, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(c.PageURL(i)), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(html, []byte(c.Title(i))) || !bytes.Contains(html, []byte("aria-current=page")) {
			t.Errorf("%s: no title or sidebar", c.PageURL(i))
		}
	}
}
