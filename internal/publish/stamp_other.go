//go:build !linux && !darwin

package publish

import (
	"io/fs"
	"time"
)

// fileStamp returns "": without a change time and inode, a file's size
// and modification time are not enough to trust a remembered sum.
func fileStamp(fs.FileInfo) (string, time.Time) { return "", time.Time{} }

// fileID reports no inode: without one, no file is reused (see Reuse).
func fileID(fs.FileInfo) (dev, ino uint64, ok bool) { return 0, 0, false }
