//go:build !unix

package build_test

import "time"

// cpuTime is unknown here: the benchmarks report a CPU time of 0.
func cpuTime() time.Duration { return 0 }
