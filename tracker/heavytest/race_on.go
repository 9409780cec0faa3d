//go:build race

package heavytest

const raced = true
