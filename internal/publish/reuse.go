package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
)

// A build that keeps a cache (StageReusing) leaves the files it would
// write unchanged as the last builds wrote them, instead of writing them
// again, and deletes nothing when it publishes:
//
//   - The output a build replaces is not deleted but kept beside it, as
//     ".<output>.previous" (e.g. .public.previous), and the next build
//     takes that folder as its staging folder: a file it already holds,
//     unchanged, stays; any other is replaced by a new file (never
//     written in place: the two outputs share unchanged files) or by a
//     hard link to the current output's copy; files the build does not
//     publish are removed. Creating and deleting the folders of 10,000
//     pages costs more than building them from the cache.
//   - Without that folder, the build starts from an empty one, and
//     hard-links the current output's unchanged files into it.
//
// What a file holds is known by a key the build gives (Reuse) or the
// SHA-256 of its data, recorded in a manifest of each output in the
// cache, with the file's device, inode, size and modification time. A file
// is reused only if it is still that very file: one edited, replaced or
// linked elsewhere since is written again. The manifest names the folder
// it describes by device and inode too, so a manifest never describes
// another folder than the one it was written for. The swap into place
// stays one atomic exchange, and a failed build leaves the output as it
// was; its staging folder, which may have been the previous output, is
// removed.

// fileKey identifies a file's content: a key the build gives or a hash.
type fileKey [16]byte

// record is what a manifest says of one file.
type record struct {
	key         fileKey
	dev, ino    uint64
	size, mtime int64
}

// manifest is an output's files, by site path ("/docs/a/index.html").
type manifest map[string]record

// reuse is an Output's state when it reuses files.
type reuse struct {
	live, previous string // manifest files of dest and of the previous output
	spare          string // the previous output's folder
	// current and have are the manifests of dest and of what the staging
	// folder held when the build took it (nil for an empty folder).
	current, have manifest
	dev, ino      uint64 // the current output's folder

	mu   sync.Mutex
	next manifest // the files this build publishes
}

// manifestMagic starts a manifest file.
const manifestMagic = "latticework output manifest 1\n"

// StageReusing is Stage for a build that keeps a cache in cacheDir: see
// above. It falls back to Stage's empty folder when cacheDir is "" or
// the system gives no inode numbers.
func StageReusing(dest string, min *Minifier, cacheDir string) (*Output, error) {
	dest = filepath.Clean(dest)
	if cacheDir == "" {
		return Stage(dest, min)
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256([]byte(abs))
	base := filepath.Join(cacheDir, "outputs", hex.EncodeToString(h[:8]))
	ru := &reuse{live: base + ".live", previous: base + ".previous", spare: filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".previous"), next: manifest{}}
	if fi, err := os.Lstat(dest); err == nil && fi.IsDir() {
		if dev, ino, ok := fileID(fi); ok {
			ru.dev, ru.ino = dev, ino
			ru.current = readManifest(ru.live, dev, ino)
		}
	}
	removeAbandoned(dest)
	if o := ru.claimSpare(dest, min); o != nil {
		return o, nil
	}
	o, err := Stage(dest, min)
	if err != nil {
		return nil, err
	}
	o.reuse = ru
	return o, nil
}

// claimSpare takes the previous output as the staging folder, if there is
// one whose manifest checks, and removes it if there is one that does
// not.
func (ru *reuse) claimSpare(dest string, min *Minifier) *Output {
	fi, err := os.Lstat(ru.spare)
	if err != nil || !fi.IsDir() {
		return nil
	}
	lock, err := LockDir(ru.spare)
	if err != nil {
		return nil // another build has it
	}
	dev, ino, _ := fileID(fi)
	have := readManifest(ru.previous, dev, ino)
	// From here on the folder changes: its manifest no longer holds.
	_ = os.Remove(ru.previous)
	if have == nil || ru.current == nil {
		_ = Remove(ru.spare)
		lock.Close()
		return nil
	}
	staging, err := freeStagingName(dest)
	if err == nil {
		err = os.Rename(ru.spare, staging)
	}
	if err != nil {
		lock.Close()
		return nil
	}
	ru.have = have
	return &Output{dest: dest, staging: staging, lock: lock, min: min, reuse: ru}
}

