// Package heappeak measures the peak Go heap of a benchmark's workload.
package heappeak

import (
	"runtime/metrics"
	"sync"
	"time"
)

// Start samples the Go heap in use (HeapInuse: the heap's objects and the free space
// in their spans, read with runtime/metrics, which does not stop the world) every
// 2 ms until stop is called, which returns the highest value seen, in bytes.
func Start() (stop func() uint64) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			peak = max(peak, samples[0].Value.Uint64()+samples[1].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return peak }
}
