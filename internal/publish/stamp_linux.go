package publish

import (
	"fmt"
	"io/fs"
	"syscall"
	"time"
)

// fileStamp describes the file's identity and version for FileSum, and
// returns the later of its modification and change times; "" if unknown.
func fileStamp(info fs.FileInfo) (string, time.Time) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return "", time.Time{}
	}
	mtime, ctime := time.Unix(st.Mtim.Unix()), time.Unix(st.Ctim.Unix())
	return fmt.Sprint(st.Dev, st.Ino, st.Size, mtime.UnixNano(), ctime.UnixNano()), later(mtime, ctime)
}
