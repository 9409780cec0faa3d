package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui/serve"
	"waybill/ui/serve/servetest"
)

// served is an SSH server on the bench's store, on loopback, and the key
// its one agent logs in with.
type served struct {
	addr   string
	signer gossh.Signer
}

// serveStore serves the store over SSH until ctx ends; stop waits for the
// server to be done. Its host key goes in the scratch folder dir: a store
// on PostgreSQL has no folder.
func serveStore(ctx context.Context, db Store, dir string) (s served, stop func(), err error) {
	hostKey, _, err := serve.HostKey(filepath.Join(dir, "bench_host_key"))
	if err != nil {
		return s, nil, err
	}
	signer, line, _ := servetest.NewKey("bench")
	keys, err := serve.NewKeys([]tracker.AgentConfig{{Name: "bench", Role: "agent", PublicKey: line}}, "", tracker.RoleViewer, nil)
	if err != nil {
		return s, nil, err
	}
	hub := tracker.NewHub()
	srv, err := serve.New(serve.Options{HostKey: hostKey, Keys: keys,
		Session: screenOptions(db, hub)})
	if err != nil {
		return s, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return s, nil, err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	return served{addr: ln.Addr().String(), signer: signer}, func() { <-done }, nil
}

// sshSessions serves the store to k SSH sessions at once and measures, from
// the clients, how long a typed key takes to show, and then the CPU the
// process spends while every session sits idle.
func sshSessions(ctx context.Context, db Store, dir string, k int) (frames []float64, idleCPU float64, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv, stop, err := serveStore(ctx, db, dir)
	if err != nil {
		return nil, 0, err
	}
	defer func() { cancel(); stop() }()

	sessions := make([]*servetest.Session, k)
	for i := range sessions {
		client, err := servetest.Dial(srv.addr, servetest.Config("bench", gossh.PublicKeys(srv.signer)))
		if err != nil {
			return nil, 0, err
		}
		defer client.Close()
		s, err := servetest.Start(client, "xterm-256color", 160, 45)
		if err != nil {
			return nil, 0, err
		}
		defer s.Close()
		if _, err := s.WaitFor(time.Minute, "1/"); err != nil {
			return nil, 0, fmt.Errorf("bench ssh session %d: %w", i, err)
		}
		sessions[i] = s
	}
	// Each session walks down its list; a frame is on screen when the
	// pane says where the selection now is.
	var mu sync.Mutex
	var wg sync.WaitGroup
	var failed error
	for _, s := range sessions {
		wg.Go(func() {
			for j := 2; j <= 11; j++ {
				start := time.Now()
				err := s.Type("j")
				if err == nil {
					_, err = s.WaitFor(30*time.Second, fmt.Sprintf(" %d/", j))
				}
				mu.Lock()
				if err != nil {
					failed = errors.Join(failed, err)
				} else {
					frames = append(frames, ms(time.Since(start)))
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if failed != nil {
		return nil, 0, fmt.Errorf("bench ssh frames: %w", failed)
	}
	window := idleWindow()
	time.Sleep(window / 5) // let the last frames go out
	before := cpuTime()
	time.Sleep(window)
	return frames, 100 * (cpuTime() - before).Seconds() / window.Seconds(), nil
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// IdleWindowEnv names the variable that sets how long the idle sessions'
// CPU is measured (a Go duration; 10s when unset): the tests set it short,
// since they check the measure is taken, not its size.
const IdleWindowEnv = "WAYBILL_BENCH_IDLE_WINDOW"

// idleWindow is how long ssh_idle_cpu is measured.
func idleWindow() time.Duration {
	if d, err := time.ParseDuration(os.Getenv(IdleWindowEnv)); err == nil && d >= 100*time.Millisecond && d <= time.Minute {
		return d
	}
	return 10 * time.Second
}
