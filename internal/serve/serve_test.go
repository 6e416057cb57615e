package serve

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/latticework/latticework/internal/diag"
)

// patience bounds waits in tests. It is generous because the tests share a
// small machine; nothing here measures speed.
const patience = 20 * time.Second

var bigCSS = strings.Repeat("body { color: #333; margin: 0 auto; }\n", 100)

// site writes a small built site into a temporary directory and returns the
// site's root. Next to the root lies secret.txt, which must never be served.
func site(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	root := filepath.Join(base, "public")
	files := map[string]string{
		"index.html":       "<!doctype html><html><head><title>Home</title></head><body><h1>Home</h1></BODY></html>",
		"guide/index.html": "<!doctype html><html><body><h1>Guide</h1></body></html>",
		"guide/intro.html": "<!doctype html><p>no body end tag",
		"empty/.keep":      "",
		"404.html":         "<!doctype html><html><body><h1>Custom missing</h1></body></html>",
		"app.wasm":         "\x00asm\x01\x00\x00\x00",
		"app.js":           "console.log('</body>');",
		"data.json":        `{"a": 1}`,
		"feed.xml":         "<rss></rss>",
		"logo.svg":         "<svg xmlns='http://www.w3.org/2000/svg'></svg>",
		"style.css":        "body{}",
		"big.css":          bigCSS,
		"notes.txt":        "just notes </body>",
		"pre.js":           "original",
		"pre.js.br":        "brotli bytes",
		"pre.js.gz":        "gzip bytes",
		"pre.html":         "<html><body>pre</body></html>",
		"pre.html.gz":      "stale gzip of pre.html without the script",
		"image.png":        "\x89PNG\r\n\x1a\n",
		"noext":            "?",
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Siblings are written after their originals, as a build does.
	hourAgo := time.Now().Add(-time.Hour)
	for _, name := range []string{"pre.js", "pre.html"} {
		os.Chtimes(filepath.Join(root, name), hourAgo, hourAgo)
	}
	if err := os.WriteFile(filepath.Join(base, "secret.txt"), []byte("TOP SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"alias.txt":  "notes.txt",
		"docs":       "guide",
		"leak.txt":   "../secret.txt",
		"leakdir":    "..",
		"absleak":    filepath.Join(base, "secret.txt"),
		"absinside":  filepath.Join(root, "notes.txt"),
		"guide/up":   "../notes.txt",
		"guide/deep": "../../secret.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	return root
}

func start(t *testing.T, root string, opts Options) (*Handler, *httptest.Server) {
	t.Helper()
	h := NewHandler(root, opts)
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		h.Close()
		ts.Close()
	})
	return h, ts
}

// rawClient makes requests exactly as written: no transparent decompression,
// no redirects followed.
func rawClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Timeout: patience,
	}
}

type response struct {
	*http.Response
	body []byte
}

func do(t *testing.T, method, url string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := rawClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp, body}
}

func get(t *testing.T, url string, header ...string) response {
	t.Helper()
	return do(t, http.MethodGet, url, header...)
}

// raw sends a request line byte for byte, so that no client library can
// clean the path first.
func raw(t *testing.T, ts *httptest.Server, target string) response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", ts.Listener.Addr().String(), patience)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(patience))
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp, body}
}

const scriptTag = `<script src="/_latticework/reload.js?v=`

func TestContentTypes(t *testing.T) {
	_, ts := start(t, site(t), Options{})
	for path, want := range map[string]string{
		"/":          "text/html; charset=utf-8",
		"/app.wasm":  "application/wasm",
		"/app.js":    "text/javascript; charset=utf-8",
		"/data.json": "application/json",
		"/feed.xml":  "application/xml",
		"/logo.svg":  "image/svg+xml",
		"/style.css": "text/css; charset=utf-8",
		"/notes.txt": "text/plain; charset=utf-8",
		"/image.png": "image/png",
		"/noext":     "application/octet-stream",
	} {
		r := get(t, ts.URL+path)
		if r.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", path, r.StatusCode)
		}
		if got := r.Header.Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", path, got, want)
		}
		if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, got)
		}
	}
}

