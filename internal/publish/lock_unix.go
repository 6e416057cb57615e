//go:build unix

package publish

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// hold locks a new staging folder for the build writing it; claim locks an
// abandoned one for removal. Both fail while another holds it.
var hold, claim = lockDir, lockDir

// lockDir takes an exclusive lock on the folder dir (flock), without
// waiting: it fails if another open file, in any process, holds one. It
// also fails if dir is no longer the folder opened, removed or replaced
// meanwhile. Closing the result releases the lock, as the end of the
// process does.
func lockDir(dir string) (io.Closer, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	fi, ferr := f.Stat()
	di, derr := os.Lstat(dir)
	if ferr != nil || derr != nil || !os.SameFile(fi, di) {
		f.Close()
		return nil, errGone
	}
	return f, nil
}

// LockDir takes an exclusive lock on the folder dir, without waiting: it
// fails while another holds one, in this process or another. Closing the
// result releases it, as the end of the process does.
func LockDir(dir string) (io.Closer, error) { return lockDir(dir) }
