package serve

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// serveReal runs a Server on the site root on a free port of 127.0.0.1
// until the test ends, and returns its address.
func serveReal(t *testing.T, root string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(root, Options{}).Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// withHost makes a GET request to addr with the Host header host.
func withHost(t *testing.T, addr, path, host string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := rawClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		body.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{resp, []byte(body.String())}
}

// TestHostCheck: over real HTTP, the server answers only to its own
// address, with its port; any other Host (a name rebound to 127.0.0.1 by
// a page the developer visits) gets 421, on pages and live reload alike.
func TestHostCheck(t *testing.T) {
	addr := serveReal(t, site(t))
	_, port, _ := net.SplitHostPort(addr)
	for _, host := range []string{addr, "localhost:" + port, "LocalHost:" + port, "localhost.:" + port, "[::1]:" + port} {
		if r := withHost(t, addr, "/", host); r.StatusCode != http.StatusOK {
			t.Errorf("Host %s: %d, want 200", host, r.StatusCode)
		}
	}
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.1", "localhost", "127.0.0.1:1", "127.0.0.2:" + port, "192.168.1.20:" + port, "localhost.evil.example:" + port} {
		for _, path := range []string{"/", "/notes.txt", "/_latticework/events"} {
			r := withHost(t, addr, path, host)
			if r.StatusCode != http.StatusMisdirectedRequest {
				t.Errorf("Host %s, %s: %d, want 421", host, path, r.StatusCode)
				continue
			}
			if !strings.Contains(string(r.body), "answers only at http://"+addr+"/") {
				t.Errorf("Host %s: body %q does not say where the preview is", host, r.body)
			}
			if strings.Contains(string(r.body), "Home") || strings.Contains(string(r.body), "notes") {
				t.Errorf("Host %s: refused, but the body holds the site", host)
			}
		}
	}
}

// TestHostCheckEveryInterface: listening on every interface (-addr
// 0.0.0.0), any IP address and the machine's name are the server's own,
// names of other hosts are not.
func TestHostCheckEveryInterface(t *testing.T) {
	g := guardHosts(&net.TCPAddr{IP: net.IPv4zero, Port: 1313}, nil).(*hostGuard)
	name, _ := os.Hostname()
	for host, want := range map[string]bool{
		"192.168.1.20:1313":        true,
		"[fe80::1]:1313":           true,
		"localhost:1313":           true,
		name + ":1313":             name != "",
		"192.168.1.20:80":          false,
		"192.168.1.20":             false,
		"evil.example:1313":        false,
		"192.168.1.20.nip.io:1313": false,
	} {
		if got := g.allowed(host); got != want {
			t.Errorf("allowed(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestSecurityHeaders: over real HTTP, every response carries the
// security headers, and an HTML page's CSP header is its own meta policy
// with frame-ancestors added.
func TestSecurityHeaders(t *testing.T) {
	root := site(t)
	policy := `default-src 'self'; script-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; img-src 'self' data:`
	page := `<!doctype html><html><head><meta charset=utf-8><meta http-equiv="Content-Security-Policy" content="` +
		strings.ReplaceAll(policy, "'", "&#39;") + `"><title>CSP</title></head><body><p>x</p></body></html>`
	if err := os.WriteFile(filepath.Join(root, "csp.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	// A meta element in the body is not the page's policy.
	late := `<!doctype html><body><meta http-equiv="Content-Security-Policy" content="default-src *"></body>`
	if err := os.WriteFile(filepath.Join(root, "late.html"), []byte(late), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "doc.pdf"), []byte("%PDF-1.4"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := serveReal(t, root)
	for path, want := range map[string]string{
		"/doc.pdf":                "frame-ancestors 'none'", // the browser's viewer must run
		"/csp.html":               policy + "; frame-ancestors 'none'",
		"/late.html":              "frame-ancestors 'none'",
		"/":                       "frame-ancestors 'none'",
		"/app.js":                 resourceCSP,
		"/logo.svg":               resourceCSP,
		"/_latticework/reload.js": resourceCSP,
		"/nowhere":                "frame-ancestors 'none'", // the site's 404.html
		"/guide":                  resourceCSP,              // a redirect
		"/leak.txt":               resourceCSP,              // refused
		"/a%2fb":                  resourceCSP,              // refused
	} {
		r := withHost(t, addr, path, addr)
		if got := r.Header.Get("Content-Security-Policy"); got != want {
			t.Errorf("%s (%d): Content-Security-Policy %q, want %q", path, r.StatusCode, got, want)
		}
		if got := r.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("%s: Referrer-Policy %q", path, got)
		}
		if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
	}
	// And on a refused host.
	r := withHost(t, addr, "/", "evil.example")
	if !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || r.Header.Get("Referrer-Policy") == "" {
		t.Errorf("421 response lacks the security headers: %v", r.Header)
	}
}

func TestBuiltinNotFoundPolicy(t *testing.T) {
	addr := serveReal(t, filepath.Join(t.TempDir(), "not-built-yet"))
	r := withHost(t, addr, "/", addr)
	if got := r.Header.Get("Content-Security-Policy"); r.StatusCode != 404 || got != "default-src 'self'; frame-ancestors 'none'" {
		t.Errorf("built-in 404 page: %d, Content-Security-Policy %q", r.StatusCode, got)
	}
}
