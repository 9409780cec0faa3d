//go:build !race

package heavytest

const raced = false
