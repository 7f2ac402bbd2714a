package testkit

import "runtime"

// Memory is what a piece of work cost in memory.
type Memory struct {
	Allocated uint64 // bytes allocated while it ran (freed or not)
	HeapInUse uint64 // heap in use after it, once collected
}

// MeasureMemory runs work after a garbage collection and reports the bytes
// it allocated and the heap still in use after it, for tests of bounded
// memory (the test compares them with a generous bound).
func MeasureMemory(work func()) Memory {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	work()
	runtime.ReadMemStats(&after)
	m := Memory{Allocated: after.TotalAlloc - before.TotalAlloc}
	runtime.GC()
	runtime.ReadMemStats(&after)
	m.HeapInUse = after.HeapInuse
	return m
}
