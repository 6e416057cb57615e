package servecmd

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/corpus"
)

// BenchmarkSaveToServed1000 measures what a writer waits for: from saving
// a file of a 1,000-page site to the dev server serving the new version
// of a page it changes over HTTP (watcher, quiet window, rebuild and
// all), reported as p50 and p95, for each kind of edit. The watcher's
// quiet window is part of it, as it is for a writer.
func BenchmarkSaveToServed1000(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	c, err := corpus.WriteSite(corpus.Options{Pages: 1000, Exercises: true, Seed: os.DirFS("../../..")}, dir)
	if err != nil {
		b.Fatal(err)
	}
	// The site's own copies of a layout and the stylesheet, the defaults'
	// for now: the watcher watches the folders that exist when it starts.
	for _, name := range []string{"layouts/footer.html", "layouts/assets/site.css"} {
		data, err := latticework.Default.ReadFile(name)
		if err == nil {
			err = os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), data, 0o644)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	base := runServer(b, dir)
	fetch := func(url string) string {
		resp, err := http.Get(url)
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	for start := time.Now(); fetch(base+"/") == "" || strings.Contains(fetch(base+"/"), "not built yet"); time.Sleep(50 * time.Millisecond) {
		if time.Since(start) > 5*time.Minute {
			b.Fatal("the site was not served")
		}
	}
	css, err := latticework.Default.ReadFile("layouts/assets/site.css")
	if err != nil {
		b.Fatal(err)
	}
	// Each kind edits a file (from the site root, given its text) and
	// names the page that shows the edit; i numbers the edits.
	page := func(i int) int { return i * 97 % c.Pages() }
	title := regexp.MustCompile(`(?m)^title: .*$`)
	for _, kind := range []struct {
		name string
		edit func(i int) (file string, change func([]byte) []byte, shows int)
	}{
		{"body", func(i int) (string, func([]byte) []byte, int) {
			return c.PageFile(page(i)), func(d []byte) []byte { return fmt.Appendf(d, "\nEdit marker %d.\n", i) }, page(i)
		}},
		{"title", func(i int) (string, func([]byte) []byte, int) {
			// Shown in the sidebar of the page's neighbour in its folder.
			return c.PageFile(page(i)), func(d []byte) []byte {
				return title.ReplaceAll(d, fmt.Appendf(nil, "title: Edited title %d", i))
			}, page(i) ^ 1
		}},
		{"position", func(i int) (string, func([]byte) []byte, int) {
			re := regexp.MustCompile(`(?m)^sidebar_position: .*$`)
			return c.PageFile(page(i)), func(d []byte) []byte {
				return re.ReplaceAll(d, fmt.Appendf(nil, "sidebar_position: %d", 1000+i))
			}, page(i) ^ 1
		}},
		{"category", func(i int) (string, func([]byte) []byte, int) {
			re := regexp.MustCompile(`"label": ".*"`)
			return path.Join(path.Dir(c.PageFile(page(i))), "_category_.json"), func(d []byte) []byte {
				return re.ReplaceAll(d, fmt.Appendf(nil, `"label": "Edited section %d"`, i))
			}, page(i)
		}},
		{"layout", func(i int) (string, func([]byte) []byte, int) {
			return "layouts/footer.html", func([]byte) []byte {
				return fmt.Appendf(nil, `{{define "footer.html"}}<footer class="footer"><p>Edit %d</p></footer>{{end}}`, i)
			}, page(i)
		}},
		{"css", func(i int) (string, func([]byte) []byte, int) {
			return "layouts/assets/site.css", func([]byte) []byte { return fmt.Appendf(css, "\n.edit-%d{color:red}\n", i) }, page(i)
		}},
		{"exercise", func(i int) (string, func([]byte) []byte, int) {
			return corpus.ExerciseFile, func(d []byte) []byte {
				return title.ReplaceAll(d, fmt.Appendf(nil, "title: Edited worksheet %d", i))
			}, page(i) / corpus.ExerciseEvery * corpus.ExerciseEvery
		}},
	} {
		b.Run(kind.name, func(b *testing.B) {
			var lat []time.Duration
			i := 0
			for b.Loop() {
				file, change, shows := kind.edit(i)
				i++
				url := base + c.PageURL(shows) + "/"
				src := filepath.Join(dir, filepath.FromSlash(file))
				old, err := os.ReadFile(src)
				if err != nil && !os.IsNotExist(err) {
					b.Fatal(err)
				}
				b.StopTimer()
				before := fetch(url)
				// A writer saves seconds apart: the last edit's background
				// work (the search index) is done by then.
				time.Sleep(300 * time.Millisecond)
				b.StartTimer()
				start := time.Now()
				if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
					b.Fatal(err)
				}
				tmp := src + ".tmp"
				if err := os.WriteFile(tmp, change(old), 0o644); err != nil {
					b.Fatal(err)
				}
				if err := os.Rename(tmp, src); err != nil {
					b.Fatal(err)
				}
				for now := fetch(url); now == before || now == ""; now = fetch(url) {
					if time.Since(start) > 30*time.Second {
						b.Fatalf("%s was not served changed within 30 s of saving %s", url, file)
					}
					time.Sleep(2 * time.Millisecond)
				}
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[(len(lat)*95)/100].Microseconds())/1000, "p95-ms")
		})
	}
}
