// Package publish is the pipeline's last stage: every output file passes
// through one Write, which minifies it by type and writes it into a
// staging folder beside the output; Replace (or Commit) then swaps the
// staging folder into place. A failed build never touches the last good
// output.
package publish

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies output by media type. One serves the whole build.
type Minifier struct {
	m *minify.M
	// templates minifies HTML templates' sources, keeping their actions.
	templates *minify.M
}

// NewMinifier returns a Minifier for HTML (with inline JSON-LD), CSS, JS,
// JSON, SVG and XML.
func NewMinifier() *Minifier {
	m := minify.New()
	page := html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true}
	m.Add("text/html", &page)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	// JSON-LD blocks inside pages and exercise definitions are JSON too.
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(.+\+)?json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	t := minify.New()
	tmpl := page
	tmpl.TemplateDelims = html.GoTemplateDelims
	t.Add("text/html", &tmpl)
	return &Minifier{m: m, templates: t}
}

// Template minifies the source of an HTML template (html/template), as
// Minify would minify its output. Minifying the templates once, instead
// of every page they lay out, leaves the article bodies as goldmark
// wrote them: compact already, apart from a newline between blocks.
func (m *Minifier) Template(src []byte) ([]byte, error) {
	return m.templates.Bytes("text/html", src)
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "text/javascript",
	".mjs":  "text/javascript",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "application/xml",
}

// Minify returns data minified for the file name's type, or data itself
// for types it does not minify.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if !ok || m == nil {
		return data, nil
	}
	out, err := m.m.Bytes(mt, data)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return out, nil
}

// Fingerprint returns name with a hash of data before its extension
// ("site.css" → "site.3f2a9c1e.css"), so the file can be cached forever.
func Fingerprint(name string, data []byte) string {
	return FingerprintSum(name, sha256.Sum256(data))
}

// FingerprintSum is Fingerprint for data whose SHA-256 is already known.
func FingerprintSum(name string, sum [32]byte) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}

// Output writes a build into a staging folder beside its destination.
type Output struct {
	dest    string
	staging string
	lock    io.Closer // on staging, until Replace or Close
	min     *Minifier
	dirs    sync.Map // folders of the staging folder made so far
	// reuse, if set, lets files the last builds wrote stand (see
	// StageReusing).
	reuse *reuse
}

// Stage creates an empty staging folder for the output folder dest, after
// removing those that killed builds left behind (see staging.go).
func Stage(dest string, min *Minifier) (*Output, error) {
	dest = filepath.Clean(dest)
	removeAbandoned(dest)
	staging, lock, err := newStaging(dest)
	if err != nil {
		return nil, err
	}
	return &Output{dest: dest, staging: staging, lock: lock, min: min}, nil
}

// Dir is the staging folder being written; a build that fails closes the
// Output and removes the folder (Remove), which leaves dest as it was.
func (o *Output) Dir() string { return o.staging }

// Close gives up the staging folder: from then on, the next Stage
// removes it if it is still there.
func (o *Output) Close() error {
	if o.lock == nil {
		return nil
	}
	err := o.lock.Close()
	o.lock = nil
	return err
}

// Write minifies data by the type of name (a slash-separated path inside
// the site) and writes it.
func (o *Output) Write(name string, data []byte) error {
	data, err := o.min.Minify(name, data)
	if err != nil {
		return err
	}
	return o.WriteRaw(name, data)
}

// WriteRaw writes data as it is (binary files, precompressed variants).
func (o *Output) WriteRaw(name string, data []byte) error {
	p := o.path(name)
	var key fileKey
	if o.reuse != nil {
		if key = DataKey(data); o.Reuse(name, key) {
			return nil
		}
	}
	f, err := o.create(p)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && o.reuse != nil {
		o.written(name, f, &key)
	}
	return errors.Join(err, f.Close())
}

// create creates the file p, making its folder: a new file, where the
// staging folder may share the file at p with the current output.
func (o *Output) create(p string) (*os.File, error) {
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return nil, err
	}
	if o.reuse != nil && o.reuse.have != nil {
		_ = os.Remove(p)
	}
	return createFile(p)
}

// Create returns a writer for the file name, written as it is, for a
// file streamed out as it is made: a page goes to disk through a small
// buffer instead of being held whole. Close finishes the file.
func (o *Output) Create(name string) (io.WriteCloser, error) {
	f, err := o.create(o.path(name))
	if err != nil {
		return nil, err
	}
	w := buffers.Get().(*bufio.Writer)
	w.Reset(f)
	return &file{f: f, w: w, o: o, name: name}, nil
}

