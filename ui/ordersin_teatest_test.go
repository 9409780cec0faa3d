package ui

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/store"
	"waybill/tracker"
)

// The store is the store of the service the screen acts through.
var _ tracker.ActionStore = (*store.DB)(nil)

// screenProbe keeps the last frame, as text, for a test to wait on.
type screenProbe struct {
	app  *App
	mu   sync.Mutex
	last string
}

func (p *screenProbe) Init() tea.Cmd { return p.app.Init() }

func (p *screenProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.app.Update(msg)
	s := plainView(p.app)
	p.mu.Lock()
	p.last = s
	p.mu.Unlock()
	return p, cmd
}

func (p *screenProbe) View() tea.View { return p.app.View() }

func (p *screenProbe) screen() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

func (p *screenProbe) waitFor(t *testing.T, want string) string {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		s := p.screen()
		if strings.Contains(squash(s), want) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q; screen:\n%s", want, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// s10 makes a valid UPU S10 number: the serial's mod 11 check digit.
func s10(prefix string, serial int, country string) string {
	d := []byte(strconv.Itoa(100000000 + serial)[1:])
	sum := 0
	for i, w := range []int{8, 6, 4, 2, 3, 5, 9, 7} {
		sum += int(d[i]-'0') * w
	}
	c := 11 - sum%11
	switch c {
	case 10:
		c = 0
	case 11:
		c = 5
	}
	return prefix + string(d) + strconv.Itoa(c) + country
}

// A person adds one order with the form, fixing a typo from the
// suggestions, then pastes a list, on the real program over a real store:
// each write lands in the store, and the confirmation screen is the
// golden.
func TestTeatestAddAndPaste(t *testing.T) {
	db, _, hub := demoStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Hub: hub, Clock: tracker.NewFixedClock(fixedNow), Title: "demo.db"})
	app.tickEvery = 0
	p := &screenProbe{app: app}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(110, 32),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	typeText := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	p.waitFor(t, "a add")

	tm.Send(KeyPress("a"))
	p.waitFor(t, "Add an order")
	typeText("WB-T1")
	tm.Send(KeyPress("tab"))
	typeText("RR123456784CN")
	p.waitFor(t, "alt+3 RR123456785CN")
	tm.Send(alt('3'))
	p.waitFor(t, "✓ China Post")
	tm.Send(KeyPress("enter"))
	p.waitFor(t, "added RR123456785CN (china-post) to order WB-T1")
	d, err := db.FindOrder(ctx, "WB-T1", false)
	if err != nil || len(d.Shipments) != 1 || d.Shipments[0].TrackingNo != "RR123456785CN" || d.Shipments[0].Carrier != "china-post" {
		t.Fatalf("stored %+v, %v", d, err)
	}
	// The hub's notice shows the new row in the list.
	p.waitFor(t, "WB-T1 RR123456785CN")

	a, b := s10("RB", 11, "GB"), s10("RB", 12, "GB")
	tm.Send(tea.PasteMsg{Content: "WB-T2\t" + a + "\n" + b + " WB-T2\nWB-T3," + "RR123456785CN\n" + "RR123456784CN\n"})
	p.waitFor(t, "4 lines: 2 ok · 1 invalid · 1 already stored → 2 to add")
	golden.RequireEqual(t, p.screen())
	tm.Send(KeyPress("enter"))
	p.waitFor(t, "added 2 parcels to 1 orders (1 new); 2 lines skipped")
	d, err = db.FindOrder(ctx, "WB-T2", false)
	if err != nil || len(d.Shipments) != 2 || d.Status != tracker.OrderShipped {
		t.Fatalf("stored %+v, %v", d, err)
	}
	if _, err := db.FindOrder(ctx, "WB-T3", false); err == nil {
		t.Error("a line of a number already stored made an order")
	}
	tm.Send(KeyPress("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
}
