package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/ui/serve/servetest"
)

// openSessions is how many SSH sessions ssh_open dials at once: the issue's
// twenty agents starting their day together.
const openSessions = 20

// firstRows is on the client's screen once the orders pane shows its rows:
// the pane's border says "1/N" only when it holds rows and knows where
// the selection is (ordersModel.position).
const firstRows = " 1/"

// sshOpen serves the store and dials k sessions at once, and returns for
// each the time from its dial until its first frame with the orders rows is
// on the client's screen: login, the session's reads (counts, the first
// page, the ETA model) and the frame's trip back, all k competing, as
// when a team opens the screen together. The server is its own, started
// before the clock runs, so nothing else it serves is in the figure.
func sshOpen(ctx context.Context, db Store, dir string, k int) ([]float64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv, stop, err := serveStore(ctx, db, dir)
	if err != nil {
		return nil, err
	}
	defer func() { cancel(); stop() }()

	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		took    []float64
		failed  error
		dial    = make(chan struct{})
		opened  []*servetest.Session
		clients []*gossh.Client
	)
	for i := range k {
		wg.Go(func() {
			<-dial // every session dials together
			start := time.Now()
			client, err := servetest.Dial(srv.addr, servetest.Config("bench", gossh.PublicKeys(srv.signer)))
			var s *servetest.Session
			if err == nil {
				s, err = servetest.Start(client, "xterm-256color", 160, 45)
			}
			if err == nil {
				_, err = s.WaitFor(time.Minute, firstRows)
			}
			d := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			if client != nil {
				clients = append(clients, client)
			}
			if s != nil {
				opened = append(opened, s)
			}
			if err != nil {
				failed = errors.Join(failed, fmt.Errorf("session %d: %w", i, err))
				return
			}
			took = append(took, ms(d))
		})
	}
	close(dial)
	wg.Wait()
	for _, s := range opened {
		s.Close()
	}
	for _, c := range clients {
		c.Close()
	}
	if failed != nil {
		return nil, fmt.Errorf("bench ssh open: %w", failed)
	}
	return took, nil
}
