package parallel

import (
	"sync/atomic"
	"testing"
	"time"
)

// Every index is visited once, by no more goroutines at a time than asked
// for, and For returns only after the last call.
func TestFor(t *testing.T) {
	for _, tc := range []struct{ n, workers, most int }{
		{0, 4, 1}, {1, 4, 1}, {100, 3, 3}, {5, 0, 1}, {7, -2, 1}, {3, 8, 3},
	} {
		calls := make([]atomic.Int32, tc.n)
		var running, peak atomic.Int32
		For(tc.n, tc.workers, func(i int) {
			r := running.Add(1)
			for p := peak.Load(); r > p && !peak.CompareAndSwap(p, r); p = peak.Load() {
			}
			time.Sleep(100 * time.Microsecond) // let the workers overlap
			calls[i].Add(1)
			running.Add(-1)
		})
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("n=%d workers=%d: index %d called %d times", tc.n, tc.workers, i, c)
			}
		}
		if p := int(peak.Load()); p > tc.most {
			t.Errorf("n=%d workers=%d: %d calls at once, want at most %d", tc.n, tc.workers, p, tc.most)
		}
		if r := running.Load(); r != 0 {
			t.Errorf("n=%d workers=%d: returned with %d calls running", tc.n, tc.workers, r)
		}
	}
}
