package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A build writes into a staging folder beside its output, named
// ".<output>.staging-<random>", and holds a lock on it (lockDir) until the
// folder is swapped into place or the build gives up on it. A build that is
// killed leaves its folder behind, unlocked: the system drops the locks of
// a process that ends, however it ends. The next Stage removes every
// staging folder of the same output that nobody holds, and never one that
// a build running now, in this process or another, is writing.
// Where there is no flock, a folder no build has written to for a day
// counts as abandoned.

// stagingPrefix is the name of dest's staging folders, up to their suffix.
func stagingPrefix(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging-")
}

// errGone reports a staging folder removed before its lock was taken.
var errGone = errors.New("staging folder removed while being created")

// newStaging creates and locks a staging folder for dest. Its mode is
// 0755 less the umask, as the folders inside it are: the folder becomes
// the output, which a web server run by another user must be able to read.
func newStaging(dest string) (string, io.Closer, error) {
	for range 100 {
		dir, _ := newStagingName(dest)
		err := os.Mkdir(dir, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, fmt.Errorf("create staging folder for %s: %w", dest, err)
		}
		lock, err := hold(dir)
		if err != nil {
			// Taken by another build's cleanup between Mkdir and the
			// lock: that build removes it.
			continue
		}
		return dir, lock, nil
	}
	return "", nil, fmt.Errorf("create staging folder for %s: no free name", dest)
}

// newStagingName returns a name for a staging folder of dest, which may
// be taken.
func newStagingName(dest string) (string, error) {
	return stagingPrefix(dest) + strconv.FormatUint(rand.Uint64()%1e12, 10), nil
}

// removeAbandoned removes dest's staging folders that no build holds: left
// by a build that was killed, or by a previous output whose removal was
// cut short. Errors are ignored: what stays is tried again next time.
func removeAbandoned(dest string) {
	prefix := stagingPrefix(dest)
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		return
	}
	for _, e := range entries {
		dir := filepath.Join(filepath.Dir(dest), e.Name())
		if _, busy := removing.Load(dir); busy || !e.IsDir() || !strings.HasPrefix(dir, prefix) {
			continue
		}
		lock, err := claim(dir)
		if err != nil {
			continue // in use
		}
		_ = Remove(dir)
		lock.Close()
	}
}
