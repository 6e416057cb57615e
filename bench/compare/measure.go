package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"
)

// sample is what one run of a build command cost.
type sample struct {
	Wall time.Duration
	CPU  time.Duration // user + system
	RSS  int64         // peak resident set, bytes
}

// measure runs cmd once and returns its cost; a failed run is an error
// that quotes the command's output, since a benchmark of a failing build
// measures nothing.
func measure(cmd *exec.Cmd) (sample, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v\n%s", cmd, err, out.Bytes())
	}
	cpu, rss := usage(cmd.ProcessState)
	return sample{Wall: wall, CPU: cpu, RSS: rss}, nil
}

// stat is a median with the range it came from.
type stat struct{ Med, Min, Max float64 }

// summarize returns the median, min and max of xs, which must not be
// empty. The median of an even count is the mean of the middle two.
func summarize(xs []float64) stat {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return stat{Med: med, Min: s[0], Max: s[n-1]}
}

// percentile returns the nearest-rank p-th percentile of xs (0 < p ≤ 100).
func percentile(xs []float64, p float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	rank := int(p/100*float64(len(s)) + 0.999999)
	return s[min(max(rank, 1), len(s))-1]
}

// series summarizes the samples of one tool at one size.
type series struct {
	Wall, CPU, RSS stat // seconds, seconds, MiB
	OutMiB         float64
	Files          int
}

func summarizeSamples(ss []sample) series {
	var wall, cpu, rss []float64
	for _, s := range ss {
		wall = append(wall, s.Wall.Seconds())
		cpu = append(cpu, s.CPU.Seconds())
		rss = append(rss, float64(s.RSS)/(1<<20))
	}
	return series{Wall: summarize(wall), CPU: summarize(cpu), RSS: summarize(rss)}
}

// duSize returns the total size in bytes and the number of files under dir.
func duSize(dir string) (int64, int) {
	var total int64
	files := 0
	_ = walkFiles(dir, func(info os.FileInfo) {
		total += info.Size()
		files++
	})
	return total, files
}

// fmtSeconds formats a duration given in seconds with a unit that keeps
// three significant digits readable: ms below a second.
func fmtSeconds(s float64) string {
	if s < 1 {
		return fmt.Sprintf("%.1f ms", s*1000)
	}
	return fmt.Sprintf("%.2f s", s)
}

// fmtStat formats a stat as "median (min–max)" with f for each number.
func fmtStat(s stat, f func(float64) string) string {
	return fmt.Sprintf("%s (%s–%s)", f(s.Med), f(s.Min), f(s.Max))
}

// fmtMiB formats mebibytes, with a decimal where whole ones say too little.
func fmtMiB(m float64) string {
	if m < 10 {
		return fmt.Sprintf("%.1f MiB", m)
	}
	return fmt.Sprintf("%.0f MiB", m)
}
