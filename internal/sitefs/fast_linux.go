package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// fastReader reads a site's files with one openat2 each. os.Root opens
// every folder on a file's path in turn to check for links, and registers
// each file with the runtime's poller only to find it is a regular file:
// about fifteen system calls for a page at content/docs/a/b/c/page.md,
// where this makes four. The kernel keeps the read inside the folder
// (RESOLVE_BENEATH), and refuses any link on the way (RESOLVE_NO_SYMLINKS):
// a path with a link, and any failure at all, is left to os.Root, so that
// links resolve, and errors read, exactly as there.
type fastReader struct {
	dir *os.File // the site folder, opened through the root
	fd  int      // dir's descriptor
	off atomic.Bool
}

func newFastReader(root *os.Root) *fastReader {
	dir, err := root.Open(".")
	if err != nil {
		return nil
	}
	return &fastReader{dir: dir, fd: int(dir.Fd())}
}

func (r *fastReader) close() {
	if r != nil {
		r.dir.Close()
	}
}

// read returns the file name's contents, in buf's memory if they fit,
// and true, or false if the caller must read it through os.Root.
func (r *fastReader) read(name string, buf []byte) ([]byte, bool) {
	if r == nil || r.off.Load() || !fs.ValidPath(name) {
		return nil, false
	}
	fd, err := unix.Openat2(r.fd, name, &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	})
	if err != nil {
		// A kernel before 5.6, or a sandbox that forbids the call.
		if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
			r.off.Store(true)
		}
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false
	}
	// As os.ReadFile: room for the whole file and one byte more, so that
	// the read that finds the end needs no larger buffer.
	data := buf[:0]
	if int64(cap(data)) < max(st.Size, 0)+1 {
		data = make([]byte, 0, max(st.Size, 0)+1)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := unix.Read(fd, data[len(data):cap(data)])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, false
		}
		if n == 0 {
			return data, true
		}
		data = data[:len(data)+n]
	}
}
