package serve

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latticework/latticework/internal/diag"
)

// clientScript is served at scriptPath. It is a file of its own, not an
// inline script, so that a page's Content-Security-Policy allows it.
//
//go:embed reload.js
var clientScript []byte

const defaultHeartbeat = 15 * time.Second

// Reload makes every open page reload. Call it after each successful
// rebuild.
func (h *Handler) Reload() { h.live.reload() }

// Open returns the site paths of the pages open in browsers (as
// "/docs/a/"), as their live-reload streams name them: what a rebuild
// lays out first (see Hold).
func (h *Handler) Open() []string { return h.live.open() }

// SetErrors shows errs in an overlay on every open page, and on every page
// opened until the next call; SetErrors(nil) removes the overlay. Call it
// after each build: with the build's problems when it failed (the last good
// site stays served underneath), and with nil or only warnings when it
// succeeded, before Reload.
func (h *Handler) SetErrors(errs []*diag.Error) { h.live.setErrors(errs) }

// Close ends every live-reload stream and refuses new ones. An http.Server
// waits for streams to end before it shuts down, so call Close first; Server
// does this by itself.
func (h *Handler) Close() { h.live.close() }

// hub keeps track of the live-reload streams and what they must be told.
type hub struct {
	heartbeat time.Duration
	// instance tells this server process from the previous one, so that a
	// page served by the previous one reloads when it reconnects.
	instance string
	done     chan struct{} // closed by close

	mu      sync.Mutex
	gen     uint64 // number of Reload calls
	errs    []byte // current problems as a JSON array; "[]" when none
	clients map[*client]struct{}
	closed  bool
}

// A client is one open event stream. Notifications are merged rather than
// queued, so a slow browser never holds up a broadcast and never misses the
// latest state.
type client struct {
	wake chan struct{} // capacity 1: "something is pending"
	// page is the site path of the page the stream is open on, as the
	// script names it ("/docs/a/"); "" if unknown.
	page string

	// Guarded by hub.mu.
	reload bool
	errs   []byte // non-nil when an errors event is pending
}

func newHub(heartbeat time.Duration) *hub {
	if heartbeat <= 0 {
		heartbeat = defaultHeartbeat
	}
	return &hub{
		heartbeat: heartbeat,
		instance:  strconv.FormatInt(time.Now().UnixNano(), 36),
		done:      make(chan struct{}),
		errs:      []byte("[]"),
		clients:   make(map[*client]struct{}),
	}
}

// token identifies the current build of the current server process. Pages
// carry the token they were served with; a page whose token differs from
// the one the event stream announces is out of date and reloads. This closes
// the gap between serving a page and its stream connecting, during which a
// Reload would otherwise be missed.
func (hb *hub) token() string {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	return hb.tokenLocked()
}

func (hb *hub) tokenLocked() string {
	return hb.instance + "." + strconv.FormatUint(hb.gen, 36)
}

func (hb *hub) reload() {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	hb.gen++
	for c := range hb.clients {
		c.reload = true
		c.notify()
	}
}

// overlayError is the JSON form of a diag.Error that the client script
// reads.
type overlayError struct {
	// Pos is "file:line:col" exactly as the terminal shows it.
	Pos     string `json:"pos"`
	Col     int    `json:"col,omitempty"`
	Msg     string `json:"msg"`
	Source  string `json:"source,omitempty"`
	Warning bool   `json:"warning,omitempty"`
}

func (hb *hub) setErrors(errs []*diag.Error) {
	list := make([]overlayError, 0, len(errs))
	for _, e := range errs {
		if e == nil {
			continue
		}
		list = append(list, overlayError{
			Pos: e.Pos.String(), Col: e.Col, Msg: e.Msg, Source: e.Source, Warning: e.Warning,
		})
	}
	// Marshaling plain strings and ints cannot fail. The result has no
	// newline, which an event's data line must not contain.
	data, _ := json.Marshal(list)

	hb.mu.Lock()
	defer hb.mu.Unlock()
	hb.errs = data
	for c := range hb.clients {
		c.errs = data
		c.notify()
	}
}

func (hb *hub) close() {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	if !hb.closed {
		hb.closed = true
		close(hb.done)
	}
}

// count returns the number of open streams.
func (hb *hub) count() int {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	return len(hb.clients)
}

// open returns the site paths of the pages open streams are on, sorted.
func (hb *hub) open() []string {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	var pages []string
	for c := range hb.clients {
		if c.page != "" {
			pages = append(pages, c.page)
		}
	}
	slices.Sort(pages)
	return slices.Compact(pages)
}

// pagePath cleans the site path of a page as a client names it, keeping
// a final slash, and as "/docs/a/" for "/docs/a/index.html"; "" if it is
// not one.
func pagePath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00?#") {
		return ""
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	// A folder's page, as a link to its index.html names it.
	if before, ok := strings.CutSuffix(clean, "/index.html"); ok {
		clean = before + "/"
	}
	return clean
}

func (c *client) notify() {
	select {
	case c.wake <- struct{}{}:
	default: // already pending
	}
}

// serveEvents streams Server-Sent Events to one page until the page goes
// away or the hub closes. On connect it sends the server's token and the
// current problems, so that a page opened while the build is broken shows
// the overlay, and a page from before a restart clears a stale one.
func (hb *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}

	c := &client{wake: make(chan struct{}, 1), page: pagePath(r.URL.Query().Get("page"))}
	hb.mu.Lock()
	if hb.closed {
		hb.mu.Unlock()
		// Not 204, which tells EventSource never to reconnect.
		http.Error(w, "503 server shutting down", http.StatusServiceUnavailable)
		return
	}
	token, errs := hb.tokenLocked(), hb.errs
	hb.clients[c] = struct{}{}
	hb.mu.Unlock()
	defer func() {
		hb.mu.Lock()
		delete(hb.clients, c)
		hb.mu.Unlock()
	}()

	rc := http.NewResponseController(w)
	// A WriteTimeout set on the http.Server would cut the stream.
	rc.SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)

	// retry makes the browser reconnect quickly after a server restart.
	if !send(w, rc, "retry: 1000\n\nevent: hello\ndata: "+token+"\n\nevent: errors\ndata: "+string(errs)+"\n\n") {
		return
	}

	heartbeat := time.NewTicker(hb.heartbeat)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-hb.done:
			return
		case <-heartbeat.C:
			if !send(w, rc, ": ping\n\n") {
				return
			}
		case <-c.wake:
			hb.mu.Lock()
			reload, errs, token := c.reload, c.errs, hb.tokenLocked()
			c.reload, c.errs = false, nil
			hb.mu.Unlock()
			var msg string
			// Errors first: if both are pending, the reloaded page fetches
			// the problems again anyway.
			if errs != nil {
				msg += "event: errors\ndata: " + string(errs) + "\n\n"
			}
			if reload {
				msg += "event: reload\ndata: " + token + "\n\n"
			}
			if !send(w, rc, msg) {
				return
			}
		}
	}
}

// send writes msg and flushes it, and reports whether the page is still
// listening.
func send(w http.ResponseWriter, rc *http.ResponseController, msg string) bool {
	if _, err := w.Write([]byte(msg)); err != nil {
		return false
	}
	return rc.Flush() == nil
}
