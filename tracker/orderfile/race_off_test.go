//go:build !race

package orderfile

const cpuScale = 1
