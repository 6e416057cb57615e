//go:build !unix

package servecmd

import "time"

// cpuTime is unknown here: the benchmarks report a CPU time of 0.
func cpuTime() time.Duration { return 0 }