// freeStagingName returns an unused name for a staging folder of dest.
func freeStagingName(dest string) (string, error) {
	for range 100 {
		dir, err := newStagingName(dest)
		if err != nil {
			return "", err
		}
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			return dir, nil
		}
	}
	return "", errors.New("no free staging name")
}

// Reuse reports whether the file name (a slash-separated path inside the
// site), whose content key identifies, is published without being
// written: the staging folder holds it already, or the current output
// does and it is linked from there. Otherwise the caller writes it, and
// key is recorded for it.
func (o *Output) Reuse(name string, key [16]byte) bool {
	ru := o.reuse
	if ru == nil {
		return false
	}
	name = path.Clean("/" + name)
	if ru.keep(name, fileKey(key), o.path(name), ru.have) {
		return true
	}
	if rec, ok := ru.current[name]; ok && rec.key == key {
		src := filepath.Join(o.dest, filepath.FromSlash(name))
		if fi, err := os.Lstat(src); err == nil && rec.is(fi) {
			p := o.path(name)
			if ru.have != nil {
				_ = os.Remove(p)
			}
			if o.mkdir(filepath.Dir(p)) == nil && link(src, p) == nil {
				ru.set(name, rec)
				return true
			}
		}
	}
	ru.set(name, record{key: key})
	return false
}

// Key returns the key of the file name as this build published it (see
// Reuse; for a file Write or WriteRaw wrote, its DataKey), if it knows
// one.
func (o *Output) Key(name string) ([16]byte, bool) {
	ru := o.reuse
	if ru == nil {
		return [16]byte{}, false
	}
	ru.mu.Lock()
	rec, ok := ru.next[path.Clean("/"+name)]
	ru.mu.Unlock()
	return rec.key, ok
}

// keep reports whether the staging folder's file at p, by have, holds
// key, and records it if so.
func (ru *reuse) keep(name string, key fileKey, p string, have manifest) bool {
	rec, ok := have[name]
	if !ok || rec.key != key {
		return false
	}
	fi, err := os.Lstat(p)
	if err != nil || !rec.is(fi) {
		return false
	}
	ru.set(name, rec)
	return true
}

func (ru *reuse) set(name string, rec record) {
	ru.mu.Lock()
	ru.next[name] = rec
	ru.mu.Unlock()
}

// is reports whether fi is the regular file rec describes.
func (rec record) is(fi fs.FileInfo) bool {
	dev, ino, ok := fileID(fi)
	return ok && fi.Mode().IsRegular() && dev == rec.dev && ino == rec.ino && fi.Size() == rec.size && fi.ModTime().UnixNano() == rec.mtime
}

// path returns the staging folder's path of the site path name.
func (o *Output) path(name string) string {
	return filepath.Join(o.staging, filepath.FromSlash(path.Clean("/"+name)))
}

// written records the file name, just written as f, with key, or with
// the key Reuse was given for it when key is nil.
func (o *Output) written(name string, f *os.File, key *fileKey) {
	ru := o.reuse
	// A file whose identity is unknown is still the build's: the
	// manifest leaves it out, so it is never reused, but finish keeps it.
	var rec record
	if fi, err := f.Stat(); err == nil {
		if dev, ino, ok := fileID(fi); ok {
			rec = record{dev: dev, ino: ino, size: fi.Size(), mtime: fi.ModTime().UnixNano()}
		}
	}
	name = path.Clean("/" + name)
	if key != nil {
		rec.key = *key
	} else {
		ru.mu.Lock()
		rec.key = ru.next[name].key
		ru.mu.Unlock()
	}
	ru.set(name, rec)
}

