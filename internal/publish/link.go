package publish

import (
	"os"
	"path/filepath"
)

// Link publishes the file at src as name (a slash-separated path inside
// the site) by a hard link, which writes no data, or by a copy where the
// file system cannot link it (src on another file system, or no hard
// links). src must never change afterwards, as build cache entries do
// not: the output shares it.
func (o *Output) Link(name, src string) error {
	p := o.path(name)
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if o.reuse != nil && o.reuse.have != nil {
		_ = os.Remove(p)
	}
	if link(src, p) == nil {
		if o.reuse != nil {
			if f, err := os.Open(p); err == nil {
				o.written(name, f, &fileKey{})
				f.Close()
			}
		}
		return nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return o.WriteRaw(name, data)
}

// link is os.Link, replaced by tests of the copy.
var link = os.Link
