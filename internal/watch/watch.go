// Package watch reports which files changed under a set of directory trees,
// in batches sized for a rebuild: one batch per burst of changes, not one per
// event.
//
// What a caller can rely on:
//
//   - Every directory under each root is watched, including directories
//     created or moved in later. fsnotify watches one directory at a time, so
//     the Watcher adds them itself.
//   - Paths in a batch are absolute and cleaned (filepath.Clean of the
//     absolute root joined with the relative name), sorted, and unique.
//     A path may name a file or a directory, and may no longer exist: a
//     removal or a rename away is reported as the old path.
//   - When a directory appears (created, or moved in from elsewhere), the
//     batch also lists every file and directory inside it, because changes
//     made inside it before its watch was added produce no events.
//   - A directory that is removed or renamed away is reported as its own
//     path only; the files it contained are not listed.
//   - An atomic save (write a temporary file, then rename it onto the
//     target) reports the target.
//   - Chmod-only events and the scratch files of common editors (vim swap
//     files and its "4913" probe, emacs locks and autosaves, "*~" backups,
//     JetBrains safe-write files, .DS_Store, *.tmp) are never reported.
//   - Symbolic links are reported like files but never followed.
//   - Roots that do not exist when New is called are skipped.
//
// A batch is delivered once no event has arrived for the quiet window, so a
// burst of writes (a save, a git checkout) becomes one rebuild; under a
// constant stream of events a batch is still delivered after at most ten
// quiet windows, so the site never falls far behind the files.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is the quiet window New uses when given zero. It is long
// enough to merge the several events of one editor save and short enough
// that nobody waits for it.
const DefaultQuiet = 20 * time.Millisecond

// maxHoldFactor bounds how long a batch may be held under a constant stream
// of events, in quiet windows.
const maxHoldFactor = 10

// ErrOverflow is reported on Errors when the operating system dropped events
// because they arrived faster than they were read. Which paths changed is
// then unknown, so the next batch lists every path under the roots; a caller
// may instead treat ErrOverflow as a request to rebuild everything.
var ErrOverflow = errors.New("watch: file change events were lost; a full rebuild is needed")

// A Watcher watches directory trees and delivers batches of changed paths.
// Create one with New and stop it with Close.
type Watcher struct {
	fsw     *fsnotify.Watcher
	quiet   time.Duration
	batches chan []string
	errs    chan error
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once

	// roots are the absolute roots that existed at New.
	roots []string
	// dirs holds every directory currently watched. Only the loop goroutine
	// touches it after New returns.
	dirs map[string]struct{}
}

// New starts watching every directory under each of roots. A root that does
// not exist is skipped; a root that is not a directory, or a directory that
// cannot be watched (for example because the system's limit on watches is
// reached), is an error. quiet is the quiet window; zero means DefaultQuiet.
func New(roots []string, quiet time.Duration) (*Watcher, error) {
	if quiet <= 0 {
		quiet = DefaultQuiet
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{
		fsw:     fsw,
		quiet:   quiet,
		batches: make(chan []string),
		// Errors are rare; a small buffer lets the loop report them
		// without waiting for a caller that is busy building.
		errs:    make(chan error, 16),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
		dirs:    make(map[string]struct{}),
	}
	for _, root := range roots {
		abs, err := filepath.Abs(root)
		if err != nil {
			fsw.Close()
			return nil, fmt.Errorf("watch: %w", err)
		}
		fi, err := os.Stat(abs)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			fsw.Close()
			return nil, fmt.Errorf("watch: %w", err)
		}
		if !fi.IsDir() {
			fsw.Close()
			return nil, fmt.Errorf("watch: %s is not a directory", root)
		}
		if err := w.addTree(abs, nil); err != nil {
			fsw.Close()
			return nil, err
		}
		w.roots = append(w.roots, abs)
	}
	go w.loop()
	return w, nil
}

// Batches returns the channel on which batches of changed paths arrive. It is
// closed by Close. While the receiver is busy, changes keep accumulating
// into the next batch, so a slow rebuild never loses events.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Errors returns the channel on which problems are reported: directories
// that could not be watched, and ErrOverflow. Errors that arrive while the
// channel's small buffer is full are dropped rather than stall watching. It
// is closed by Close.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and closes the Batches and Errors channels. A batch
// not yet delivered is discarded. Close may be called more than once.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		err = w.fsw.Close()
		<-w.stopped
	})
	return err
}

