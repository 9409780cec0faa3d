package bench

import (
	"math"
	"os"
	"strconv"
	"strings"
)

// startWritten starts counting the bytes this process sends to the disk
// and returns what ends the count: the bytes per item over n items, or
// NaN when not counting (on false) or when the count cannot be read.
//
// Bytes written say what the pages a pass dirties cost, whatever else the
// machine is doing: a new event's commit writes every page it changed to
// the WAL, and a checkpoint writes each again to the store. The rates
// move with the load of a shared machine; this does not.
func startWritten(on bool) func(n int) float64 {
	before, ok := writtenBytes()
	return func(n int) float64 {
		after, okAfter := writtenBytes()
		if !on || !ok || !okAfter || n <= 0 {
			return math.NaN()
		}
		return float64(after-before) / float64(n)
	}
}

// writtenBytes is write_bytes of /proc/self/io: what the process has
// caused to be sent to the storage layer (Linux; false elsewhere).
func writtenBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, false
	}
	return parseWriteBytes(string(b))
}

// parseWriteBytes reads the write_bytes line of a /proc/PID/io.
func parseWriteBytes(io string) (int64, bool) {
	for line := range strings.SplitSeq(io, "\n") {
		v, found := strings.CutPrefix(line, "write_bytes:")
		if !found {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 0 {
			return 0, false
		}
		return n, true
	}
	return 0, false
}
