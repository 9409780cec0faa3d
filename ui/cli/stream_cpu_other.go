//go:build !unix

package cli

import "time"

// cpuTime is zero where getrusage is missing: import then leaves out its
// rows per CPU-second.
func cpuTime() time.Duration { return 0 }
