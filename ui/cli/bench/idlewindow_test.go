package bench

import (
	"testing"
	"time"
)

// The idle sessions' CPU is measured over ten seconds unless the variable
// asks for a sensible other window; a value out of range or not a
// duration keeps the ten seconds rather than measuring over nothing.
func TestIdleWindow(t *testing.T) {
	for _, tt := range []struct {
		env  string
		want time.Duration
	}{
		{"", 10 * time.Second},
		{"1s", time.Second},
		{"2500ms", 2500 * time.Millisecond},
		{"soon", 10 * time.Second},
		{"1ns", 10 * time.Second},
		{"1h", 10 * time.Second},
	} {
		t.Setenv(IdleWindowEnv, tt.env)
		if got := idleWindow(); got != tt.want {
			t.Errorf("%s=%q: %v, want %v", IdleWindowEnv, tt.env, got, tt.want)
		}
	}
}
