//go:build unix

package servecmd

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time, user and system, the process has used.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