func TestIndexAndRedirect(t *testing.T) {
	_, ts := start(t, site(t), Options{})

	if r := get(t, ts.URL+"/"); !bytes.Contains(r.body, []byte("<h1>Home</h1>")) {
		t.Errorf("GET /: %s", r.body)
	}
	if r := get(t, ts.URL+"/guide/"); r.StatusCode != 200 || !bytes.Contains(r.body, []byte("<h1>Guide</h1>")) {
		t.Errorf("GET /guide/: %d %s", r.StatusCode, r.body)
	}
	for path, want := range map[string]string{
		"/guide":        "/guide/",
		"/guide?tab=go": "/guide/?tab=go",
		"//guide":       "/guide/",
		"/docs":         "/docs/",
	} {
		r := get(t, ts.URL+path)
		if r.StatusCode != http.StatusFound || r.Header.Get("Location") != want {
			t.Errorf("GET %s: %d Location %q, want 302 %q", path, r.StatusCode, r.Header.Get("Location"), want)
		}
	}
	// A directory without index.html is not listed.
	if r := get(t, ts.URL+"/empty/"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET /empty/: status %d, want 404", r.StatusCode)
	}
	// A file asked for as a directory does not exist.
	if r := get(t, ts.URL+"/style.css/"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET /style.css/: status %d, want 404", r.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	root := site(t)
	_, ts := start(t, root, Options{})
	r := get(t, ts.URL+"/no/such/page")
	if r.StatusCode != http.StatusNotFound || !bytes.Contains(r.body, []byte("Custom missing")) {
		t.Errorf("GET missing page: %d %s", r.StatusCode, r.body)
	}
	if !bytes.Contains(r.body, []byte(scriptTag)) {
		t.Errorf("404 page lacks the reload script: %s", r.body)
	}
	if r := get(t, ts.URL+"/_latticework/nothing"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown reserved path: status %d, want 404", r.StatusCode)
	}

	// Without 404.html, and without any site at all, the built-in page
	// still reloads.
	os.Remove(filepath.Join(root, "404.html"))
	_, bare := start(t, filepath.Join(t.TempDir(), "not-built-yet"), Options{})
	for _, url := range []string{ts.URL + "/missing", bare.URL + "/"} {
		r := get(t, url)
		if r.StatusCode != http.StatusNotFound || !bytes.Contains(r.body, []byte(scriptTag)) {
			t.Errorf("GET %s: %d %s", url, r.StatusCode, r.body)
		}
	}
}

// TestNotFoundPerLocale serves a locale's own 404 page for a missing
// page under its folder, and the site's elsewhere.
func TestNotFoundPerLocale(t *testing.T) {
	root := site(t)
	if err := os.MkdirAll(filepath.Join(root, "zh"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "zh", "404.html"), []byte("<!doctype html><h1>找不到页面</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ts := start(t, root, Options{})
	for path, want := range map[string]string{
		"/zh/no/such/page": "找不到页面",
		"/zh/":             "", // the folder has no index: still the locale's 404
		"/no/such/page":    "Custom missing",
		"/zhx/page":        "Custom missing",
		"/guide/missing":   "Custom missing",
	} {
		if want == "" {
			want = "找不到页面"
		}
		r := get(t, ts.URL+path)
		if r.StatusCode != http.StatusNotFound || !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("GET %s: %d %s, want 404 with %q", path, r.StatusCode, r.body, want)
		}
	}
}

func TestNoStore(t *testing.T) {
	_, ts := start(t, site(t), Options{})
	for _, path := range []string{"/", "/style.css", "/missing", "/guide", "/_latticework/reload.js"} {
		if got := get(t, ts.URL+path).Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, got)
		}
	}
}

