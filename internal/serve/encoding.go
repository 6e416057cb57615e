package serve

import (
	"compress/gzip"
	"io"
	"mime"
	"path"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// contentTypes fixes the types a site relies on, so that serving does not
// depend on the machine's MIME tables (which, for example, often lack
// application/wasm, and on some systems map .js to text/plain).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml",
	".rss":         "application/rss+xml",
	".atom":        "application/atom+xml",
	".xsl":         "application/xml",
	".svg":         "image/svg+xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".wasm":        "application/wasm",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".mp3":         "audio/mpeg",
	".gz":          "application/gzip",
	".br":          "application/octet-stream",
	".zip":         "application/zip",
}

// contentType returns the Content-Type for a file name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func isHTML(ctype string) bool {
	return strings.HasPrefix(ctype, "text/html")
}

// isCompressible reports whether compressing a response of type ctype is
// worth it: text, and the binary formats that are not compressed already.
func isCompressible(ctype string) bool {
	t, _, _ := strings.Cut(ctype, ";")
	t = strings.TrimSpace(t)
	switch {
	case strings.HasPrefix(t, "text/"),
		strings.HasSuffix(t, "+json"), strings.HasSuffix(t, "+xml"),
		t == "application/json", t == "application/xml",
		t == "application/javascript", t == "application/wasm",
		t == "image/vnd.microsoft.icon", t == "font/ttf", t == "font/otf":
		return true
	}
	return false
}

// minCompressSize is the size under which compressing gains nothing: the
// encoding's own framing eats the saving.
const minCompressSize = 1024

// encoding is a content coding the server can produce.
type encoding struct {
	ext       string // of a precompressed sibling file
	newWriter func(io.Writer) io.WriteCloser
}

var encodings = map[string]encoding{
	"br": {".br", func(w io.Writer) io.WriteCloser {
		// Every response is compressed anew, so speed beats size here.
		return brotli.NewWriterLevel(w, 4)
	}},
	"gzip": {".gz", func(w io.Writer) io.WriteCloser {
		return gzip.NewWriter(w)
	}},
}

// Which encoding to use when the client accepts several equally. Brotli is
// smaller, so a precompressed .br wins; on the fly gzip wins because it is
// several times faster to produce in Go.
var (
	precompressedPreference = []string{"br", "gzip"}
	onTheFlyPreference      = []string{"gzip", "br"}
)

// negotiate returns the coding among offers (in preference order) that the
// Accept-Encoding header accepts with the highest quality, or "" if it
// accepts none (then the identity coding is used).
func negotiate(header string, offers []string) string {
	if header == "" || len(offers) == 0 {
		return ""
	}
	q := map[string]float64{}
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		quality := 1.0
		for param := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					quality = f
				} else {
					quality = 0
				}
			}
		}
		if name == "x-gzip" {
			name = "gzip"
		}
		q[name] = quality
	}
	best, bestQ := "", 0.0
	for _, enc := range offers {
		v, ok := q[enc]
		if !ok {
			v = q["*"] // zero if absent
		}
		if v > bestQ {
			best, bestQ = enc, v
		}
	}
	return best
}
