package publish

import (
	"os"
	"path"
	"path/filepath"
)

// Link publishes the file at src as name (a slash-separated path inside
// the site) by a hard link, which writes no data, or by a copy where the
// file system cannot link it (src on another file system, or no hard
// links). src must never change afterwards, as build cache entries do
// not: the output shares it.
func (o *Output) Link(name, src string) error {
	p := filepath.Join(o.staging, filepath.FromSlash(path.Clean("/"+name)))
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if link(src, p) == nil {
		return nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// link is os.Link, replaced by tests of the copy.
var link = os.Link
