package netlimit

import (
	"fmt"
	"testing"
	"time"
)

func TestPerHost(t *testing.T) {
	l := New(3)
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	allowed := func(host string, at time.Time) bool { ok, _ := l.Allow(host, at); return ok }
	for i := range 3 {
		if !allowed("192.0.2.1", now) {
			t.Fatalf("event %d refused", i)
		}
	}
	if ok, log := l.Allow("192.0.2.1", now); ok || !log {
		t.Errorf("a fourth in the same minute: allowed %v, logged %v", ok, log)
	}
	if ok, log := l.Allow("192.0.2.1", now.Add(time.Second)); ok || log {
		t.Errorf("a fifth: allowed %v, logged %v; want refused quietly", ok, log)
	}
	if !allowed("192.0.2.2", now) {
		t.Error("another host shares the first's allowance")
	}
	if !allowed("192.0.2.1", now.Add(20*time.Second)) {
		t.Error("a third of a minute later one is due again")
	}
	// Hosts not seen for a while are forgotten.
	for i := range 100 {
		l.Allow(fmt.Sprintf("198.51.100.%d", i), now)
	}
	l.Allow("192.0.2.2", now.Add(5*time.Minute))
	if n := l.Hosts(); n != 1 {
		t.Errorf("%d hosts kept after five quiet minutes, want 1", n)
	}
	if ok, _ := New(0).Allow("192.0.2.1", now); !ok {
		t.Error("no limit refused")
	}
}
