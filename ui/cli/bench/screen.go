package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/ui"
)

// firstFrame opens the store and renders the first complete screen, and
// returns how long that took and how long until what fills in after it
// (the timeline's ETA, which a cold store learns from every delivered
// parcel first) was on screen too.
func firstFrame(ctx context.Context, p Ports, path string, opts ui.Options) (first, filled time.Duration, err error) {
	start := time.Now()
	db, err := p.Open(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	opts = screenOptions(db, opts.Hub)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := ui.NewDriver(ctx, opts, 160, 45)
	d.StartFirst(160, 45)
	first = time.Since(start)
	d.Settle()
	filled = time.Since(start)
	if d.Rows() == 0 {
		return 0, 0, errors.New("bench: the first frame shows no orders")
	}
	return first, filled, nil
}

// screenOptions are a screen's options on the bench's store with the ports
// the real screen has: the service, and the ETA and history reads (the
// first frame loads the ETA model).
func screenOptions(db Store, hub *tracker.Hub) ui.Options {
	clock := tracker.SystemClock{}
	return ui.Options{Reader: db, Service: tracker.NewService(db, clock, hub, db), ETA: db, History: db,
		Hub: hub, Clock: clock, Title: "bench"}
}

// navigate times Update+View of navigation keys over the whole list.
func navigate(ctx context.Context, opts ui.Options) []float64 {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := ui.NewDriver(ctx, opts, 160, 45)
	d.Start(160, 45)
	var keys []string
	for range 400 {
		keys = append(keys, "j")
	}
	for range 30 {
		keys = append(keys, "pgdown")
	}
	keys = append(keys, "G")
	for range 200 {
		keys = append(keys, "k")
	}
	for range 30 {
		keys = append(keys, "pgup")
	}
	keys = append(keys, "g")
	out := make([]float64, 0, len(keys))
	for _, k := range keys {
		out = append(out, ms(d.Key(ui.KeyPress(k))))
	}
	return out
}

// filter types what people look for, one key at a time, and times
// each key until the narrowed list and its count are on screen (capped at
// 10,000 while typing: ui/ordercount.go). exact is what the exact count
// that follows a pause costs, for each prefix typed.
func filter(ctx context.Context, db tracker.Reader, opts ui.Options) (keys, exact []float64, err error) {
	sample, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 200})
	if err != nil || len(sample) < 3 {
		return nil, nil, fmt.Errorf("bench filter: sample rows: %d, %v", len(sample), err)
	}
	surname := sample[0].Buyer
	if i := strings.LastIndex(surname, " "); i >= 0 {
		surname = surname[i+1:]
	}
	queries := []string{surname, sample[1].TrackingNo[:min(8, len(sample[1].TrackingNo))],
		sample[2].OrderNo[:min(6, len(sample[2].OrderNo))], "US", "delivered", "in transit"}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := ui.NewDriver(ctx, opts, 160, 45)
	d.Start(160, 45)
	for _, q := range queries {
		d.Key(ui.KeyPress("/"))
		for i, r := range q {
			keys = append(keys, ms(d.KeyUntilShown(ui.KeyPress(string(r)))))
			typed := q[:i+len(string(r))]
			start := time.Now()
			if _, err := db.CountMatching(ctx, "", typed); err != nil {
				return nil, nil, fmt.Errorf("bench filter: count %q: %w", typed, err)
			}
			exact = append(exact, ms(time.Since(start)))
		}
		if d.Matches() <= 0 {
			return nil, nil, fmt.Errorf("bench filter: %q matches nothing", q)
		}
		keys = append(keys, ms(d.KeyUntilShown(ui.KeyPress("esc"))))
	}
	d.Settle()
	return keys, exact, nil
}

// ChildEnv set to "rss" runs `waybill bench` as the child whose memory
// Run measures (RSSChild).
const ChildEnv = "WAYBILL_BENCH_CHILD"

// peakRSS runs a child process that opens the TUI's model on the store,
// and returns its peak resident memory in MB.
func peakRSS(ctx context.Context, exe, path string) (float64, error) {
	cmd := exec.CommandContext(ctx, exe, "bench", "--db", path)
	cmd.Env = append(os.Environ(), ChildEnv+"=rss")
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("bench rss child: %w", err)
	}
	kb, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		return 0, fmt.Errorf("bench rss child said %q", out)
	}
	return kb / 1024, nil
}

// RSSChild is the child: the screen on the store, moved and
// filtered, then its peak RSS in kB on stdout.
func RSSChild(ctx context.Context, p Ports, path string, stdout io.Writer) error {
	db, err := p.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	opts := screenOptions(db, nil)
	navigate(ctx, opts)
	if _, _, err := filter(ctx, db, opts); err != nil {
		return err
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return fmt.Errorf("bench rss: %w", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Fprintln(stdout, strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return nil
		}
	}
	return errors.New("bench rss: no VmHWM in /proc/self/status")
}
