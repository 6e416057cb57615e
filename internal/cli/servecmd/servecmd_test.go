package servecmd

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	// Write then rename, as editors save, so the watcher never sees a
	// half-written file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// events reads Server-Sent Events from the dev server into a channel of
// "event: data" strings.
func events(t *testing.T, ctx context.Context, url string) <-chan string {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			} else if v, ok := strings.CutPrefix(line, "data: "); ok {
				ch <- name + ": " + v
			}
		}
	}()
	return ch
}

func waitFor(t *testing.T, ch <-chan string, prefix string) string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev := <-ch:
			if strings.HasPrefix(ev, prefix) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %q event", prefix)
		}
	}
}

// TestServeEditBreakRecover runs the dev server on a real folder over real
// HTTP: an edit reloads open pages with the new content, a broken front
// matter shows its location while the last good page stays served, and the
// next good save recovers.
func TestServeEditBreakRecover(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content", "guide.md")
	write(t, page, "---\ntitle: Guide\n---\n# Guide\n\nFirst version.\n")

	base := runServer(t, dir)
	ctx := t.Context()

	var body string
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(50 * time.Millisecond) {
		if code, b := get(t, base+"/guide/"); code == 200 {
			body = b
			break
		}
	}
	if !strings.Contains(body, "First version.") {
		t.Fatalf("first build not served: %s", body)
	}
	ev := events(t, ctx, base+"/_latticework/events")
	waitFor(t, ev, "hello")

	write(t, page, "---\ntitle: Guide\n---\n# Guide\n\nSecond version.\n")
	waitFor(t, ev, "reload")
	if _, b := get(t, base+"/guide/"); !strings.Contains(b, "Second version.") {
		t.Errorf("edit not served after reload event")
	}

	write(t, page, "---\ntitle: Guide\nsidbar_position: 1\n---\n# Guide\n\nThird version.\n")
	e := waitFor(t, ev, `errors: [{`)
	if !strings.Contains(e, `content/guide.md:3:1`) || !strings.Contains(e, "unknown key `sidbar_position`") {
		t.Errorf("errors event = %s", e)
	}
	if _, b := get(t, base+"/guide/"); !strings.Contains(b, "Second version.") {
		t.Errorf("last good page not served during the error")
	}

	write(t, page, "---\ntitle: Guide\nsidebar_position: 1\n---\n# Guide\n\nFourth version.\n")
	waitFor(t, ev, "reload")
	if _, b := get(t, base+"/guide/"); !strings.Contains(b, "Fourth version.") {
		t.Errorf("fixed page not served")
	}
}

// startServe runs the dev server on a fresh site folder and returns its
// base URL and a reader of its events.
func startServe(t *testing.T, files map[string]string) (dir, base string, ev <-chan string) {
	t.Helper()
	dir = t.TempDir()
	for name, data := range files {
		write(t, filepath.Join(dir, name), data)
	}
	base = runServer(t, dir)
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable {
				break
			}
		}
		if time.Since(start) > 20*time.Second {
			t.Fatal("server did not start")
		}
	}
	ev = events(t, t.Context(), base+"/_latticework/events")
	waitFor(t, ev, "hello")
	return dir, base, ev
}

// runServer runs the dev server on the site folder dir, on a free port of
// 127.0.0.1, until the test ends, and returns its base URL.
func runServer(tb testing.TB, dir string) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, dir, "", ln, os.Stdout, os.Stderr) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("serve stopped with %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func page(title, body string) string {
	return "---\ntitle: " + title + "\n---\n# " + title + "\n\n" + body + "\n"
}

