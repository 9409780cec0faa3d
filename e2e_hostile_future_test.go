package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/track17/track17fake"
)

// Issue 19, item 3: a carrier event dated 400 days ahead made the parcel
// delivered, and a real return an hour old then opened nothing. Pushed to
// `waybill serve` or polled by `waybill refresh`, an event whose date
// cannot be right is stored as sent, never decides the status or the
// exceptions, and is reported once with its parcel; so is a placeholder
// date (9999-12-31, 1970), which the adapters used to drop silently.
func TestHostileFutureEventMasksNothing(t *testing.T) {
	t.Parallel()                     // its own store, files and servers; env goes to the subprocess, never t.Setenv
	polled := track17fake.New(t, 40) // what `refresh` and serve's refresher ask
	pushes := track17fake.New(t, 40) // builds the pushes' bodies only
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	const secret = "push-secret"
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\nwebhook_secret = %q\n\n[refresh]\ninterval = \"1h\"\n",
		polled.Key(), polled.URL(), secret)), 0o600)
	now := time.Now().UTC().Truncate(time.Second)
	shipped := now.AddDate(0, 0, -3).Format("2006-01-02")
	const pushed, polledNo = "RB123456785GB", "RR123456785CN"
	for i, num := range []string{pushed, polledNo} {
		if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", fmt.Sprintf("SHOP-%d", i+1), "--tracking", num, "--shipped", shipped); r.code != 0 {
			t.Fatalf("add %s: %s", num, r.stderr)
		}
	}
	future := track17fake.Event{Time: now.AddDate(0, 0, 400), Stage: "Delivered", SubStatus: "Delivered_Other", Description: "Delivered, in/at mailbox", Location: "Brooklyn"}
	returning := track17fake.Event{Time: now.Add(-time.Hour), SubStatus: "Exception_Returning", Description: "Returning to sender", Location: "New York"}
	placeholder := track17fake.Event{Time: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), SubStatus: "InTransit_Other", Description: "Sorted", Location: "Nowhere"}
	epoch := track17fake.Event{Time: time.Unix(0, 0).UTC(), SubStatus: "InTransit_Other", Description: "Accepted", Location: "Nowhere"}
	stamp := func(e track17fake.Event) string { return e.Time.UTC().Format(time.RFC3339) }

	t.Run("pushed to serve", func(t *testing.T) {
		cmd := exec.Command(binary, "serve", "--http", "127.0.0.1:0", "--db", db, "--config", cfg)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		stderr := &lockedBuffer{}
		cmd.Stderr = stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		logged := &lockedBuffer{}
		r := bufio.NewReader(out)
		first, _ := r.ReadString('\n')
		copied := make(chan struct{})
		go func() { io.Copy(logged, r); close(copied) }()
		go func() { <-copied; exited <- cmd.Wait() }()
		var once sync.Once
		stop := func() {
			once.Do(func() {
				cmd.Process.Signal(os.Interrupt)
				select {
				case <-exited:
				case <-time.After(20 * time.Second):
					cmd.Process.Kill()
					<-exited
				}
			})
		}
		defer stop()
		m := httpListenRE.FindStringSubmatch(first)
		if m == nil {
			t.Fatalf("serve said %q\n%s", first, stderr.String())
		}
		push := func(what string) {
			t.Helper()
			body := pushes.PushBody("TRACKING_UPDATED", pushed)
			req, _ := http.NewRequest("POST", "http://"+m[1]+"/webhooks/17track", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("sign", track17fake.SignPush(body, secret))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("push %s: %v", what, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("push %s: HTTP %d\n%s", what, resp.StatusCode, stderr.String())
			}
		}
		// The attack: a delivery 400 days ahead, then the real news, the
		// whole history each time as 17TRACK sends it, and a replay.
		pushes.AddEvents(pushed, future)
		push("of the future delivery")
		pushes.AddEvents(pushed, returning, placeholder)
		push("of the real return")
		push("again")

		show := waybill(t, "show", "--json", "--db", db, pushed)
		if show.code != 0 {
			t.Fatalf("show: exit %d\n%s", show.code, show.stderr)
		}
		var o struct {
			Shipments []struct {
				Status string `json:"status"`
				Events []struct {
					Time      string `json:"time"`
					RawStatus string `json:"raw_status"`
				} `json:"events"`
			} `json:"shipments"`
		}
		if err := json.Unmarshal([]byte(show.stdout), &o); err != nil || len(o.Shipments) != 1 {
			t.Fatalf("show --json: %v\n%s", err, show.stdout)
		}
		sh := o.Shipments[0]
		if sh.Status != "returning" {
			t.Errorf("status %q, want returning: a date 400 days ahead decided it", sh.Status)
		}
		kept := map[string]bool{}
		for _, e := range sh.Events {
			kept[e.RawStatus+"@"+e.Time] = true
		}
		for _, e := range []track17fake.Event{future, placeholder} {
			if !kept[e.SubStatus+"@"+stamp(e)] {
				t.Errorf("the event of %s %s is not kept as sent: %+v", stamp(e), e.SubStatus, sh.Events)
			}
		}
		ex := waybill(t, "exception", "list", "--json", "--db", db, "--kind", "returning")
		if ex.code != 0 || !strings.Contains(ex.stdout, pushed) {
			t.Errorf("no open returning exception for %s: exit %d\n%s%s", pushed, ex.code, ex.stdout, ex.stderr)
		}

		stop()
		log := logged.String()
		for _, e := range []track17fake.Event{future, placeholder} {
			line := "suspect time: " + pushed + ": event dated " + stamp(e)
			if n := strings.Count(log, line); n != 1 {
				t.Errorf("serve's log tells %q %d times, want once:\n%s", line, n, log)
			}
		}
		if n := strings.Count(log, "suspect time:"); n != 2 {
			t.Errorf("serve's log tells %d suspect events, want 2 (the real return is none):\n%s", n, log)
		}
	})

	t.Run("polled by refresh", func(t *testing.T) {
		polled.AddEvents(polledNo,
			track17fake.Event{Time: now.Add(-48 * time.Hour), Stage: "PickedUp", SubStatus: "InTransit_PickedUp", Description: "Acceptance", Location: "Shenzhen"},
			future, epoch)
		r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, polledNo)
		if r.code != 0 {
			t.Fatalf("refresh: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		for _, e := range []track17fake.Event{future, epoch} {
			line := "suspect time: " + polledNo + ": event dated " + stamp(e)
			if n := strings.Count(r.stdout, line); n != 1 {
				t.Errorf("the refresh summary tells %q %d times, want once:\n%s", line, n, r.stdout)
			}
		}
		again := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, polledNo)
		if again.code != 0 || strings.Contains(again.stdout, "suspect time") {
			t.Errorf("a second refresh of the same history tells again: exit %d\n%s%s", again.code, again.stdout, again.stderr)
		}
		show := waybill(t, "show", "--json", "--db", db, polledNo)
		if !strings.Contains(show.stdout, `"status": "in_transit"`) && !strings.Contains(show.stdout, `"status":"in_transit"`) {
			t.Errorf("status of %s is not in transit:\n%s", polledNo, show.stdout)
		}
	})
}
