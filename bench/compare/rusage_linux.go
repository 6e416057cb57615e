package main

import (
	"os"
	"syscall"
	"time"
)

// usage returns a finished process's CPU time (user + system) and peak
// resident set size from wait4's rusage, which on Linux counts Maxrss in
// KiB.
func usage(ps *os.ProcessState) (time.Duration, int64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return ps.UserTime() + ps.SystemTime(), 0
	}
	return ps.UserTime() + ps.SystemTime(), ru.Maxrss * 1024
}

// settle writes dirty pages to disk before a run, so that one run's
// output is not flushed while the next run is being timed.
func settle() { syscall.Sync() }