func TestServeCreateRenameDelete(t *testing.T) {
	dir, base, ev := startServe(t, map[string]string{"content/a.md": page("A", "Alpha.")})

	write(t, filepath.Join(dir, "content", "guide", "b.md"), page("B", "Bravo."))
	waitFor(t, ev, "reload")
	if code, body := get(t, base+"/guide/b/"); code != 200 || !strings.Contains(body, "Bravo.") {
		t.Fatalf("new page in a new folder: %d", code)
	}
	if _, a := get(t, base+"/a/"); !strings.Contains(a, `href="/guide/b/"`) {
		t.Error("new page missing from the other page's sidebar")
	}

	if err := os.Rename(filepath.Join(dir, "content", "guide", "b.md"), filepath.Join(dir, "content", "guide", "c.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ev, "reload")
	if code, _ := get(t, base+"/guide/c/"); code != 200 {
		t.Errorf("renamed page: %d", code)
	}
	if code, body := get(t, base+"/guide/b/"); code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("old address after rename: %d, want the 404 page", code)
	}

	if err := os.Remove(filepath.Join(dir, "content", "guide", "c.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ev, "reload")
	if code, _ := get(t, base+"/guide/c/"); code != 404 {
		t.Errorf("deleted page: %d, want 404", code)
	}
}

// TestServeRapidEdits saves one page 100 times in quick succession: the
// server must end up serving the last version, consistently.
func TestServeRapidEdits(t *testing.T) {
	dir, base, ev := startServe(t, map[string]string{
		"content/a.md": page("A", "Version 0."),
		"content/b.md": page("B", "[to a](/a)"),
	})
	name := filepath.Join(dir, "content", "a.md")
	for i := 1; i <= 100; i++ {
		write(t, name, page("A", "Version "+strconv.Itoa(i)+"."))
	}
	deadline := time.After(30 * time.Second)
	for {
		_, body := get(t, base+"/a/")
		if strings.Contains(body, "Version 100.") {
			break
		}
		select {
		case <-ev:
		case <-deadline:
			t.Fatalf("after 100 saves the server still serves an older version")
		case <-time.After(100 * time.Millisecond):
		}
	}
	// Consistent: every page of the site is there, and traversal stays refused.
	if code, _ := get(t, base+"/b/"); code != 200 {
		t.Errorf("other page: %d", code)
	}
	for _, p := range []string{"/../content/a.md", "/%2e%2e/content/a.md", "/..%2fcontent%2fa.md"} {
		if code, body := get(t, base+p); code == 200 || strings.Contains(body, "Version 100.") && strings.Contains(body, "title: A") {
			t.Errorf("%s served the source: %d", p, code)
		}
	}
}

// TestServeLocales serves every locale of a translated site at once, and
// publishes a saved translation in its locale alone.
func TestServeLocales(t *testing.T) {
	dir, base, ev := startServe(t, map[string]string{
		"latticework.yaml":  "i18n:\n  locales: [en, zh]\n",
		"content/index.md":  page("Home", "Welcome."),
		"content/docs/a.md": page("A", "Alpha."),
		"content/docs/b.md": page("B", "Bravo."),
		"i18n/zh/docusaurus-plugin-content-docs/current/a.md": page("甲", "第一版。"),
	})
	for path, want := range map[string]string{"/docs/a/": "Alpha.", "/zh/docs/a/": "第一版。", "/zh/docs/b/": "Bravo.", "/zh/": "Welcome."} {
		if code, body := get(t, base+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want %q", path, code, want)
		}
	}
	write(t, filepath.Join(dir, "i18n/zh/docusaurus-plugin-content-docs/current/a.md"), page("甲", "第二版。"))
	waitFor(t, ev, "reload")
	if _, body := get(t, base+"/zh/docs/a/"); !strings.Contains(body, "第二版。") {
		t.Error("the saved translation is not served")
	}
	if _, body := get(t, base+"/docs/a/"); !strings.Contains(body, "Alpha.") {
		t.Error("the original changed with its translation")
	}
	if code, body := get(t, base+"/zh/nowhere/"); code != 404 || !strings.Contains(body, "找不到页面") {
		t.Errorf("missing page under /zh/: %d, want zh's 404 page", code)
	}
}

// TestServeOpenPageFirst edits the layout of a site with a page open: the
// open page reloads with the edit, and a page not open, requested at once
// while the rebuild may still be laying it out, is served with the edit
// too, never as it was.
func TestServeOpenPageFirst(t *testing.T) {
	files := map[string]string{"layouts/footer.html": `{{define "footer.html"}}<footer>Old footer</footer>{{end}}`}
	for i := range 300 {
		files[fmt.Sprintf("content/docs/p%03d.md", i)] = page(fmt.Sprintf("Page %d", i), "Text.")
	}
	dir, base, _ := startServe(t, files)
	for i := range 2 {
		open := events(t, t.Context(), base+"/_latticework/events?page=/docs/p000/")
		waitFor(t, open, "hello")
		marker := fmt.Sprintf("New footer %d", i)
		write(t, filepath.Join(dir, "layouts", "footer.html"), `{{define "footer.html"}}<footer>`+marker+`</footer>{{end}}`)
		waitFor(t, open, "reload")
		for _, url := range []string{"/docs/p299/", "/docs/p000/", "/docs/p150/"} {
			if code, body := get(t, base+url); code != 200 || !strings.Contains(body, marker) {
				t.Errorf("edit %d: %s served without the edit (%d)", i, url, code)
			}
		}
	}
}
