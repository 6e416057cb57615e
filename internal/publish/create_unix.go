//go:build unix

package publish

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// createFile creates or truncates the file p for writing, as os.OpenFile
// with O_WRONLY|O_CREATE|O_TRUNC does, but without offering it to the
// runtime's poller: os.OpenFile tries that for every file, and for a
// regular one it costs four system calls that fail or undo each other, at
// each of the thousands of files a build writes.
func createFile(p string) (*os.File, error) {
	for {
		fd, err := unix.Open(p, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: p, Err: err}
		}
		return os.NewFile(uintptr(fd), p), nil
	}
}