// buffers are the write buffers of files being created, one per page
// being rendered at a time.
var buffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// file is a file being created through a pooled buffer.
type file struct {
	f    *os.File
	w    *bufio.Writer
	o    *Output
	name string
}

func (f *file) Write(p []byte) (int, error) { return f.w.Write(p) }

func (f *file) Close() error {
	ferr := f.w.Flush()
	if ferr == nil && f.o.reuse != nil {
		f.o.written(f.name, f.f, nil)
	}
	err := errors.Join(ferr, f.f.Close())
	f.w.Reset(nil)
	buffers.Put(f.w)
	return err
}

// mkdir makes dir and its parents, once: a site has a folder per page,
// and asking the file system again for each file's parents costs a
// system call per level.
func (o *Output) mkdir(dir string) error {
	if _, ok := o.dirs.Load(dir); ok || dir == o.staging {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err = o.mkdir(filepath.Dir(dir)); err == nil {
			err = os.Mkdir(dir, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	o.dirs.Store(dir, true)
	return nil
}

// Commit puts the staging folder in dest's place in one step where the
// system allows it, and removes the previous output.
func (o *Output) Commit() error {
	old, err := o.Replace()
	if err != nil {
		return err
	}
	return Remove(old)
}

// Replace puts the staging folder in dest's place, as Commit does, and
// returns the folder now holding the previous output ("" if there was
// none) for the caller to Remove: the new output can be served while the
// old one's files are deleted.
func (o *Output) Replace() (string, error) {
	if o.reuse != nil {
		o.finish()
	}
	old, err := swap(o.staging, o.dest)
	if err == nil && o.reuse != nil {
		old = o.replaced(old)
	}
	o.Close()
	if err != nil {
		return "", fmt.Errorf("publish %s: %w", o.dest, err)
	}
	return old, nil
}

// Minify minifies data by the type of name, as Write would.
func (o *Output) Minify(name string, data []byte) ([]byte, error) { return o.min.Minify(name, data) }

// Memory holds the files of an incremental build until it has succeeded;
// Flush then writes them into the live output, each file replaced whole.
type Memory struct {
	Min   *Minifier
	mu    sync.Mutex
	files map[string][]byte
}

// Write minifies data by the type of name and keeps it.
func (m *Memory) Write(name string, data []byte) error {
	data, err := m.Min.Minify(name, data)
	if err != nil {
		return err
	}
	return m.WriteRaw(name, data)
}

// WriteRaw keeps data as it is.
func (m *Memory) WriteRaw(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[path.Clean("/"+name)] = data
	return nil
}

// Minify minifies data by the type of name, as Write would.
func (m *Memory) Minify(name string, data []byte) ([]byte, error) { return m.Min.Minify(name, data) }

// Create returns a writer whose content is kept, as it is, on Close.
func (m *Memory) Create(name string) (io.WriteCloser, error) {
	return &memFile{m: m, name: name}, nil
}

type memFile struct {
	bytes.Buffer
	m    *Memory
	name string
}

func (f *memFile) Close() error { return f.m.WriteRaw(f.name, f.Bytes()) }

// Flush writes the kept files into dest, each with ReplaceFile.
func (m *Memory) Flush(dest string) error {
	for name, data := range m.files {
		if err := ReplaceFile(filepath.Join(dest, filepath.FromSlash(name)), data); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceFile writes data to the file p beside it and renames it into
// place, so a reader (the dev server) never sees half a file. p's folder
// is made if it is missing.
func ReplaceFile(p string, data []byte) error {
	dir := filepath.Dir(p)
	tmp, err := createTemp(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			tmp, err = createTemp(dir)
		}
	}
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return nil
}

// createTemp creates a new file in dir to be renamed into place, with the
// mode of every published file, 0644 less the umask (os.CreateTemp's is
// 0600).
func createTemp(dir string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, ".tmp-"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no free temporary name in %s", dir)
}

// Discard accepts files and keeps nothing: a build that only checks.
type Discard struct{}

// Write discards data.
func (Discard) Write(string, []byte) error { return nil }

// WriteRaw discards data.
func (Discard) WriteRaw(string, []byte) error { return nil }

// Minify returns data unchanged: nothing is published.
func (Discard) Minify(_ string, data []byte) ([]byte, error) { return data, nil }

// Create returns a writer that keeps nothing.
func (Discard) Create(string) (io.WriteCloser, error) { return discard{}, nil }

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }
