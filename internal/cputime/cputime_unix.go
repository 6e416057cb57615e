//go:build unix

// Package cputime tells the CPU time the process has used, which the
// benchmarks report beside wall time: on a shared machine, the one of the
// two that other work barely moves.
package cputime

import (
	"syscall"
	"time"
)

// Used returns the CPU time, user and system, the process has used.
func Used() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
