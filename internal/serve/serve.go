// Package serve is the development web server: it serves a built site
// directory the way a static host would, and reloads open pages when the
// caller says the site changed. It knows nothing about building; the caller
// rebuilds and then calls Reload, or SetErrors when the build failed.
//
// What authors and the caller can rely on:
//
//   - Files come from the root directory only. Paths with ".." segments,
//     encoded slashes or backslashes, backslashes or NUL bytes are refused
//     with 400, and a symbolic link whose target lies outside the root (or is
//     absolute) is refused with 403; links that stay inside work. The root
//     is reopened for every request, so a builder may replace the whole
//     directory between builds.
//   - A directory is served as its index.html; "/guide" redirects to
//     "/guide/" when guide/index.html exists, as static hosts do. Unknown
//     paths get the site's 404.html with status 404, or a built-in page.
//     Directories are never listed.
//   - Content types do not depend on the machine's MIME tables for the
//     types a site uses (HTML, CSS, JavaScript, JSON, XML, SVG, WebAssembly,
//     fonts, images). Every response says "Cache-Control: no-store", so a
//     reload always shows the latest build.
//   - A precompressed sibling (page.js.br, page.js.gz), if the client accepts
//     its encoding and it is not older than the file, is served in place of
//     the file; other text is compressed on the fly.
//   - Every HTML response (404 pages included) gets
//     <script src="/_latticework/reload.js?v=..." defer></script> before
//     </body>. The script is an external file, never inline, so a site's
//     Content-Security-Policy of script-src 'self' does not block it. It
//     listens to Server-Sent Events at /_latticework/events: Reload makes
//     every open page reload, keeping its scroll position, and SetErrors
//     shows the build's problems in an overlay over the last good page, on
//     pages already open and pages opened later. Paths under /_latticework/
//     are reserved.
//   - Only GET and HEAD are allowed.
//   - Server answers only requests whose Host header is its own address,
//     localhost, 127.0.0.1 or [::1] with its port (any IP address, when it
//     listens on every interface), and refuses others with 421: a web page
//     cannot reach it through a name rebound to 127.0.0.1.
//   - Every response says X-Content-Type-Options: nosniff and
//     Referrer-Policy: no-referrer, and carries a Content-Security-Policy
//     header: an HTML page's own, from its <meta http-equiv>, with
//     frame-ancestors 'none' added (which a meta element cannot say); for
//     anything else, a policy that runs nothing (a PDF, only
//     frame-ancestors: the browser embeds its viewer).
//
// Browsers open at most six HTTP/1.1 connections to one host, and each
// open page holds one for live reload, so a seventh tab on the same site
// waits until another closes.
package serve

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Reserved paths. Everything under reservedPrefix belongs to the server, so
// that a site can never shadow the live-reload endpoints.
const (
	reservedPrefix = "/_latticework/"
	scriptPath     = reservedPrefix + "reload.js"
	eventsPath     = reservedPrefix + "events"
)

// Options configures a Handler or Server. The zero value is ready to use.
type Options struct {
	// Heartbeat is how often an idle live-reload stream gets a comment line,
	// so that proxies keep it open and a vanished browser is noticed.
	// Zero means 15 seconds.
	Heartbeat time.Duration
	// ShutdownTimeout bounds how long Server waits for requests in flight
	// when its context is canceled. Zero means 5 seconds.
	ShutdownTimeout time.Duration
	// Static serves the site as a production host would, for audits: no
	// live-reload script, and fingerprinted assets cached for good.
	Static bool
}

// Handler is the http.Handler of the development server. Create it with
// NewHandler; its methods are safe for concurrent use.
type Handler struct {
	root string
	live *hub
	opts Options
	gate atomic.Pointer[gate] // see Hold
}

// gate holds requests for pages until done is closed, but for the pages
// in except, by pagePath.
type gate struct {
	done   chan struct{}
	except map[string]bool
}

// Hold makes requests for HTML pages, but for those at the site paths in
// except (as Open returns them), wait until release is called. A rebuild
// that publishes the open pages before the others holds the others until
// they are written, so that no page is served out of date. release may
// be called more than once.
func (h *Handler) Hold(except []string) (release func()) {
	g := &gate{done: make(chan struct{}), except: map[string]bool{}}
	for _, p := range except {
		g.except[pagePath(p)] = true
	}
	h.gate.Store(g)
	var once sync.Once
	return func() {
		once.Do(func() {
			h.gate.CompareAndSwap(g, nil)
			close(g.done)
		})
	}
}