func TestPrecompressed(t *testing.T) {
	root := site(t)
	_, ts := start(t, root, Options{})
	for _, tc := range []struct{ accept, encoding, body string }{
		{"", "", "original"},
		{"identity", "", "original"},
		{"br", "br", "brotli bytes"},
		{"gzip, deflate, br, zstd", "br", "brotli bytes"},
		{"gzip", "gzip", "gzip bytes"},
		{"br;q=0, gzip", "gzip", "gzip bytes"},
		{"br;q=0.5, gzip;q=0.8", "gzip", "gzip bytes"},
		{"*", "br", "brotli bytes"},
		{"*;q=0", "", "original"},
	} {
		r := get(t, ts.URL+"/pre.js", "Accept-Encoding", tc.accept)
		if got := r.Header.Get("Content-Encoding"); got != tc.encoding || string(r.body) != tc.body {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q body %q, want %q %q", tc.accept, got, r.body, tc.encoding, tc.body)
		}
		if r.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.accept, r.Header.Get("Vary"))
		}
		if r.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("Accept-Encoding %q: Content-Type %q", tc.accept, r.Header.Get("Content-Type"))
		}
	}

	// A sibling older than its file is stale and ignored.
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(root, "pre.js.br"), old, old)
	if r := get(t, ts.URL+"/pre.js", "Accept-Encoding", "br"); string(r.body) != "original" {
		t.Errorf("stale .br served: %q", r.body)
	}
}

func TestCompressOnTheFly(t *testing.T) {
	_, ts := start(t, site(t), Options{})

	r := get(t, ts.URL+"/big.css", "Accept-Encoding", "gzip, deflate, br")
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", r.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); string(got) != bigCSS {
		t.Errorf("gunzipped body differs from the file")
	}

	r = get(t, ts.URL+"/big.css", "Accept-Encoding", "br")
	if r.Header.Get("Content-Encoding") != "br" {
		t.Fatalf("Content-Encoding %q, want br", r.Header.Get("Content-Encoding"))
	}
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(r.body))); string(got) != bigCSS {
		t.Errorf("brotli-decoded body differs from the file")
	}

	r = get(t, ts.URL+"/big.css")
	if r.Header.Get("Content-Encoding") != "" || string(r.body) != bigCSS || r.ContentLength != int64(len(bigCSS)) {
		t.Errorf("identity: encoding %q, length %d", r.Header.Get("Content-Encoding"), r.ContentLength)
	}
	if r.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("identity response lacks Vary: %q", r.Header.Get("Vary"))
	}

	// Already compressed formats are left alone.
	if r := get(t, ts.URL+"/image.png", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "" {
		t.Errorf("PNG compressed again")
	}
}

func TestInjection(t *testing.T) {
	_, ts := start(t, site(t), Options{})

	r := get(t, ts.URL+"/")
	page := string(r.body)
	if strings.Count(page, scriptTag) != 1 {
		t.Fatalf("want the script injected once: %s", page)
	}
	if !regexp.MustCompile(`<h1>Home</h1><script src="/_latticework/reload\.js\?v=[0-9a-z.]+" defer></script></BODY></html>$`).MatchString(page) {
		t.Errorf("script not injected before </body>: %s", page)
	}
	if r.ContentLength != int64(len(r.body)) {
		t.Errorf("Content-Length %d, body %d bytes", r.ContentLength, len(r.body))
	}
	if strings.Contains(page, "<script>") {
		t.Errorf("inline script injected: %s", page)
	}

	// A page without </body> gets the script at the end.
	if r := get(t, ts.URL+"/guide/intro.html"); !bytes.HasSuffix(r.body, []byte("defer></script>")) {
		t.Errorf("no </body>: %s", r.body)
	}

	// Only HTML is touched, even if it mentions </body>.
	for _, path := range []string{"/app.js", "/notes.txt", "/data.json", "/logo.svg"} {
		if r := get(t, ts.URL+path); bytes.Contains(r.body, []byte("reload.js")) {
			t.Errorf("GET %s: script injected into non-HTML: %s", path, r.body)
		}
	}

	// A precompressed page would lack the script; it is compressed anew.
	r = get(t, ts.URL+"/pre.html", "Accept-Encoding", "gzip")
	body := r.body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(zr)
	}
	if !bytes.Contains(body, []byte(scriptTag)) || bytes.Contains(body, []byte("stale")) {
		t.Errorf("precompressed HTML served as is: %q", body)
	}
	if r.ContentLength != int64(len(r.body)) {
		t.Errorf("Content-Length %d, body %d bytes", r.ContentLength, len(r.body))
	}
}

