package carrierhttp

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"waybill/tracker"
)

// serveTest runs NewServer over LimitListener on a loopback port with
// lim, and returns its address.
func serveTest(t *testing.T, h http.Handler, lim tracker.HTTPConfig) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(h, lim)
	go srv.Serve(LimitListener(ln, lim.MaxConnections))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// raw sends req on a new connection and returns the status line, or ""
// when the server closed the connection without answering.
func raw(t *testing.T, addr, req string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, req)
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSpace(line)
}

func TestServerBounds(t *testing.T) {
	var reached atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "too big", http.StatusRequestEntityTooLarge)
			return
		}
		io.WriteString(w, "ok")
	})
	lim := tracker.DefaultHTTP()
	lim.MaxBodyBytes = 1 << 10
	lim.ReadTimeout = tracker.Duration{Duration: time.Second}
	addr := serveTest(t, h, lim)
	tests := []struct {
		name, req, want string
	}{
		{"good", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}", "HTTP/1.1 200 OK"},
		{"body past the bound", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4096\r\n\r\n" + strings.Repeat("x", 4096), "HTTP/1.1 413 Request Entity Too Large"},
		{"headers past the bound", "GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + strings.Repeat("y", 64<<10) + "\r\n\r\n", "HTTP/1.1 431 Request Header Fields Too Large"},
		{"garbage", "\x00\xff\xfe GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"slowloris: headers never end", "GET /x HTTP/1.1\r\nHost: a\r\nX-A: b\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			if got := raw(t, addr, tt.req); got != tt.want {
				t.Errorf("status %q, want %q", got, tt.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v: the read timeout did not cut it short", d)
			}
		})
	}
}

func TestServerRateLimitsEachAddress(t *testing.T) {
	lim := tracker.DefaultHTTP()
	lim.RequestsPerMinute = 5
	addr := serveTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), lim)
	var codes []int
	for i := 0; i < 8; i++ {
		resp, err := http.Get("http://" + addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	for i, c := range codes {
		want := http.StatusOK
		if i >= 5 {
			want = http.StatusTooManyRequests
		}
		if c != want {
			t.Fatalf("codes %v: request %d got %d, want %d", codes, i, c, want)
		}
	}
}

// TestLimitListenerCapsOpenConnections: past the cap a connection waits
// unserved until another closes.
func TestLimitListenerCapsOpenConnections(t *testing.T) {
	lim := tracker.DefaultHTTP()
	lim.MaxConnections = 2
	addr := serveTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }), lim)
	var held []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	time.Sleep(100 * time.Millisecond)  // both accepted
	third, err := net.Dial("tcp", addr) // the kernel completes it; the server does not accept it
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	io.WriteString(third, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
	third.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if n, _ := third.Read(make([]byte, 1)); n != 0 {
		t.Fatal("a third connection was served past a cap of 2")
	}
	held[0].Close()
	third.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(third).ReadString('\n')
	if !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Fatalf("after one closed, the waiting connection got %q (%v)", line, err)
	}
	held[1].Close()
}
