package build

import (
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/content"
	"github.com/latticework/latticework/internal/diag"
)

// sources is the site's folder as the dev server reads it: the files and
// folder listings under content/ and the locales' folder (i18n/), which
// every rebuild reads whole, are kept as the last run read them, and read
// again once the watcher names them (forget). Reading 1,000 pages costs
// more than the rest of a rebuild that re-renders none of them. The kept
// bytes are shared: nothing that reads a page's source changes it.
//
// It is the dev server's content.Sources too: the pages loaded from kept
// files without problems are kept as loaded, so that a rebuild parses
// only the pages the watcher named.
type sources struct {
	fs.FS
	mu    sync.Mutex
	files map[string][]byte
	dirs  map[string][]fs.DirEntry
	pages map[string]*content.Page // by file, while files holds it
}

func newSources(site fs.FS) *sources {
	return &sources{FS: site, files: map[string][]byte{}, dirs: map[string][]fs.DirEntry{}, pages: map[string]*content.Page{}}
}

// Known returns a copy of the page at file as it was loaded, if its file
// was not changed since. Loading leaves a page's fields as they are but
// for its Path and Untranslated (see content.Translate), which the copy
// keeps apart.
func (s *sources) Known(file string, _ fs.FileInfo) *content.Page {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pages[file]
	if !ok {
		return nil
	}
	cp := *p
	return &cp
}

// Loaded keeps a copy of a page loaded without problems from a kept file:
// a page with problems is loaded again, and reports them, every time.
func (s *sources) Loaded(p *content.Page, _ fs.FileInfo, problems []*diag.Error) {
	if len(problems) > 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.files[p.File()]; ok {
		cp := *p
		s.pages[p.File()] = &cp
	}
}

// kept reports whether name is kept once read.
func (s *sources) kept(name string) bool {
	return strings.HasPrefix(name, content.Dir+"/") || name == content.Dir ||
		strings.HasPrefix(name, config.I18nDir+"/") || name == config.I18nDir
}

func (s *sources) ReadFile(name string) ([]byte, error) {
	return keptRead(s, s.files, name, fs.ReadFile)
}

func (s *sources) ReadDir(name string) ([]fs.DirEntry, error) {
	return keptRead(s, s.dirs, name, fs.ReadDir)
}

// keptRead returns what read gives for name, from m if it is kept there,
// keeping it in m if it is kept at all.
func keptRead[T any](s *sources, m map[string]T, name string, read func(fs.FS, string) (T, error)) (T, error) {
	if !s.kept(name) {
		return read(s.FS, name)
	}
	s.mu.Lock()
	v, ok := m[name]
	s.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := read(s.FS, name)
	if err == nil {
		s.mu.Lock()
		m[name] = v
		s.mu.Unlock()
	}
	return v, err
}

func (s *sources) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.FS, name) }

// forget drops what is kept of the files and folders named (created,
// changed or deleted), what is under them, and the listings of the
// folders that hold them; nil drops everything.
func (s *sources) forget(changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if changed == nil {
		clear(s.files)
		clear(s.dirs)
		clear(s.pages)
		return
	}
	for _, name := range changed {
		name = path.Clean(name)
		for f := range s.files {
			if f == name || strings.HasPrefix(f, name+"/") {
				delete(s.files, f)
				delete(s.pages, f)
			}
		}
		for d := range s.dirs {
			if d == name || strings.HasPrefix(d, name+"/") {
				delete(s.dirs, d)
			}
		}
		for d := path.Dir(name); ; d = path.Dir(d) {
			delete(s.dirs, d)
			if d == "." || d == "/" {
				break
			}
		}
	}
}