// wait waits while a request for a page is held (see Hold), and reports
// whether the client still wants it.
func (h *Handler) wait(r *http.Request) bool {
	g := h.gate.Load()
	if g == nil {
		return true
	}
	// Files other than pages (assets, images, the search index) are
	// published before the open pages.
	if ext := path.Ext(r.URL.Path); ext != "" && ext != ".html" || g.except[pagePath(r.URL.Path)] {
		return true
	}
	select {
	case <-g.done:
		return true
	case <-r.Context().Done():
		return false
	}
}

// NewHandler returns a Handler serving the site built in the directory
// root. The directory need not exist yet: until it does, every page is the
// built-in 404 page, which reloads once the site is built.
func NewHandler(root string, opts Options) *Handler {
	// An absolute path keeps serving the same directory if the process
	// changes its working directory.
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return &Handler{root: root, live: newHub(opts.Heartbeat), opts: opts}
}

// ServeHTTP serves the site, the live-reload script and its event stream.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// The development server must always show the latest build; as a
	// static host, files under /assets/ carry their content's hash.
	switch {
	case !h.opts.Static:
		w.Header().Set("Cache-Control", "no-store")
	case strings.HasPrefix(r.URL.Path, "/assets/"):
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	default:
		w.Header().Set("Cache-Control", "no-cache")
	}
	setSecurityHeaders(w.Header())

	name, dirSlash, ok := cleanPath(r)
	if !ok {
		http.Error(w, "400 bad request: path not allowed", http.StatusBadRequest)
		return
	}
	switch {
	case r.URL.Path == scriptPath:
		h.serveBody(w, r, "text/javascript; charset=utf-8", clientScript, http.StatusOK)
	case r.URL.Path == eventsPath:
		h.live.serveEvents(w, r)
	case strings.HasPrefix(r.URL.Path, reservedPrefix):
		h.notFound(w, r, nil)
	default:
		if h.wait(r) {
			h.serveSite(w, r, name, dirSlash)
		}
	}
}

// cleanPath checks the request path and returns the file name it asks for,
// relative to the root ("." for the root itself), and whether the path ended
// in a slash. ok is false for any path that could name something outside the
// root, in any spelling.
func cleanPath(r *http.Request) (name string, dirSlash, ok bool) {
	// The decoded path cannot tell "/a%2fb" from "/a/b"; the escaped one can.
	escaped := strings.ToLower(r.URL.EscapedPath())
	for _, bad := range []string{"%2f", "%5c", "%00"} {
		if strings.Contains(escaped, bad) {
			return "", false, false
		}
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false, false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return "", false, false
		}
	}
	name = strings.TrimPrefix(path.Clean(p), "/")
	if name == "" {
		name = "."
	}
	return name, strings.HasSuffix(p, "/"), true
}

// serveSite serves name from the site directory.
func (h *Handler) serveSite(w http.ResponseWriter, r *http.Request, name string, dirSlash bool) {
	// os.Root resolves every component and symbolic link inside the root
	// and refuses to leave it, so no lexical check can be fooled by a link.
	root, err := os.OpenRoot(h.root)
	if err != nil {
		h.notFound(w, r, nil)
		return
	}
	defer root.Close()

	fi, err := root.Stat(name)
	if err != nil {
		h.fileError(w, r, root, err)
		return
	}
	if fi.IsDir() {
		index := path.Join(name, "index.html")
		ifi, err := root.Stat(index)
		if err != nil || !ifi.Mode().IsRegular() {
			h.notFound(w, r, root)
			return
		}
		if !dirSlash {
			target := "/" + strings.TrimPrefix(name+"/", "./")
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			// 302, not 301: browsers cache permanent redirects, and during
			// development "guide" may yet become a file.
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		name, fi = index, ifi
	} else if dirSlash {
		h.notFound(w, r, root)
		return
	}
	if !fi.Mode().IsRegular() {
		// Opening a FIFO or device would block or read forever.
		http.Error(w, "403 forbidden: not a regular file", http.StatusForbidden)
		return
	}
	h.serveFile(w, r, root, name, fi, http.StatusOK)
}

// fileError answers a failed lookup of a file in the site.
func (h *Handler) fileError(w http.ResponseWriter, r *http.Request, root *os.Root, err error) {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		h.notFound(w, r, root)
		return
	}
	// Most likely a symbolic link leading out of the root.
	http.Error(w, "403 forbidden", http.StatusForbidden)
}

