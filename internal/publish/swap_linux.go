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

// renameNoReplace renames from to to, failing if to exists.
func renameNoReplace(from, to string) error {
	err := unix.Renameat2(unix.AT_FDCWD, from, unix.AT_FDCWD, to, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return renameIfFree(from, to)
	}
	return err
}
