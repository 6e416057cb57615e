package build

import (
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/latticework/latticework/internal/config"
	"github.com/latticework/latticework/internal/content"
)

// sources is the site's folder as the dev server reads it: the files and
// folder listings under content/ and the locales' folder (i18n/), which
// every rebuild reads whole, are kept as the last run read them, and read
// again once the watcher names them (forget). Reading 1,000 pages costs
// more than the rest of a rebuild that re-renders none of them. The kept
// bytes are shared: nothing that reads a page's source changes it.
type sources struct {
	fs.FS
	mu    sync.Mutex
	files map[string][]byte
	dirs  map[string][]fs.DirEntry
}

func newSources(site fs.FS) *sources {
	return &sources{FS: site, files: map[string][]byte{}, dirs: map[string][]fs.DirEntry{}}
}

// kept reports whether name is kept once read.
func (s *sources) kept(name string) bool {
	return strings.HasPrefix(name, content.Dir+"/") || name == content.Dir ||
		strings.HasPrefix(name, config.I18nDir+"/") || name == config.I18nDir
}

func (s *sources) ReadFile(name string) ([]byte, error) {
	if !s.kept(name) {
		return fs.ReadFile(s.FS, name)
	}
	s.mu.Lock()
	data, ok := s.files[name]
	s.mu.Unlock()
	if ok {
		return data, nil
	}
	data, err := fs.ReadFile(s.FS, name)
	if err == nil {
		s.mu.Lock()
		s.files[name] = data
		s.mu.Unlock()
	}
	return data, err
}

func (s *sources) ReadDir(name string) ([]fs.DirEntry, error) {
	if !s.kept(name) {
		return fs.ReadDir(s.FS, name)
	}
	s.mu.Lock()
	entries, ok := s.dirs[name]
	s.mu.Unlock()
	if ok {
		return entries, nil
	}
	entries, err := fs.ReadDir(s.FS, name)
	if err == nil {
		s.mu.Lock()
		s.dirs[name] = entries
		s.mu.Unlock()
	}
	return entries, err
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
		return
	}
	for _, name := range changed {
		name = path.Clean(name)
		for f := range s.files {
			if f == name || strings.HasPrefix(f, name+"/") {
				delete(s.files, f)
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
