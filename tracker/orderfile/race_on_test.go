//go:build race

package orderfile

// The race detector slows this code five to ten times; CPU bounds that
// tell a refusal from a 47-second read scale with it.
const cpuScale = 10
