package serve

import (
	"fmt"
	"net"
	"testing"
	"time"
)

func TestAddrLimiter(t *testing.T) {
	l := newAddrLimiter(3)
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	a := &net.TCPAddr{IP: net.ParseIP("192.0.2.1"), Port: 5000}
	b := &net.TCPAddr{IP: net.ParseIP("192.0.2.2"), Port: 5000}
	allowed := func(addr net.Addr, at time.Time) bool { ok, _ := l.allow(addr, at); return ok }
	for i := range 3 {
		a.Port++ // a new source port each time is still the same address
		if !allowed(a, now) {
			t.Fatalf("connection %d refused", i)
		}
	}
	if ok, log := l.allow(a, now); ok || !log {
		t.Errorf("a fourth connection in the same minute: allowed %v, logged %v", ok, log)
	}
	if ok, log := l.allow(a, now.Add(time.Second)); ok || log {
		t.Errorf("a fifth: allowed %v, logged %v; want refused quietly", ok, log)
	}
	if !allowed(b, now) {
		t.Error("another address shares the first's allowance")
	}
	if !allowed(a, now.Add(20*time.Second)) {
		t.Error("a third of a minute later one connection is due again")
	}
	// Addresses not seen for a while are forgotten.
	for i := range 100 {
		l.allow(&net.TCPAddr{IP: net.ParseIP(fmt.Sprintf("198.51.100.%d", i)), Port: 1}, now)
	}
	l.allow(b, now.Add(5*time.Minute))
	if n := len(l.addrs); n != 1 {
		t.Errorf("%d addresses kept after five quiet minutes, want 1", n)
	}
	if ok, _ := newAddrLimiter(0).allow(a, now); !ok {
		t.Error("no limit refused")
	}
}