// notFound serves the site's 404.html with status 404, or a built-in page
// if the site has none: the 404.html of the path's first folder if it has
// one (a locale's, /zh/404.html), as static hosts that look for the
// nearest 404 page serve it. root may be nil when the site does not exist.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, root *os.Root) {
	if root != nil {
		names := []string{"404.html"}
		if first, _, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/"); ok && first != "" && !strings.HasPrefix(first, ".") {
			names = []string{first + "/404.html", "404.html"}
		}
		for _, name := range names {
			if fi, err := root.Stat(name); err == nil && fi.Mode().IsRegular() {
				h.serveFile(w, r, root, name, fi, http.StatusNotFound)
				return
			}
		}
	}
	// The built-in page is HTML so that it gets the reload script: a page
	// opened before it is written appears once it is built.
	page := []byte("<!doctype html>\n<meta charset=utf-8>\n<meta http-equiv=Content-Security-Policy content=\"default-src 'self'\">\n<title>404 page not found</title>\n<body><h1>404 page not found</h1></body>\n")
	h.serveBody(w, r, "text/html; charset=utf-8", h.inject(page), http.StatusNotFound)
}

// serveFile serves the regular file name with status code (200 or 404).
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, root *os.Root, name string, fi fs.FileInfo, code int) {
	f, err := root.Open(name)
	if err != nil {
		if code == http.StatusNotFound {
			http.Error(w, "404 page not found", code)
			return
		}
		h.fileError(w, r, root, err)
		return
	}
	defer f.Close()

	ctype := contentType(name)
	if isHTML(ctype) {
		// The body changes, so precompressed siblings no longer match it.
		body, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "500 internal server error: "+err.Error(), http.StatusInternalServerError)
			return
		}
		h.serveBody(w, r, ctype, h.inject(body), code)
		return
	}

	hdr := w.Header()
	hdr.Set("Content-Type", ctype)
	if ctype == "application/pdf" {
		hdr.Set("Content-Security-Policy", frameAncestors)
	}
	accept := r.Header.Get("Accept-Encoding")

	var offers []string
	for _, enc := range precompressedPreference {
		sfi, err := root.Stat(name + encodings[enc].ext)
		if err == nil && sfi.Mode().IsRegular() && !sfi.ModTime().Before(fi.ModTime()) {
			offers = append(offers, enc)
		}
	}
	compressible := isCompressible(ctype)
	if compressible || len(offers) > 0 {
		hdr.Add("Vary", "Accept-Encoding")
	}
	if enc := negotiate(accept, offers); enc != "" {
		if sf, err := root.Open(name + encodings[enc].ext); err == nil {
			defer sf.Close()
			hdr.Set("Content-Encoding", enc)
			// ServeContent handles HEAD, Range and conditional requests;
			// ranges then apply to the encoded bytes, as HTTP specifies.
			http.ServeContent(w, r, name, fi.ModTime(), sf)
			return
		}
	}
	if compressible && fi.Size() >= minCompressSize {
		if enc := negotiate(accept, onTheFlyPreference); enc != "" {
			hdr.Set("Content-Encoding", enc)
			w.WriteHeader(code)
			if r.Method == http.MethodHead {
				return
			}
			// Streamed without Content-Length or Range support, which
			// HTTP allows, rather than holding a large file in memory.
			zw := encodings[enc].newWriter(w)
			io.Copy(zw, f)
			zw.Close()
			return
		}
	}
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// serveBody serves body, compressing it if the client accepts it.
func (h *Handler) serveBody(w http.ResponseWriter, r *http.Request, ctype string, body []byte, code int) {
	hdr := w.Header()
	hdr.Set("Content-Type", ctype)
	if isHTML(ctype) {
		hdr.Set("Content-Security-Policy", pageCSP(body))
	}
	if isCompressible(ctype) {
		hdr.Add("Vary", "Accept-Encoding")
		if len(body) >= minCompressSize {
			if enc := negotiate(r.Header.Get("Accept-Encoding"), onTheFlyPreference); enc != "" {
				var buf bytes.Buffer
				zw := encodings[enc].newWriter(&buf)
				zw.Write(body)
				zw.Close()
				body = buf.Bytes()
				hdr.Set("Content-Encoding", enc)
			}
		}
	}
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// inject inserts the live-reload script element before the last </body>, or
// at the end of a page that has none.
func (h *Handler) inject(page []byte) []byte {
	if h.opts.Static {
		return page
	}
	tag := `<script src="` + scriptPath + `?v=` + h.live.token() + `" defer></script>`
	i := lastIndexFold(page, "</body")
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case. Lowercasing the
// page instead could change its length and so the index.
func lastIndexFold(s []byte, sub string) int {
	b := []byte(sub)
	for i := len(s) - len(b); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(b)], b) {
			return i
		}
	}
	return -1
}
