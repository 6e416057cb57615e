package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// The build cache (Options.CacheDir) keeps work that is slow to redo in
// files named by what they were made from. Every entry is written whole
// under a temporary name and renamed into place, and never changed after:
// a reader, even a concurrent build, sees a whole entry or none, and a
// build can hard-link entries into its output (Output.Link).

// WriteEntry writes a cache entry atomically, readable by all since the
// output may link to it: a reader sees the whole entry or none. A cache
// that cannot be written only costs time next build, so callers may
// ignore the error.
func WriteEntry(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// racyWindow is how recently a file may have changed for its sum not to
// be remembered: a later write within the file system's timestamp
// granularity could leave its size and times as they were (git's "racily
// clean" entries).
const racyWindow = 2 * time.Second

// Stamp returns what FileSum compares of a file to trust what it
// remembers of it (see stamp), "" where the system does not give it all,
// and when the file last changed: a stamp taken less than RacyWindow after
// that does not prove a later write changed it.
func Stamp(info fs.FileInfo) (string, time.Time) { return fileStamp(info) }

// RacyWindow is racyWindow, for callers of Stamp.
const RacyWindow = racyWindow

// FileSum returns the SHA-256 of the file at name. With a cacheDir it
// remembers the sum, keyed by the file's absolute path, size, modification
// and change times, inode and device, as git's index does, so that an
// unchanged file is not read again; a change to any of them re-hashes it.
// The change time cannot be set back by tools that restore modification
// times (cp -p, rsync -t).
func FileSum(name, cacheDir string) ([32]byte, error) {
	var sum [32]byte
	abs, err := filepath.Abs(name)
	if err != nil {
		return sum, err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return sum, err
	}
	stamp, changed := fileStamp(info)
	entry := ""
	if cacheDir != "" && stamp != "" {
		key := sha256.Sum256([]byte(abs))
		entry = filepath.Join(cacheDir, "sums", hex.EncodeToString(key[:16]))
		if b, err := os.ReadFile(entry); err == nil {
			if s, ok := strings.CutPrefix(string(b), stamp+"\n"); ok {
				if n, err := hex.Decode(sum[:], []byte(strings.TrimSpace(s))); err == nil && n == len(sum) {
					return sum, nil
				}
			}
		}
	}
	f, err := os.Open(abs)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	// The stamp is only trusted if it was taken before the read, and the
	// file had not changed just before (see racyWindow).
	if entry != "" && time.Since(changed) > racyWindow {
		if after, err := f.Stat(); err == nil {
			if s, _ := fileStamp(after); s == stamp {
				_ = WriteEntry(entry, []byte(stamp+"\n"+hex.EncodeToString(sum[:])+"\n"))
			}
		}
	}
	return sum, nil
}

// stamp describes a file for FileSum by its device, inode, size and
// modification and change times, and returns the later of the two times.
// fileStamp, per system, reads them from the file's stat.
func stamp(dev, ino uint64, size int64, mtime, ctime time.Time) (string, time.Time) {
	s := fmt.Sprint(dev, ino, size, mtime.UnixNano(), ctime.UnixNano())
	if mtime.After(ctime) {
		return s, mtime
	}
	return s, ctime
}

// cachedTypes are the media types whose minified output is cached: those
// minified by their library's defaults, so that its version is all the
// key needs besides the input (HTML has options, set in NewMinifier).
var cachedTypes = map[string]bool{"text/css": true, "text/javascript": true, "image/svg+xml": true, "application/json": true}

// minifierVersion identifies the minifier's code: the versions of the
// tdewolff modules, "" when the binary does not record them (tests) or
// they are replaced by a local copy, which disables the cache.
var minifierVersion = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var v []string
	for _, d := range info.Deps {
		if d.Replace != nil {
			d = d.Replace
		}
		if strings.HasPrefix(d.Path, "github.com/tdewolff/") {
			if d.Version == "" || d.Sum == "" {
				return ""
			}
			v = append(v, d.Path+"@"+d.Version+" "+d.Sum)
		}
	}
	if len(v) < 2 { // minify and parse
		return ""
	}
	return strings.Join(v, "\n")
})

// CachedMinify returns minify(name, data), keeping results for CSS, JS,
// SVG and JSON in cacheDir by a hash of the minifier's version, the type
// and data. minify must be a Minifier's (not Discard's, which minifies
// nothing).
func CachedMinify(cacheDir, name string, data []byte, minify func(string, []byte) ([]byte, error)) ([]byte, error) {
	mt := mediaTypes[strings.ToLower(path.Ext(name))]
	version := minifierVersion()
	if cacheDir == "" || version == "" || !cachedTypes[mt] {
		return minify(name, data)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", version, mt)
	h.Write(data)
	entry := filepath.Join(cacheDir, "minified", hex.EncodeToString(h.Sum(nil)[:16]))
	if out, err := os.ReadFile(entry); err == nil {
		return out, nil
	}
	out, err := minify(name, data)
	if err == nil {
		_ = WriteEntry(entry, out)
	}
	return out, err
}
