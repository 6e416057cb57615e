package publish

import (
	"errors"
	"io/fs"
	"os"
)

// swapByRename moves dest aside and staging into its place: two renames,
// for systems without an atomic exchange. The old output is kept until the
// new one is in place.
func swapByRename(staging, dest string) (string, error) {
	old := staging + ".old"
	if err := os.Rename(dest, old); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", os.Rename(staging, dest)
		}
		return "", err
	}
	if err := os.Rename(staging, dest); err != nil {
		_ = os.Rename(old, dest)
		return "", err
	}
	return old, nil
}

// renameIfFree renames from to to unless to exists, for systems that
// cannot refuse to replace in the rename itself.
func renameIfFree(from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return fs.ErrExist
	}
	return os.Rename(from, to)
}
