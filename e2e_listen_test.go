package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/carriers/track17/track17fake"
	"waybill/tracker"
	"waybill/ui/serve/servetest"
)

// storeDigest hashes what a seller would miss if it changed: orders,
// parcels (without the refresher's bookkeeping), events, exceptions,
// cases and alerts.
func storeDigest(t *testing.T, db string) string {
	t.Helper()
	conn := openStoreSQL(t, db, false)
	defer conn.Close()
	h := sha256.New()
	for _, q := range []string{
		`SELECT * FROM orders ORDER BY id`,
		`SELECT id, order_id, tracking_no, carrier, status FROM shipments ORDER BY id`,
		`SELECT * FROM events ORDER BY id`,
		`SELECT id, shipment_id, kind, state FROM exceptions ORDER BY id`,
		`SELECT * FROM cases ORDER BY id`,
		`SELECT id, key, channel FROM outbox ORDER BY id`,
	} {
		rows, err := conn.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%v\n", vals)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

var httpListenRE = regexp.MustCompile(`listening on http://(\S+)`)

// TestListenersSurviveHostileClients hammers `waybill serve`'s webhook and
// SSH listeners with garbage, oversized and slow input and many
// connections, then checks the process is up, still serves a good request
// on each, and the store is as it was.
func TestListenersSurviveHostileClients(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	const secret = "push-secret"
	agent := newAgent("alice", tracker.RoleAgent)
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\nwebhook_secret = %q\n\n"+
		"[refresh]\ninterval = \"1h\"\n\n[http]\nmax_connections = 16\nread_timeout = \"2s\"\nrequests_per_minute = 100000\n\n"+
		"[ssh]\nmax_sessions = 4\nmax_auth_per_minute = 10000\n%s", fake.Key(), fake.URL(), secret, agentsTOML(agent))), 0o600)
	const num = "RB123456785GB"
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num, "--buyer", "Ann"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}

	cmd := exec.Command(binary, "serve", "--http", "127.0.0.1:0", "--ssh", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	logs := &lockedBuffer{}
	cmd.Stderr = logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
		}
	}()
	r := bufio.NewReader(out)
	first, _ := r.ReadString('\n')
	m := httpListenRE.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("serve said %q\n%s", first, logs.String())
	}
	web := m[1]
	sshAddr, _ := readListen(t, r)
	go io.Copy(io.Discard, r)
	time.Sleep(500 * time.Millisecond) // the first refresh pass asks the fake, which knows nothing
	before := storeDigest(t, db)

	var faults atomic.Int64
	send := func(addr, req string, wait time.Duration) {
		faults.Add(1)
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			return // refused or backlog full: a fault survived
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(wait))
		io.WriteString(c, req)
		io.Copy(io.Discard, c)
	}
	var wg sync.WaitGroup
	// Webhooks: garbage, huge bodies, huge headers, bad JSON and
	// signatures, slowloris, and more connections than the cap.
	for i := 0; i < 40; i++ {
		wg.Go(func() { send(web, "\x00\xff\xfeGARBAGE\r\n\r\n", 5*time.Second) })
		wg.Go(func() {
			send(web, "POST /webhooks/17track HTTP/1.1\r\nHost: a\r\nContent-Length: 8388608\r\n\r\n"+strings.Repeat("{", 2<<20), 10*time.Second)
		})
		wg.Go(func() {
			send(web, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: "+strings.Repeat("y", 256<<10)+"\r\n\r\n", 5*time.Second)
		})
		wg.Go(func() {
			body := `{"event":"TRACKING_UPDATED","data":{"number":"` + num + `","track_info":{"latest_event":{"description":"\u001b]52;c;AAAA\u0007"}}}}`
			send(web, fmt.Sprintf("POST /webhooks/17track HTTP/1.1\r\nHost: a\r\nsign: 00\r\nContent-Length: %d\r\n\r\n%s", len(body), body), 5*time.Second)
		})
		wg.Go(func() {
			send(web, "POST /webhooks/nope HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n{x}", 5*time.Second)
		})
	}
	for i := 0; i < 24; i++ { // slowloris: one header byte a second, never finished
		wg.Go(func() {
			faults.Add(1)
			c, err := net.Dial("tcp", web)
			if err != nil {
				return
			}
			defer c.Close()
			io.WriteString(c, "GET / HTTP/1.1\r\nHost: a\r\n")
			for j := 0; j < 8; j++ {
				if _, err := io.WriteString(c, "X"); err != nil {
					return // the server hung up on us: what we want
				}
				time.Sleep(time.Second)
			}
		})
	}
	// SSH: garbage, a banner then garbage, unknown keys, many at once.
	stranger, _, _ := servetest.NewKey("mallory@e2e")
	for i := 0; i < 30; i++ {
		wg.Go(func() { send(sshAddr, "\x00\xffGARBAGE\r\n", 5*time.Second) })
		wg.Go(func() { send(sshAddr, "SSH-2.0-evil\r\n"+strings.Repeat("\xff", 1<<16), 5*time.Second) })
		wg.Go(func() {
			faults.Add(1)
			if c, err := servetest.Dial(sshAddr, servetest.Config("mallory", gossh.PublicKeys(stranger))); err == nil {
				c.Close()
				t.Error("an unknown key logged in")
			}
		})
	}
	wg.Wait()

	select {
	case err := <-exited:
		t.Fatalf("serve exited under the hammering: %v\n%s", err, logs.String())
	default:
	}
	if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("serve is gone: %v", err)
	}
	resp, err := http.Get("http://" + web + "/healthz")
	if err != nil {
		t.Fatalf("healthz after the hammering: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: HTTP %d", resp.StatusCode)
	}
	client, err := servetest.Dial(sshAddr, servetest.Config(agent.name, gossh.PublicKeys(agent.signer)))
	if err != nil {
		t.Fatalf("the agent cannot log in after the hammering: %v\n%s", err, logs.String())
	}
	sess, err := servetest.Start(client, "xterm-256color", 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.WaitFor(sshWait, "alice", "SHOP-1"); err != nil {
		t.Fatalf("the agent's screen: %v", err)
	}
	sess.Close()
	if after := storeDigest(t, db); after != before {
		t.Fatalf("the store changed under the hammering")
	}
	// A good push still lands.
	want := fake.AddDelivered(num, time.Now().Add(-72*time.Hour))
	body := fake.PushBody("TRACKING_UPDATED", num)
	req, _ := http.NewRequest("POST", "http://"+web+"/webhooks/17track", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("sign", track17fake.SignPush(body, secret))
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("a good push after the hammering: %v %v", resp, err)
	}
	resp.Body.Close()
	if got := strings.Count(waybill(t, "show", "--json", "--db", db, num).stdout, `"raw_status"`); got != want {
		t.Fatalf("the good push stored %d events, want %d", got, want)
	}
	t.Logf("faults injected: %d; serve stayed up", faults.Load())
}