func TestInjectedHTMLCompressed(t *testing.T) {
	root := site(t)
	big := "<!doctype html><html><body>" + strings.Repeat("<p>paragraph</p>\n", 200) + "</body></html>"
	os.WriteFile(filepath.Join(root, "big.html"), []byte(big), 0o644)
	_, ts := start(t, root, Options{})

	r := get(t, ts.URL+"/big.html", "Accept-Encoding", "gzip")
	if r.Header.Get("Content-Encoding") != "gzip" || r.ContentLength != int64(len(r.body)) {
		t.Fatalf("Content-Encoding %q, Content-Length %d for %d bytes", r.Header.Get("Content-Encoding"), r.ContentLength, len(r.body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Contains(got, []byte(scriptTag)) || !bytes.HasSuffix(got, []byte("</body></html>")) {
		t.Errorf("decompressed page: %.200s...", got)
	}
}

func TestHead(t *testing.T) {
	_, ts := start(t, site(t), Options{})
	// HEAD on the event stream answers without streaming.
	if h := do(t, http.MethodHead, ts.URL+"/_latticework/events"); h.StatusCode != 200 || h.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("HEAD events: %d %q", h.StatusCode, h.Header.Get("Content-Type"))
	}
	for _, path := range []string{"/", "/style.css", "/big.css", "/missing", "/pre.js"} {
		g := get(t, ts.URL+path)
		h := do(t, http.MethodHead, ts.URL+path)
		if h.StatusCode != g.StatusCode || len(h.body) != 0 {
			t.Errorf("HEAD %s: status %d with %d body bytes; GET gave %d", path, h.StatusCode, len(h.body), g.StatusCode)
		}
		if h.Header.Get("Content-Type") != g.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: Content-Type %q, GET %q", path, h.Header.Get("Content-Type"), g.Header.Get("Content-Type"))
		}
		if h.ContentLength != int64(len(g.body)) {
			t.Errorf("HEAD %s: Content-Length %d, GET body %d bytes", path, h.ContentLength, len(g.body))
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	_, ts := start(t, site(t), Options{})
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		r := do(t, method, ts.URL+"/")
		if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q", method, r.StatusCode, r.Header.Get("Allow"))
		}
	}
}

func TestTraversalRefused(t *testing.T) {
	_, ts := start(t, site(t), Options{})
	for _, target := range []string{
		"/../secret.txt",
		"/../../../../etc/passwd",
		"/%2e%2e/secret.txt",
		"/%2E%2E/%2e%2e/etc/passwd",
		"/guide/..%2f..%2fsecret.txt",
		"/..%2f..%2fetc%2fpasswd",
		"/guide/%2e%2e/%2e%2e/secret.txt",
		"/..%5csecret.txt",
		"/guide\\..\\..\\secret.txt",
		"/notes.txt%00.html",
		"/guide/../../secret.txt",
	} {
		r := raw(t, ts, target)
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400", target, r.StatusCode)
		}
		if bytes.Contains(r.body, []byte("TOP SECRET")) {
			t.Errorf("GET %s: leaked the secret", target)
		}
	}

	// Symbolic links out of the root are refused wherever they are.
	for _, target := range []string{"/leak.txt", "/leakdir/secret.txt", "/absleak", "/guide/deep"} {
		r := raw(t, ts, target)
		if r.StatusCode != http.StatusForbidden || bytes.Contains(r.body, []byte("TOP SECRET")) {
			t.Errorf("GET %s: status %d %q, want 403", target, r.StatusCode, r.body)
		}
	}
	// os.Root refuses absolute links even to inside the root.
	if r := raw(t, ts, "/absinside"); r.StatusCode != http.StatusForbidden {
		t.Errorf("GET /absinside: status %d, want 403", r.StatusCode)
	}

	// Links that stay inside work.
	for target, want := range map[string]string{
		"/alias.txt": "just notes",
		"/guide/up":  "just notes",
		"/docs/":     "<h1>Guide</h1>",
	} {
		if r := raw(t, ts, target); r.StatusCode != 200 || !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("GET %s: %d %q", target, r.StatusCode, r.body)
		}
	}
}

