package servecmd

import (
	"bufio"
	"context"
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
	"github.com/latticework/latticework/internal/cputime"
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
	// Each kind edits a file (from the site root, given its text), and
	// names the page that shows the edit and what it then holds; i
	// numbers the edits.
	page := func(i int) int { return i * 97 % c.Pages() }
	title := regexp.MustCompile(`(?m)^title: .*$`)
	has := func(marker string) func(string) bool {
		return func(body string) bool { return strings.Contains(body, marker) }
	}
	type edit struct {
		file   string
		change func([]byte) []byte
		url    string
		served func(body string) bool
	}
	stylesheet := regexp.MustCompile(`href="(/assets/site\.[0-9a-f]+\.css)"`)
	for _, kind := range []struct {
		name string
		edit func(i int) edit
	}{
		{"body", func(i int) edit {
			marker := fmt.Sprintf("Edit marker %d.", i)
			return edit{c.PageFile(page(i)), func(d []byte) []byte { return fmt.Appendf(d, "\n%s\n", marker) }, c.PageURL(page(i)) + "/", has(marker)}
		}},
		{"title", func(i int) edit {
			// Shown in the sidebar of the page's neighbour in its folder.
			marker := fmt.Sprintf("Edited title %d", i)
			return edit{c.PageFile(page(i)), func(d []byte) []byte { return title.ReplaceAll(d, []byte("title: "+marker)) }, c.PageURL(page(i)^1) + "/", has(marker)}
		}},
		{"position", func(i int) edit {
			// The page moves to the end of its folder: its neighbour's
			// sidebar changes.
			re := regexp.MustCompile(`(?m)^sidebar_position: .*$`)
			url := c.PageURL(page(i)^1) + "/"
			before := fetch(base + url)
			return edit{c.PageFile(page(i)), func(d []byte) []byte { return re.ReplaceAll(d, fmt.Appendf(nil, "sidebar_position: %d", 1000+i)) }, url, func(body string) bool {
				return body != "" && body != before
			}}
		}},
		{"category", func(i int) edit {
			re := regexp.MustCompile(`"label": ".*"`)
			marker := fmt.Sprintf("Edited section %d", i)
			return edit{path.Join(path.Dir(c.PageFile(page(i))), "_category_.json"), func(d []byte) []byte { return re.ReplaceAll(d, []byte(`"label": "`+marker+`"`)) }, c.PageURL(page(i)) + "/", has(marker)}
		}},
		{"layout", func(i int) edit {
			marker := fmt.Sprintf("<p>Edit %d</p>", i)
			return edit{"layouts/footer.html", func([]byte) []byte {
				return []byte(`{{define "footer.html"}}<footer class="footer">` + marker + `</footer>{{end}}`)
			}, c.PageURL(page(i)) + "/", has(marker)}
		}},
		{"css", func(i int) edit {
			marker := fmt.Sprintf(".edit-%d{", i)
			return edit{"layouts/assets/site.css", func([]byte) []byte { return fmt.Appendf(css, "\n%scolor:red}\n", marker) }, c.PageURL(page(i)) + "/", func(body string) bool {
				m := stylesheet.FindStringSubmatch(body)
				return m != nil && strings.Contains(fetch(base+m[1]), marker)
			}}
		}},
		{"exercise", func(i int) edit {
			// The learner's progress page lists the worksheet by title.
			marker := fmt.Sprintf("Edited worksheet %d", i)
			return edit{corpus.ExerciseFile, func(d []byte) []byte { return title.ReplaceAll(d, []byte("title: "+marker)) }, "/worksheets/", has(marker)}
		}},
	} {
		b.Run(kind.name, func(b *testing.B) {
			var lat, cpu []time.Duration
			i := 0
			startCPU := cputime.Used()
			for b.Loop() {
				// A writer saves seconds apart: the last edit's background
				// work (the pages not open, which a page not open waits
				// for, and the search index) is done by then.
				b.StopTimer()
				fetch(base + "/")
				time.Sleep(300 * time.Millisecond)
				e := kind.edit(i)
				i++
				url := base + e.url
				src := filepath.Join(dir, filepath.FromSlash(e.file))
				old, err := os.ReadFile(src)
				if err != nil {
					b.Fatal(err)
				}
				// The page is open in a browser: its live-reload stream
				// is connected before the save, as the reload script's.
				tab := openTab(b, base, e.url)
				b.StartTimer()
				start, saveCPU := time.Now(), cputime.Used()
				tmp := src + ".tmp"
				if err := os.WriteFile(tmp, e.change(old), 0o644); err != nil {
					b.Fatal(err)
				}
				if err := os.Rename(tmp, src); err != nil {
					b.Fatal(err)
				}
				// As the script does: reload on "reload", and again when
				// the page reloaded is older than the stream's build.
				for {
					if !tab.waitReload(30*time.Second - time.Since(start)) {
						b.Fatalf("%s did not reload within 30 s of saving %s", url, e.file)
					}
					body := fetch(url)
					if e.served(body) {
						break
					}
					tab = openTab(b, base, e.url)
					if tab.token != pageToken(body) {
						tab.reload <- struct{}{}
					}
				}
				tab.close()
				lat, cpu = append(lat, time.Since(start)), append(cpu, cputime.Used()-saveCPU)
			}
			b.StopTimer()
			time.Sleep(300 * time.Millisecond)
			// The process's CPU time, which a busy machine disturbs less
			// than the wall time: from saving to serving (p50), and in all
			// for each edit, with the background work that follows it
			// (the search index) and the requests that wait for it.
			perEdit := (cputime.Used() - startCPU) / time.Duration(len(lat))
			slices.Sort(lat)
			slices.Sort(cpu)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[(len(lat)*95)/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "cpu-p50-ms")
			b.ReportMetric(float64(perEdit.Microseconds())/1000, "cpu/edit-ms")
		})
	}
}

// tab is a page open in a browser, as far as the dev server sees it: the
// live-reload stream its script opens, naming the page.
type tab struct {
	token  string // the build the stream said hello with
	reload chan struct{}
	close  context.CancelFunc
}

// openTab connects the live-reload stream of the page at url (a site
// path) and waits for its hello.
func openTab(b *testing.B, base, url string) *tab {
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/_latticework/events?page="+url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	t := &tab{reload: make(chan struct{}, 1), close: cancel}
	hello := make(chan string, 1)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var event string
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				event = v
			} else if v, ok := strings.CutPrefix(line, "data: "); ok {
				switch event {
				case "hello":
					hello <- v
				case "reload":
					select {
					case t.reload <- struct{}{}:
					default:
					}
				}
			}
		}
	}()
	select {
	case t.token = <-hello:
	case <-time.After(30 * time.Second):
		b.Fatal("no hello on the live-reload stream")
	}
	return t
}

// waitReload waits up to d for a reload event, and closes the stream as
// the script does before it reloads.
func (t *tab) waitReload(d time.Duration) bool {
	defer t.close()
	select {
	case <-t.reload:
		return true
	case <-time.After(d):
		return false
	}
}

var tokenRE = regexp.MustCompile(`reload\.js\?v=([^"&]+)`)

// pageToken is the build token a served page carries.
func pageToken(body string) string {
	if m := tokenRE.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}
