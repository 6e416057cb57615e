// Package parallel runs the iterations of a loop on a few goroutines: the
// build's loops over files (loading pages and exercises, deleting an old
// output) use every core and overlap their system calls.
package parallel

import (
	"sync"
	"sync/atomic"
)

// For calls fn(i) for each i from 0 to n-1 on up to workers goroutines
// (at least one), each taking the next i in turn, and returns when every
// call has returned. fn must be safe to call concurrently.
func For(n, workers int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(n, workers)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}