func TestSiteReplacedBetweenBuilds(t *testing.T) {
	root := site(t)
	_, ts := start(t, root, Options{})
	get(t, ts.URL+"/")

	// A builder may write a fresh directory and swap it in.
	fresh := root + ".new"
	os.MkdirAll(fresh, 0o755)
	os.WriteFile(filepath.Join(fresh, "index.html"), []byte("<body>second build</body>"), 0o644)
	if err := os.Rename(root, root+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(fresh, root); err != nil {
		t.Fatal(err)
	}
	if r := get(t, ts.URL+"/"); !bytes.Contains(r.body, []byte("second build")) {
		t.Errorf("old build still served: %s", r.body)
	}
}

func TestClientScript(t *testing.T) {
	_, ts := start(t, site(t), Options{})
	r := get(t, ts.URL+"/_latticework/reload.js")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	js := string(r.body)
	for _, want := range []string{"EventSource", "/_latticework/events", "sessionStorage", "textContent", "alertdialog"} {
		if !strings.Contains(js, want) {
			t.Errorf("client script lacks %q", want)
		}
	}
	if strings.Contains(js, "innerHTML") || strings.Contains(js, "insertAdjacentHTML") {
		t.Errorf("client script builds markup from strings")
	}
}

func TestListenAndServeBindsExactAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := New(t.TempDir(), Options{})
	if err := s.ListenAndServe(t.Context(), ln.Addr().String()); err == nil {
		t.Fatal("ListenAndServe on a busy address succeeded")
	}
}

func TestServerShutdownWithOpenStreams(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(site(t), Options{ShutdownTimeout: patience})
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	url := "http://" + ln.Addr().String()
	if r := get(t, url+"/"); r.StatusCode != 200 {
		t.Fatalf("GET /: %d", r.StatusCode)
	}
	var streams []*stream
	for range 3 {
		st := openStream(t, url)
		st.next(t, "hello")
		streams = append(streams, st)
	}

	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(patience):
		t.Fatal("Serve did not return after cancel; open streams block shutdown")
	}
	for _, st := range streams {
		st.closed(t)
	}
	if n := s.live.count(); n != 0 {
		t.Errorf("%d streams still registered", n)
	}
}

// stream reads Server-Sent Events from the live-reload endpoint.
type stream struct {
	events chan event
	cancel context.CancelFunc
	lines  chan string // every raw line, for heartbeat checks
}

type event struct{ name, data string }

