// Package sitefs opens a site folder as the one file system every stage of
// a build reads, confined to that folder: no file whose real path lies
// outside it is ever read, so none can be published or served.
//
// A site's files come from strangers' pull requests, and a pull request can
// hold a symbolic link as easily as a file. Confinement is os.Root's: every
// path, and every link on it, is resolved inside the folder, and anything
// that would leave it fails to open. What this package adds is the error an
// author can act on, at the link's path and naming its target.
//
// The rules, as authors see them:
//
//   - A relative link to a file inside the site works as a copy of that file
//     (content/docs/logo.png → ../../static/logo.png).
//   - A link whose target is absolute, or leads out of the site through
//     "..", is an error, even when an absolute target happens to lie inside
//     the site: the build must not depend on where the site was checked out.
//   - A link to a folder inside content/ or static/ is an error: those are
//     walked, never followed through links, so nothing is read twice or in
//     a loop. The folders a build opens by name (content/, static/,
//     layouts/, exercises/) may themselves be links within the site.
//   - A link to nothing is an error naming its missing target.
package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// FS is a site folder opened for reading, confined to the folder. It
// implements fs.FS, fs.ReadFileFS, fs.ReadDirFS, fs.StatFS and
// fs.ReadLinkFS, and is safe for concurrent use.
type FS struct {
	root *os.Root
	fsys fs.FS
	// fast reads files with no link on their path in fewer system calls
	// than root, where the system allows it (see fastRead); nil where not.
	fast *fastReader
	// dirs are the folder's absolute path as given and with its links
	// resolved, to tell an absolute link into the site from one out of it.
	dirs []string
}

// The FS interfaces the build's stages use, each with its own error.
var _ interface {
	fs.ReadFileFS
	fs.ReadDirFS
	fs.StatFS
	fs.ReadLinkFS
} = (*FS)(nil)

// Open opens the site folder dir. The folder itself may be reached
// through a link; only what lies inside it is confined.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	f := &FS{root: root, fsys: root.FS(), fast: newFastReader(root)}
	if abs, err := filepath.Abs(dir); err == nil {
		f.dirs = append(f.dirs, abs)
		if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
			f.dirs = append(f.dirs, real)
		}
	}
	return f, nil
}

// Close releases the folder.
func (f *FS) Close() error {
	f.fast.close()
	return f.root.Close()
}

// Open opens the named file, as fs.FS.
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	return file, f.explain(name, err)
}

// ReadFile reads the named file, as fs.ReadFileFS.
func (f *FS) ReadFile(name string) ([]byte, error) { return f.ReadFileInto(name, nil) }

// ReadFileInto reads the named file as ReadFile does, into buf's memory
// when the file fits in it.
func (f *FS) ReadFileInto(name string, buf []byte) ([]byte, error) {
	if data, ok := f.fast.read(name, buf); ok {
		return data, nil
	}
	data, err := fs.ReadFile(f.fsys, name)
	return data, f.explain(name, err)
}

// ReadDir reads the named folder, as fs.ReadDirFS. Links among its
// entries are listed as links, whatever they point to.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.fsys, name)
	return entries, f.explain(name, err)
}

// Stat describes the named file, as fs.StatFS.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(f.fsys, name)
	return fi, f.explain(name, err)
}

// ReadLink returns the target of the link name, as fs.ReadLinkFS.
func (f *FS) ReadLink(name string) (string, error) {
	return f.fsys.(fs.ReadLinkFS).ReadLink(name)
}

// Lstat describes name without following a final link, as fs.ReadLinkFS.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	return f.fsys.(fs.ReadLinkFS).Lstat(name)
}

// LinkError is a symbolic link in the site that a build does not follow.
// Its Error is the message for the author, who sees it after the path the
// build tried to read (Name), as "file: message": the link is named again
// only when it is one of the folders on that path.
type LinkError struct {
	// Name is the path that was read, Link the link's path in the site,
	// Target what it points to, as written in the link.
	Name, Link, Target string
	// Why is what is wrong with it and what to do.
	Why string
	// Err is the error opening through the link reported.
	Err error
}

func (e *LinkError) Error() string {
	msg := "symbolic link to " + e.Target + ", " + e.Why
	if e.Link != e.Name {
		msg = e.Link + " is a " + msg
	}
	return msg
}

func (e *LinkError) Unwrap() error { return e.Err }

// Reasons a link is not followed.
const (
	whyOutside  = "outside the site folder: a build reads only the site's own files; copy what it points to into the site instead of linking to it"
	whyAbsolute = "an absolute path: links are followed only when relative and inside the site folder; make it relative (ln -sr)"
	whyFolder   = "a folder: a build follows links to files only, so nothing is read twice or in a loop; move the folder here, or link its files one by one"
	whyMissing  = "which does not exist: fix or delete the link"
)

// explain turns an error opening name into a LinkError when a link on
// name's path is the cause, and returns err unchanged otherwise. It costs
// nothing on success: only a failed open looks at the links.
func (f *FS) explain(name string, err error) error {
	if err == nil {
		return nil
	}
	if e := f.badLink(name, err, 0); e != nil {
		e.Name = name
		return e
	}
	return err
}

// badLink finds the link on name's path that makes opening it fail, if
// there is one, following links within the site up to depth 40 (as
// Linux does) to find one that leaves it.
func (f *FS) badLink(name string, err error, depth int) *LinkError {
	if depth > 40 || !fs.ValidPath(name) || name == "." {
		return nil
	}
	parts := strings.Split(name, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		fi, lerr := f.root.Lstat(p)
		if lerr != nil {
			return nil
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		target, rerr := f.root.Readlink(p)
		if rerr != nil {
			return nil
		}
		e := &LinkError{Link: p, Target: target, Err: err}
		if path.IsAbs(target) || strings.HasPrefix(target, `\`) {
			e.Why = whyOutside
			if f.inside(target) {
				e.Why = whyAbsolute
			}
			return e
		}
		resolved := path.Join(path.Dir(p), target)
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			e.Why = whyOutside
			return e
		}
		// Inside, by its spelling: perhaps through further links.
		rest := strings.Join(parts[i+1:], "/")
		next := resolved
		if rest != "" {
			next = path.Join(resolved, rest)
		}
		if inner := f.badLink(next, err, depth+1); inner != nil {
			return inner
		}
		if rest == "" {
			if st, serr := f.root.Stat(p); serr == nil && st.IsDir() {
				e.Why = whyFolder
				return e
			} else if errors.Is(serr, fs.ErrNotExist) {
				e.Why = whyMissing
				return e
			}
		}
	}
	return nil
}

// inside reports whether the absolute path target names the site folder
// or something in it, by either spelling of the folder's path.
func (f *FS) inside(target string) bool {
	target = filepath.Clean(target)
	for _, d := range f.dirs {
		if rel, err := filepath.Rel(d, target); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