// DataKey is the key Write and WriteRaw record for a file's data.
func DataKey(data []byte) [16]byte {
	s := sha256.Sum256(data)
	return [16]byte(s[:16])
}

// finish removes from a staging folder that was the previous output
// everything this build did not publish: the files of pages since
// removed, folders they leave empty, and anything else put there since
// (a file copied into public/ by hand is gone after a build, as without
// a cache).
func (o *Output) finish() {
	ru := o.reuse
	if ru.have == nil {
		return
	}
	dirs := map[string]bool{}
	for name := range ru.next {
		for d := path.Dir(name); d != "/" && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	_ = filepath.WalkDir(o.staging, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == o.staging {
			return nil
		}
		name := filepath.ToSlash(p[len(o.staging):])
		if d.IsDir() {
			if dirs[name] {
				return nil
			}
			_ = os.RemoveAll(p)
			return fs.SkipDir
		}
		if _, ok := ru.next[name]; !ok {
			_ = os.Remove(p)
		}
		return nil
	})
}

// replaced records the manifests once the staging folder is in dest's
// place, and keeps the previous output, now at old, for the next build;
// it returns the folder to remove, if any.
func (o *Output) replaced(old string) string {
	ru := o.reuse
	fi, err := os.Lstat(o.dest)
	if err != nil {
		return old
	}
	dev, ino, _ := fileID(fi)
	_ = writeManifest(ru.live, dev, ino, ru.next)
	if old == "" || ru.current == nil {
		return old
	}
	ofi, err := os.Lstat(old)
	if err != nil {
		return old
	}
	odev, oino, _ := fileID(ofi)
	if odev != ru.dev || oino != ru.ino || renameNoReplace(old, ru.spare) != nil {
		return old
	}
	if writeManifest(ru.previous, odev, oino, ru.current) != nil {
		return ru.spare
	}
	return ""
}

// readManifest reads the manifest at name if it describes the folder dev,
// ino and checks; else nil.
func readManifest(name string, dev, ino uint64) manifest {
	data, err := os.ReadFile(name)
	if err != nil || len(data) < len(manifestMagic)+16+sha256.Size {
		return nil
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil
	}
	b, ok := bytes.CutPrefix(body, []byte(manifestMagic))
	if !ok || len(b) < 16 || binary.LittleEndian.Uint64(b) != dev || binary.LittleEndian.Uint64(b[8:]) != ino {
		return nil
	}
	b = b[16:]
	m := manifest{}
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n+16+32 {
			return nil
		}
		name := string(b[k : k+int(n)])
		b = b[k+int(n):]
		var rec record
		copy(rec.key[:], b)
		rec.dev = binary.LittleEndian.Uint64(b[16:])
		rec.ino = binary.LittleEndian.Uint64(b[24:])
		rec.size = int64(binary.LittleEndian.Uint64(b[32:]))
		rec.mtime = int64(binary.LittleEndian.Uint64(b[40:]))
		b = b[48:]
		m[name] = rec
	}
	return m
}

// writeManifest writes m as the manifest of the folder dev, ino.
func writeManifest(name string, dev, ino uint64, m manifest) error {
	b := []byte(manifestMagic)
	b = binary.LittleEndian.AppendUint64(b, dev)
	b = binary.LittleEndian.AppendUint64(b, ino)
	for n, rec := range m {
		if rec.ino == 0 {
			continue // not written after all
		}
		b = binary.AppendUvarint(b, uint64(len(n)))
		b = append(b, n...)
		b = append(b, rec.key[:]...)
		b = binary.LittleEndian.AppendUint64(b, rec.dev)
		b = binary.LittleEndian.AppendUint64(b, rec.ino)
		b = binary.LittleEndian.AppendUint64(b, uint64(rec.size))
		b = binary.LittleEndian.AppendUint64(b, uint64(rec.mtime))
	}
	s := sha256.Sum256(b)
	return WriteEntry(name, append(b, s[:]...))
}
