package serve

import (
	"bytes"
	"html"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	lex "github.com/tdewolff/parse/v2/html"
)

// The security headers of every response. A page's Content-Security-Policy
// is its own, read from its <meta http-equiv> (the layouts write it, with
// the hashes of the inline scripts), sent again as a header, where
// frame-ancestors takes effect: no other site may frame the preview.
// Anything else is no page of the site, and may run nothing (an SVG opened
// on its own could), except a PDF, whose viewer the browser embeds.
const (
	frameAncestors = "frame-ancestors 'none'"
	resourceCSP    = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; " + frameAncestors
)

// setSecurityHeaders sets the headers every response carries; serveBody
// replaces the CSP with the page's own for HTML.
func setSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	// The preview's addresses are nobody else's business.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", resourceCSP)
}

// pageCSP returns the policy of the HTML page: its <meta
// http-equiv="Content-Security-Policy"> in <head>, with frame-ancestors
// 'none' added unless it says otherwise. A page without one gets only
// frame-ancestors: the preview adds no policy the site did not choose.
func pageCSP(page []byte) string {
	policy := metaCSP(page)
	if strings.Contains(policy, "frame-ancestors") {
		return policy
	}
	if policy = strings.TrimRight(strings.TrimSpace(policy), ";"); policy == "" {
		return frameAncestors
	}
	return policy + "; " + frameAncestors
}

// metaCSP finds the page's Content-Security-Policy meta element, reading
// no further than the start of <body>.
func metaCSP(page []byte) string {
	in := parse.NewInputBytes(page)
	defer in.Restore()
	l := lex.NewLexer(in)
	var inMeta, isCSP bool
	var content string
	for {
		tt, _ := l.Next()
		switch tt {
		case lex.ErrorToken:
			return ""
		case lex.StartTagToken:
			name := bytes.ToLower(l.Text())
			if string(name) == "body" {
				return ""
			}
			inMeta, isCSP, content = string(name) == "meta", false, ""
		case lex.EndTagToken:
			if bytes.EqualFold(l.Text(), []byte("head")) {
				return ""
			}
		case lex.AttributeToken:
			if !inMeta {
				continue
			}
			val := string(l.AttrVal())
			if n := len(val); n >= 2 && (val[0] == '"' || val[0] == '\'') && val[n-1] == val[0] {
				val = val[1 : n-1]
			}
			val = html.UnescapeString(val)
			switch strings.ToLower(string(l.AttrKey())) {
			case "http-equiv":
				isCSP = strings.EqualFold(val, "content-security-policy")
			case "content":
				content = val
			}
		case lex.StartTagCloseToken, lex.StartTagVoidToken:
			if inMeta && isCSP {
				// A header value is one line.
				return strings.Join(strings.Fields(content), " ")
			}
			inMeta = false
		}
	}
}

// hostGuard refuses requests whose Host header is not an address of the
// preview: a page on another site whose name is made to resolve to
// 127.0.0.1 (DNS rebinding) could otherwise read the preview, or anything
// else on the port, as that site's own.
type hostGuard struct {
	next  http.Handler
	port  string
	hosts map[string]bool
	// anyIP accepts any IP address as the host, with the right port: the
	// server listens on every interface, and an address cannot be rebound.
	anyIP bool
	// canonical is the address to suggest.
	canonical string
}

// guardHosts wraps next in a hostGuard for a server listening on addr.
// Other than TCP listeners are left unguarded.
func guardHosts(addr net.Addr, next http.Handler) http.Handler {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return next
	}
	port := tcp.AddrPort().Port()
	g := &hostGuard{
		next:      next,
		port:      strconv.Itoa(int(port)),
		hosts:     map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true},
		anyIP:     tcp.IP.IsUnspecified(),
		canonical: addr.String(),
	}
	if g.anyIP {
		g.canonical = net.JoinHostPort("127.0.0.1", g.port)
		if name, err := os.Hostname(); err == nil {
			g.hosts[strings.ToLower(name)] = true
		}
	} else {
		g.hosts[tcp.IP.String()] = true
	}
	return g
}

func (g *hostGuard) allowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || port != g.port {
		return false
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if g.hosts[host] {
		return true
	}
	return g.anyIP && net.ParseIP(host) != nil
}

func (g *hostGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !g.allowed(r.Host) {
		setSecurityHeaders(w.Header())
		http.Error(w, "421 misdirected request: this preview answers only at http://"+g.canonical+"/ (or localhost with its port)", http.StatusMisdirectedRequest)
		return
	}
	g.next.ServeHTTP(w, r)
}
