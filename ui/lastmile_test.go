package ui

import (
	"fmt"
	"strings"
	"testing"

	"waybill/tracker"
	"waybill/tracker/templates"
)

var lastMileUSPS = tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}

// The order view shows a parcel's last-mile number and carrier under its
// own, and its link is the last-mile carrier's page, the one the messages
// to buyers give; carrier text is shown without its terminal controls.
func TestOrderViewShowsTheLastMile(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			f := orderViewFake()
			d := f.orders[ovOrder]
			d.Shipments[0].LastMile = lastMileUSPS
			d.Shipments[1].LastMile = tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "Correos\x1b[5;31m \x1b]8;;http://evil.example\x07Express\x1b]8;;\x07"}
			f.orders[ovOrder] = d
			h := newHarness(t, Options{Reader: f, ETA: f}, size[0], size[1])
			openOrderOf(t, h)
			for _, want := range []string{
				"› LP000000047CN  Cainiao",
				"last mile 9400111206206406260787  USPS",
				"RB123456785GB  Royal Mail",
				"last mile PQ4F6P0703358900108001X  Correos Express",
			} {
				if !onScreenSomewhere(h, want) {
					t.Errorf("the order view never shows %q:\n%s", want, screen(h))
				}
			}
			text := strings.Join(strings.Fields(orderText(h.app.orderView)), "")
			if u := templates.TrackingURL("usps", lastMileUSPS.TrackingNo); !strings.Contains(text, u) {
				t.Errorf("the link %s is not there:\n%s", u, orderText(h.app.orderView))
			}
			if u := templates.TrackingURL("cainiao", "LP000000047CN"); strings.Contains(text, u) {
				t.Errorf("the parcel's first-leg link %s is still given", u)
			}
			checkScreen(t, "order view", h.view(), size[0], size[1])
		})
	}
}

// The timeline's header names both numbers when the pane is wide enough,
// the last-mile one when only it fits, and the parcel's own number for a
// parcel that kept it.
func TestTimelineHeaderShowsTheLastMile(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			f := newFakeReader(20)
			f.rows[0].LastMile = lastMileUSPS
			h := newHarness(t, Options{Reader: f}, size[0], size[1])
			top := timelineTop(t, h)
			if !strings.Contains(top, "9400111206206406260787") {
				t.Fatalf("the timeline header does not name the last-mile number: %q\n%s", top, screen(h))
			}
			if size[0] >= 120 && !strings.Contains(top, f.rows[0].TrackingNo+" → 9400111206206406260787") {
				t.Errorf("at %d columns the header should name both numbers: %q", size[0], top)
			}
			h.press("j") // a parcel without a last mile
			if top := timelineTop(t, h); strings.Contains(top, "→") || !strings.Contains(top, f.rows[1].TrackingNo) {
				t.Errorf("header of a parcel that kept its number: %q", top)
			}
			checkScreen(t, "timeline", h.view(), size[0], size[1])
		})
	}
}

// timelineTop is the screen line holding the timeline pane's top border.
func timelineTop(t *testing.T, h *harness) string {
	t.Helper()
	for _, l := range strings.Split(screen(h), "\n") {
		if i := strings.Index(l, "Timeline"); i >= 0 {
			return l[i:]
		}
	}
	t.Fatalf("no timeline pane:\n%s", screen(h))
	return ""
}

// What the header holds as the pane narrows.
func TestTimelineInfo(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lm    tracker.LastMile
		width int
		want  string
	}{
		{"no last mile", tracker.LastMile{}, 80, "LP00123456789012 · 8"},
		{"both with the carrier", lastMileUSPS, 80, "LP00123456789012 → 9400111206206406260787 USPS · 8"},
		{"both without the carrier", lastMileUSPS, 46, "LP00123456789012 → 9400111206206406260787 · 8"},
		{"both without the count", lastMileUSPS, 42, "LP00123456789012 → 9400111206206406260787"},
		{"the last mile with its carrier", lastMileUSPS, 35, "→ 9400111206206406260787 USPS · 8"},
		{"the last mile and the count", lastMileUSPS, 28, "→ 9400111206206406260787 · 8"},
		{"the last mile alone", lastMileUSPS, 24, "→ 9400111206206406260787"},
		{"too narrow for it", lastMileUSPS, 20, "LP00123456789012 · 8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := timelineInfo("LP00123456789012", tc.lm, 8, tc.width); got != tc.want {
				t.Fatalf("timelineInfo = %q, want %q", got, tc.want)
			}
		})
	}
}
