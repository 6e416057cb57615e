package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap exchanges staging and dest atomically (renameat2 RENAME_EXCHANGE),
// so a reader of dest sees the old site or the new one, never a mix. It
// returns the path now holding the old output, "" if there was none.
func swap(staging, dest string) (string, error) {
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return staging, nil
	case errors.Is(err, unix.ENOENT):
		return "", os.Rename(staging, dest)
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return swapByRename(staging, dest)
	}
	return "", err
}
