package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/carriers/kuaidi100/kuaidi100fake"
)

// kuaidi100Config writes a config for the fake; extra goes into
// [carriers.kuaidi100].
func kuaidi100Config(t *testing.T, fake *kuaidi100fake.Server, extra string) (db, cfg string) {
	t.Helper()
	dir := t.TempDir()
	db = e2eStoreIn(t, dir, "w.db")
	cfg = filepath.Join(dir, "config.toml")
	src := fmt.Sprintf("[carriers.kuaidi100]\napi_key = %q\ncustomer = %q\nbase_url = %q\n%s",
		fake.Key(), kuaidi100fake.Customer, fake.URL(), extra)
	if err := os.WriteFile(cfg, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return db, cfg
}

// showStatus is a parcel's status as `show --json` tells it.
func showStatus(t *testing.T, db, cfg, num string) string {
	t.Helper()
	r := waybill(t, "show", "--json", "--db", db, "--config", cfg, num)
	var o struct {
		Shipments []struct {
			Status string `json:"status"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil || len(o.Shipments) != 1 {
		t.Fatalf("show %s: %v\n%s%s", num, err, r.stdout, r.stderr)
	}
	return o.Shipments[0].Status
}

// With callback_url, refresh subscribes each number once (and says so);
// a second run, even one that checks the same parcels by name, and so
// outside the due queue, subscribes none again. The push Kuaidi100 then
// sends, signed with the salt the subscription gave, is stored by `serve`.
func TestKuaidi100SubscribesEachNumberOnce(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := kuaidi100fake.New(t, 1)
	fake.SetMinInterval(0)
	const salt = "kd100-salt-e2e"
	db, cfg := kuaidi100Config(t, fake, fmt.Sprintf("webhook_secret = %q\ncallback_url = \"https://shop.example/webhooks/kuaidi100\"\n", salt))
	nums := []string{"RR123456785CN", "RR000000014CN"}
	for i, n := range nums {
		if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", fmt.Sprintf("SHOP-%d", i), "--tracking", n); r.code != 0 {
			t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	fake.AddDelivered(nums[0], time.Now().Add(-200*time.Hour))

	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, "subscribed 2 for pushes") {
		t.Fatalf("first refresh: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	subs := fake.Subscriptions()
	if len(subs) != 2 {
		t.Fatalf("%d subscriptions, want 2: %+v", len(subs), subs)
	}
	for _, s := range subs {
		if s.ReturnCode != "200" || s.CallbackURL != "https://shop.example/webhooks/kuaidi100" || s.Salt != salt || s.Company != "youzhengguoji" {
			t.Fatalf("subscription %+v", s)
		}
	}

	r = waybill(t, "refresh", "--once", "--db", db, "--config", cfg, nums[0], nums[1])
	if r.code != 0 || strings.Contains(r.stdout, "subscribed") {
		t.Fatalf("second refresh: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(fake.Subscriptions()); n != 2 {
		t.Fatalf("%d subscriptions after a second run, want still 2", n)
	}

	// The push, as Kuaidi100 sends it to the callback, reaches serve.
	if got := showStatus(t, db, cfg, nums[1]); got != "pending" {
		t.Fatalf("status before the push %q", got)
	}
	fake.AddDelivered(nums[1], time.Now().Add(-200*time.Hour))
	addr := serveHTTP(t, db, cfg)
	sub, ok := fake.Subscribed(nums[1])
	if !ok {
		t.Fatalf("Kuaidi100 does not follow %s", nums[1])
	}
	resp, err := http.PostForm("http://"+addr+"/webhooks/kuaidi100", fake.PushForm(nums[1], "shutdown", sub.Salt))
	if err != nil {
		t.Fatal(err)
	}
	var ack struct {
		Result bool `json:"result"`
	}
	json.NewDecoder(resp.Body).Decode(&ack)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !ack.Result {
		t.Fatalf("push answered %d %+v", resp.StatusCode, ack)
	}
	if got := showStatus(t, db, cfg, nums[1]); got != "delivered" {
		t.Fatalf("status after the push %q, want delivered", got)
	}
}

// Without callback_url, nothing is subscribed: Kuaidi100 is polled only.
func TestKuaidi100WithoutCallbackPollsOnly(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := kuaidi100fake.New(t, 1)
	db, cfg := kuaidi100Config(t, fake, "webhook_secret = \"s\"\n")
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", "RR123456785CN"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if r.code != 0 || strings.Contains(r.stdout, "subscribed") || len(fake.Subscriptions()) != 0 || fake.Stats().Requests != 1 {
		t.Fatalf("exit %d, %d subscriptions, %d requests\n%s%s", r.code, len(fake.Subscriptions()), fake.Stats().Requests, r.stdout, r.stderr)
	}
}

// The documented 400 for one number's bad data ("…或者贵公司没授权") is
// that number's failure: the next number is still checked, and the
// service is not stopped.
func TestKuaidi100BadDataLeavesTheServiceRunning(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := kuaidi100fake.New(t, 1)
	fake.SetMinInterval(0)
	db, cfg := kuaidi100Config(t, fake, "")
	bad, good := "RR000000014CN", "RR123456785CN"
	for i, n := range []string{bad, good} { // the bad one first: it is due first
		if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", fmt.Sprintf("SHOP-%d", i), "--tracking", n); r.code != 0 {
			t.Fatalf("add: %s", r.stderr)
		}
	}
	fake.Add(bad, kuaidi100fake.Trail{BadData: true})
	fake.AddDelivered(good, time.Now().Add(-200*time.Hour))
	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if !strings.Contains(r.stdout, "checked 2,") || !strings.Contains(r.stdout, "returnCode 400") {
		t.Fatalf("exit %d, want both checked and the 400 named\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, word := range []string{"stopped", "key rejected"} {
		if strings.Contains(r.stdout, word) {
			t.Fatalf("the service %s over one number's bad data:\n%s", word, r.stdout)
		}
	}
	if got := showStatus(t, db, cfg, good); got != "delivered" {
		t.Fatalf("the good number is %q, want delivered", got)
	}
}

// A parcel the recipient refused (state 14) is a failed delivery, still
// followed: the way back comes with a later check.
func TestKuaidi100RefusedParcelIsFollowedBack(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := kuaidi100fake.New(t, 1)
	fake.SetMinInterval(0)
	db, cfg := kuaidi100Config(t, fake, "")
	const num = "RR123456785CN"
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	shipped := time.Now().Add(-100 * time.Hour)
	fake.AddRefused(num, shipped)
	var upTo []kuaidi100fake.Event
	for _, h := range []struct {
		d          time.Duration
		name, code string
	}{{time.Hour, "揽收", "103"}, {30 * time.Hour, "派件", "5"}, {34 * time.Hour, "拒签", "14"}} {
		upTo = append(upTo, kuaidi100fake.Event{Time: kuaidi100fake.ChinaTime(shipped.Add(h.d)), Context: h.name, Status: h.name, StatusCode: h.code})
	}
	fake.Add(num, kuaidi100fake.Trail{State: "14", Events: upTo})
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg); r.code != 0 {
		t.Fatalf("refresh: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := showStatus(t, db, cfg, num); got != "delivery_failed" {
		t.Fatalf("after the refusal %q, want delivery_failed", got)
	}
	fake.AddRefused(num, shipped)
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, num); r.code != 0 {
		t.Fatalf("refresh: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := showStatus(t, db, cfg, num); got != "returned" {
		t.Fatalf("after the way back %q, want returned", got)
	}
}

// An SF Express parcel is tracked with the last four digits of the
// order's phone, imported from the order file; without them SF answers 408.
func TestKuaidi100SendsTheOrdersPhone(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := kuaidi100fake.New(t, 1)
	db, cfg := kuaidi100Config(t, fake, "")
	const num = "SF1234567890123"
	fake.Add(num, kuaidi100fake.Trail{Com: "shunfeng", Phone: "13800138000", Events: []kuaidi100fake.Event{
		{Time: kuaidi100fake.ChinaTime(time.Now().Add(-48 * time.Hour)), Context: "【深圳市】顺丰速运 已收取快件", Status: "揽收", StatusCode: "103"},
	}})
	file := filepath.Join(filepath.Dir(cfg), "orders.csv")
	os.WriteFile(file, []byte("order_no,tracking_no,carrier,buyer,phone\nSF-1,"+num+",sf-express,Li Lei,+86 138-0013-8000\n"), 0o600)
	if r := waybill(t, "import", "--db", db, "--config", cfg, file); r.code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if r.code != 0 || strings.Contains(r.stdout, "408") || !strings.Contains(r.stdout, "new events 1") {
		t.Fatalf("refresh: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Param["phone"] != "8000" {
		t.Fatalf("queries %+v, want one with phone 8000", reqs)
	}
}

// serveHTTP starts `waybill serve --http` on a free port until the test
// ends, and returns its address.
func serveHTTP(t *testing.T, db, cfg string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary, "serve", "--http", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
	})
	line, _ := bufio.NewReader(out).ReadString('\n')
	m := httpListenRE.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("serve said %q", line)
	}
	return m[1]
}