func openStream(t *testing.T, baseURL string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/_latticework/events", nil)
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("events: status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	st := &stream{events: make(chan event, 100), cancel: cancel, lines: make(chan string, 1000)}
	t.Cleanup(cancel)
	go func() {
		defer close(st.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			select {
			case st.lines <- line:
			default:
			}
			switch {
			case line == "":
				if ev.name != "" {
					st.events <- ev
				}
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return st
}

// next returns the next event, which must be called name.
func (st *stream) next(t *testing.T, name string) event {
	t.Helper()
	select {
	case ev, ok := <-st.events:
		if !ok {
			t.Fatalf("stream ended; want event %q", name)
		}
		if ev.name != name {
			t.Fatalf("got event %q (%s), want %q", ev.name, ev.data, name)
		}
		return ev
	case <-time.After(patience):
		t.Fatalf("no event %q", name)
	}
	panic("unreachable")
}

// closed waits for the server to end the stream.
func (st *stream) closed(t *testing.T) {
	t.Helper()
	for {
		select {
		case _, ok := <-st.events:
			if !ok {
				return
			}
		case <-time.After(patience):
			t.Fatal("stream still open")
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEventsReload(t *testing.T) {
	h, ts := start(t, site(t), Options{})
	st := openStream(t, ts.URL)
	st.next(t, "hello")
	if ev := st.next(t, "errors"); ev.data != "[]" {
		t.Errorf("initial errors %q, want []", ev.data)
	}
	h.Reload()
	st.next(t, "reload")
	h.Reload()
	st.next(t, "reload")
}

func TestEventsTokenMatchesPage(t *testing.T) {
	h, ts := start(t, site(t), Options{})
	token := func() string {
		m := regexp.MustCompile(`reload\.js\?v=([^"]+)"`).FindSubmatch(get(t, ts.URL+"/").body)
		if m == nil {
			t.Fatal("no token in page")
		}
		return string(m[1])
	}
	before := token()
	st := openStream(t, ts.URL)
	if ev := st.next(t, "hello"); ev.data != before {
		t.Errorf("hello %q, page token %q", ev.data, before)
	}
	st.next(t, "errors")
	h.Reload()
	ev := st.next(t, "reload")
	after := token()
	if after == before || ev.data != after {
		t.Errorf("after Reload: page token %q (before %q), reload event %q", after, before, ev.data)
	}
	// A page served before a Reload that its stream missed learns it from
	// the hello on connecting.
	if ev := openStream(t, ts.URL).next(t, "hello"); ev.data == before {
		t.Errorf("hello still announces the old build")
	}
}

func TestEventsErrors(t *testing.T) {
	h, ts := start(t, site(t), Options{})
	h.SetErrors(sampleErrors())

	// A page opened while the build is broken gets the errors at once.
	st := openStream(t, ts.URL)
	st.next(t, "hello")
	ev := st.next(t, "errors")
	for _, want := range []string{
		`"pos":"content/trust.md:4:7"`, `"col":7`, `"msg":"unknown front matter key \u003csidbar\u003e"`,
		`"source":"sidbar: true"`, `"warning":true`, `"pos":"content/a.md"`,
	} {
		if !strings.Contains(ev.data, want) {
			t.Errorf("errors event lacks %s: %s", want, ev.data)
		}
	}

	h.SetErrors(nil)
	if ev := st.next(t, "errors"); ev.data != "[]" {
		t.Errorf("clearing event %q, want []", ev.data)
	}
	st = openStream(t, ts.URL)
	st.next(t, "hello")
	if ev := st.next(t, "errors"); ev.data != "[]" {
		t.Errorf("new stream after clearing got %q", ev.data)
	}
}

func sampleErrors() []*diag.Error {
	return []*diag.Error{
		{Pos: diag.Pos{File: "content/trust.md", Line: 4, Col: 7}, Msg: "unknown front matter key <sidbar>", Source: "sidbar: true"},
		nil,
		{Pos: diag.Pos{File: "content/a.md"}, Msg: "page has no title", Warning: true},
	}
}

func TestEventsManyClients(t *testing.T) {
	h, ts := start(t, site(t), Options{})
	var streams []*stream
	for range 50 {
		st := openStream(t, ts.URL)
		st.next(t, "hello")
		st.next(t, "errors")
		streams = append(streams, st)
	}
	// Broadcasts in a row are merged per client, never blocked by one.
	h.SetErrors(sampleErrors())
	h.Reload()
	for _, st := range streams {
		ev := st.next(t, "errors")
		if !strings.Contains(ev.data, "trust.md") {
			t.Errorf("errors event %q", ev.data)
		}
		st.next(t, "reload")
	}
	for _, st := range streams {
		st.cancel()
	}
	waitFor(t, "disconnected streams to be removed", func() bool { return h.live.count() == 0 })
}

func TestEventsHeartbeat(t *testing.T) {
	_, ts := start(t, site(t), Options{Heartbeat: 10 * time.Millisecond})
	st := openStream(t, ts.URL)
	deadline := time.After(patience)
	for {
		select {
		case line := <-st.lines:
			if line == ": ping" {
				return
			}
		case <-deadline:
			t.Fatal("no heartbeat")
		}
	}
}

func TestEventsAfterClose(t *testing.T) {
	h, ts := start(t, site(t), Options{})
	st := openStream(t, ts.URL)
	st.next(t, "hello")
	h.Close()
	st.closed(t)
	r := get(t, ts.URL+"/_latticework/events")
	if r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("events after Close: status %d, want 503", r.StatusCode)
	}
	if r := get(t, ts.URL+"/"); r.StatusCode != 200 {
		t.Errorf("pages after Close: status %d", r.StatusCode)
	}
}

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		header string
		offers []string
		want   string
	}{
		{"", []string{"gzip"}, ""},
		{"gzip", nil, ""},
		{"GZIP", []string{"gzip"}, "gzip"},
		{"x-gzip", []string{"gzip"}, "gzip"},
		{"gzip;q=0", []string{"gzip"}, ""},
		{"gzip; q=0.001", []string{"gzip"}, "gzip"},
		{"gzip;q=bogus", []string{"gzip"}, ""},
		{"br, gzip", []string{"gzip", "br"}, "gzip"},
		{"br, gzip", []string{"br", "gzip"}, "br"},
		{"br;q=0.9, gzip", []string{"br", "gzip"}, "gzip"},
		{"*;q=0.5, gzip;q=0", []string{"gzip", "br"}, "br"},
		{"deflate", []string{"gzip", "br"}, ""},
	} {
		if got := negotiate(tc.header, tc.offers); got != tc.want {
			t.Errorf("negotiate(%q, %q) = %q, want %q", tc.header, tc.offers, got, tc.want)
		}
	}
}

func TestLastIndexFold(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"<body></body>", 6},
		{"<body></BODY></body>x", 13},
		{"İİ</Body>", 4},
		{"no end", -1},
		{"", -1},
	} {
		if got := lastIndexFold([]byte(tc.s), "</body"); got != tc.want {
			t.Errorf("lastIndexFold(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

// TestClientScriptBehaviour runs the client script in Node against a fake
// DOM: reload with scroll restoring, the overlay built from text, dismissal,
// and reconnecting. It is skipped where Node is not installed.
func TestClientScriptBehaviour(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	out, err := exec.Command(node, filepath.Join("testdata", "client_test.js"), "reload.js").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("client script: %v\n%s", err, out)
	}
}

// TestStatic checks the production-like mode used for audits: pages are
// served as built, and assets are cached for good.
func TestStatic(t *testing.T) {
	root := site(t)
	if err := os.MkdirAll(filepath.Join(root, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "assets", "site.0123456789.css"), []byte("body{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ts := start(t, root, Options{Static: true})
	page := get(t, ts.URL+"/")
	if strings.Contains(string(page.body), scriptTag) {
		t.Error("static mode injected the live-reload script")
	}
	if got := page.Header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("page Cache-Control = %q, want no-cache", got)
	}
	if got := get(t, ts.URL+"/assets/site.0123456789.css").Header.Get("Cache-Control"); !strings.Contains(got, "immutable") {
		t.Errorf("asset Cache-Control = %q, want immutable", got)
	}
}

// TestHoldPages holds requests for pages, over real HTTP, while a rebuild
// writes them: a held page is served as written after release, never as
// it was; the open pages, other files and the event stream, which names
// its page, are not held.
func TestHoldPages(t *testing.T) {
	root := site(t)
	h, ts := start(t, root, Options{})
	ev, err := http.Get(ts.URL + "/_latticework/events?page=" + "/guide/index.html")
	if err != nil {
		t.Fatal(err)
	}
	defer ev.Body.Close()
	for start := time.Now(); len(h.Open()) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Since(start) > patience {
			t.Fatal("the stream's page is not open")
		}
	}
	if got := h.Open(); len(got) != 1 || got[0] != "/guide/" {
		t.Fatalf("Open() = %q, want [/guide/]", got)
	}

	release := h.Hold(h.Open())
	held := make(chan string, 1)
	go func() {
		resp, err := http.Get(ts.URL + "/")
		if err != nil {
			held <- err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		held <- string(body)
	}()
	for _, path := range []string{"/guide/", "/guide/index.html", "/style.css", "/data.json"} {
		if r := do(t, "GET", ts.URL+path); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s while pages are held: %d", path, r.StatusCode)
		}
	}
	select {
	case body := <-held:
		t.Fatalf("a held page was served before release: %q", body)
	case <-time.After(100 * time.Millisecond):
	}
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte("<!doctype html><body>New home</body>"), 0o644); err != nil {
		t.Fatal(err)
	}
	release()
	release() // harmless
	select {
	case body := <-held:
		if !strings.Contains(body, "New home") {
			t.Errorf("held page served as %q, not as written", body)
		}
	case <-time.After(patience):
		t.Fatal("a held page was not served after release")
	}
	if r := do(t, "GET", ts.URL+"/"); r.StatusCode != http.StatusOK {
		t.Errorf("GET / after release: %d", r.StatusCode)
	}
}
