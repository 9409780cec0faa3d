package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
)

func TestCutWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    string
		w    int
		want string
	}{
		{"fits", "refreshed 3 parcels", 30, "refreshed 3 parcels"},
		{"at a word boundary", "17track stopped: key rejected by the service", 24, "17track stopped: key…"},
		{"never inside a word", "Returning 2", 10, "Returning…"},
		{"a first word too long is cut where it must", "/home/seller/very/long/path.xlsx", 12, "/home/selle…"},
		{"Chinese counts two cells a character", "导入 完成 共计 十二 个 包裹", 12, "导入 完成…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cutWords(tc.s, tc.w)
			if got != tc.want || widthOf(got) > tc.w {
				t.Errorf("cutWords(%q, %d) = %q (%d wide), want %q", tc.s, tc.w, got, widthOf(got), tc.want)
			}
		})
	}
}

// The status line at several widths: whole items by rank, exactly the
// width, the "+N more" marker when counts were left out.
func TestStatusBarDropsWholeItems(t *testing.T) {
	counts := map[tracker.Status]int{tracker.StatusPending: 6, tracker.StatusInfoReceived: 10, tracker.StatusInTransit: 84,
		tracker.StatusCustoms: 13, tracker.StatusOutForDelivery: 1, tracker.StatusDelivered: 187, tracker.StatusReturning: 2}
	bar := func(actor tracker.Actor, ref *tracker.RefresherState) *statusBar {
		c := &common{styles: NewStyles(true), actor: actor, now: fixedNow, refresher: &fakeRefresher{}}
		m := newStatusBar(c)
		m.onCounts(statusCountsMsg{counts: counts, checked: 50})
		if ref != nil {
			m.setRefresher(*ref)
		}
		return m
	}
	idle := &tracker.RefresherState{LastPass: fixedNow.Add(-2 * time.Minute), NextPass: fixedNow.Add(3 * time.Minute),
		Last: tracker.ApplySummary{Checked: 313, NewEvents: 12}}
	stopped := &tracker.RefresherState{Services: []tracker.ServiceHealth{{Service: "17track", State: tracker.HealthStopped,
		Reason: "key rejected: 17track: auth", LastOK: fixedNow.Add(-time.Hour)}}}
	for _, tc := range []struct {
		name        string
		m           *statusBar
		msg         string
		w           int
		left, right string
	}{
		{"everything fits", bar(tracker.Actor{}, idle), "", 200,
			"⚠ 50 orders to check · 303 parcels: Pending 6 · Info received 10 · In transit 84 · Customs 13 · Out for delivery 1 · Delivered 187 · Returning 2",
			"idle · last 13:58 · next 14:03 · 313 checked/12 new"},
		{"the finished and early counts go first, and say so", bar(tracker.Actor{}, idle), "", 120,
			"⚠ 50 orders to check · 303 parcels: In transit 84 · Customs 13 · Returning 2 · +4 more",
			"last 13:58 · next 14:03"},
		{"at 80 what needs a person stays", bar(tracker.Actor{}, idle), "", 80,
			"⚠ 50 orders to check · 303 parcels: Customs 13 · Returning 2 · +5 more", ""},
		{"a stopped service stays, its reason shortened by words", bar(tracker.Actor{}, stopped), "", 60,
			"⚠ 50 orders to check", "17track stopped: key rejected:…"},
		{"an agent's name stays, a long message is shortened by words", bar(tracker.Actor{Name: "ana", Role: tracker.RoleAgent}, idle),
			"import is off in this session: ask an admin to allow it in [ssh] allow_import", 60,
			" ana · agent  import is off in this session: ask an admin…", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.msg != "" {
				tc.m.say(tc.msg, true)
			}
			line := tc.m.View(tc.w)
			if got := ansi.StringWidth(line); got != tc.w {
				t.Errorf("the line is %d wide, want %d", got, tc.w)
			}
			want := tc.left + strings.Repeat(" ", max(0, tc.w-widthOf(tc.left)-widthOf(tc.right))) + tc.right
			if plain := ansi.Strip(line); plain != want {
				t.Errorf("status line\n got %q\nwant %q", plain, want)
			}
		})
	}
}
