package serve

import (
	"net"
	"testing"
)

// The connection limit is per host: a client's new source port for each
// connection is still the same client.
func TestHostOf(t *testing.T) {
	for _, tt := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.ParseIP("192.0.2.1"), Port: 5000}, "192.0.2.1"},
		{&net.TCPAddr{IP: net.ParseIP("192.0.2.1"), Port: 5001}, "192.0.2.1"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 22}, "2001:db8::1"},
		{nil, ""},
	} {
		if got := hostOf(tt.addr); got != tt.want {
			t.Errorf("hostOf(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
