package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
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

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, dir, "", ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()

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