// loop owns the pending batch and the set of watched directories.
func (w *Watcher) loop() {
	defer close(w.stopped)
	defer close(w.errs)
	defer close(w.batches)

	var (
		pending = make(map[string]struct{})
		first   time.Time // when the oldest pending change arrived
		timer   = time.NewTimer(time.Hour)
		ready   []string // non-nil while a batch waits for the receiver
	)
	timer.Stop()

	// arm schedules delivery for when the quiet window after the latest
	// change ends, or earlier if the batch has been held too long.
	arm := func() {
		now := time.Now()
		if len(pending) == 0 {
			return
		}
		if first.IsZero() {
			first = now
		}
		ready = nil
		if d := min(w.quiet, first.Add(maxHoldFactor*w.quiet).Sub(now)); d > 0 {
			timer.Reset(d)
			return
		}
		timer.Stop()
		ready = sortedKeys(pending)
	}

	for {
		var out chan<- []string
		if ready != nil {
			out = w.batches
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.handle(ev, pending)
			// Any reported event restarts the quiet window, even one for
			// a path already pending: the file is still being written.
			if ev.Op != fsnotify.Chmod && !Ignored(ev.Name) {
				arm()
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Directories created during the overflow may be
				// unwatched; find them now so later changes are seen.
				for _, root := range w.roots {
					w.addTree(root, pending)
				}
				arm()
				err = ErrOverflow
			}
			w.report(err)
		case <-timer.C:
			ready = sortedKeys(pending)
		case out <- ready:
			pending = make(map[string]struct{})
			first = time.Time{}
			ready = nil
		}
	}
}

// handle records the paths ev changes in pending and keeps the set of
// watched directories up to date.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]struct{}) {
	if ev.Op == fsnotify.Chmod || ev.Name == "" {
		return
	}
	name := filepath.Clean(ev.Name)
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(name)
	}
	if ev.Has(fsnotify.Create) {
		// Lstat, not Stat: a symlink to a directory is not descended into,
		// which also keeps symlink loops from being watched forever.
		if fi, err := os.Lstat(name); err == nil && fi.IsDir() && !Ignored(name) {
			if err := w.addTree(name, pending); err != nil {
				w.report(err)
			}
		}
	}
	if !Ignored(name) {
		pending[name] = struct{}{}
	}
}

// addTree watches dir and every directory under it that is not yet watched.
// If found is not nil, every path under dir (dir included) is added to it.
// A directory that disappears while being walked is not an error: its
// removal has its own event.
func (w *Watcher) addTree(dir string, found map[string]struct{}) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return fmt.Errorf("watch: %w", err)
		}
		if Ignored(path) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if found != nil {
			found[path] = struct{}{}
		}
		if !d.IsDir() {
			return nil
		}
		if _, ok := w.dirs[path]; ok {
			return nil
		}
		if err := w.fsw.Add(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return fmt.Errorf("watch: %s: %w", path, err)
		}
		w.dirs[path] = struct{}{}
		return nil
	})
}

// forget stops watching name and every directory under it, if name was a
// watched directory. Once removed or renamed the old path is meaningless, and
// a new directory may later take its place.
func (w *Watcher) forget(name string) {
	if _, ok := w.dirs[name]; !ok {
		return
	}
	prefix := name + string(filepath.Separator)
	for dir := range w.dirs {
		if dir == name || strings.HasPrefix(dir, prefix) {
			delete(w.dirs, dir)
			// The kernel has usually dropped the watch already.
			_ = w.fsw.Remove(dir)
		}
	}
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

func sortedKeys(m map[string]struct{}) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Ignored reports whether path names an editor's or operating system's
// scratch file, which the Watcher never reports: a vim swap file, backup or
// write probe, an emacs lock or autosave file, a JetBrains safe-write file,
// .DS_Store, or a *.tmp file. Only the last element of path is examined.
func Ignored(path string) bool {
	base := filepath.Base(path)
	switch {
	case base == "4913", // vim's probe for whether the directory is writable
		base == ".DS_Store",
		strings.HasSuffix(base, "~"),
		strings.HasPrefix(base, ".#"), // emacs lock
		len(base) > 1 && strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"), // emacs autosave
		strings.HasSuffix(base, "___jb_tmp___"),
		strings.HasSuffix(base, "___jb_old___"),
		strings.HasSuffix(base, ".tmp"):
		return true
	}
	// vim swap files: .name.swp, then .swo, .swn ... down to .swa, and .swx
	// for the probe vim writes when checking it may create swap files.
	if strings.HasPrefix(base, ".") {
		ext := filepath.Ext(base)
		if len(ext) == 4 && strings.HasPrefix(ext, ".sw") && ext[3] >= 'a' && ext[3] <= 'z' {
			return true
		}
	}
	return false
}
