package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"waybill/tracker"
	"waybill/ui/cli/table"
	"waybill/ui/i18n"
)

// MaxGrowth is how much a figure that follows the store's size may grow
// from the smallest scale of a sitting to the largest: "within 25%".
const MaxGrowth = 1.25

// followed are the figures of a sitting that must not grow with the store
// (issue 24): the line and which of its numbers, "median" or "p99".
var followed = map[string][]string{
	"first_frame":      {"median"},
	"first_frame_cold": {"median"},
	"nav_key":          {"p99"},
	"filter_key":       {"median", "p99"},
	"tui_rss":          {"median"},
	"ssh_open":         {"median", "p99"},
}

// Sitting is one run of the bench over several sizes of store.
type Sitting struct {
	Scales []int // orders in each store, smallest first
	// Scratch holds the stores when Keep is empty (each deleted once
	// measured, so only one is on disk at a time) and the refresher's.
	Scratch string
	// Keep keeps the stores in this folder, as orders-N.db; Reuse
	// measures the ones there instead of building them.
	Keep  string
	Reuse bool
}

// Scale is what a sitting measured at one size of store.
type Scale struct {
	Orders int
	Lines  []Line
}

// StorePath is where a sitting keeps its store of n orders in dir.
func StorePath(dir string, n int) string {
	return filepath.Join(dir, "orders-"+strconv.Itoa(n)+".db")
}

// RunScales builds a store of each size in turn, smallest first, and
// measures it: every measure at the largest, those that follow the
// store's size (first frame, keys, memory, SSH sessions opening) at each.
// A store not kept is deleted before the next is built, which bounds the
// disk a sitting uses to its largest store.
func RunScales(ctx context.Context, p Ports, s Sitting, exe string, progress io.Writer, tr *i18n.Printer) ([]Scale, error) {
	start := time.Now()
	var out []Scale
	for i, n := range s.Scales {
		say := func(format string, args ...any) {
			fmt.Fprintf(progress, "bench: %s\n", tr.Plain("%d orders (%d of %d), %v: %s", n, i+1, len(s.Scales),
				time.Since(start).Round(time.Second), tr.Plain(format, args...)))
		}
		dir := s.Scratch
		if s.Keep != "" {
			dir = s.Keep
		}
		path := StorePath(dir, n)
		var lines []Line
		if s.Reuse {
			if _, err := os.Stat(path); err != nil {
				return nil, tracker.Wrapf(errReuseMissing, n, err)
			}
			say("measuring the store at %s", path)
		} else {
			if _, err := os.Stat(path); err == nil {
				return nil, tracker.Wrapf(errStoreExists, path)
			}
			say("building a store at %s", path)
			plain := filepath.Join(s.Scratch, "plain.db")
			built, err := Build(ctx, p, path, plain, n)
			// The yardstick's rows are as many as the store's events:
			// gone before the measures, and before the next store.
			removeDB(plain)
			if err != nil {
				return nil, tracker.Wrapf(errBuild, n, err)
			}
			say("built: %d shipments, %d events in %v", built.Shipments, built.Events, built.Took.Round(time.Millisecond))
			lines = builtLines(built)
		}
		m, err := measure(ctx, p, path, s.Scratch, exe, i == len(s.Scales)-1, say)
		if err != nil {
			return nil, tracker.Wrapf(errMeasure, n, err)
		}
		if s.Keep == "" {
			removeDB(path)
		}
		out = append(out, Scale{Orders: n, Lines: append(lines, m...)})
	}
	return out, nil
}

// removeDB deletes an SQLite store and the files beside it.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		// A file left over goes with the scratch folder at the end.
		_ = os.Remove(path + suffix)
	}
}

// Row is one figure of a sitting across its scales.
type Row struct {
	Name, Unit string
	Values     []float64 // one a scale, smallest first; NaN where not measured
	Budget     float64   // NaN: none
	AtMost     bool
	Followed   bool // must stay within MaxGrowth from smallest to largest
}

// Growth is the largest scale's figure over the smallest's; NaN when
// either is missing.
func (r Row) Growth() float64 {
	if len(r.Values) == 0 {
		return math.NaN()
	}
	lo, hi := r.Values[0], r.Values[len(r.Values)-1]
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi):
		return math.NaN()
	case lo == 0 && hi == 0:
		return 1
	case lo == 0:
		return math.Inf(1)
	}
	return hi / lo
}

// Flat says a followed figure stayed within MaxGrowth; a figure not
// followed is flat, one not measured at both ends is not.
func (r Row) Flat() bool {
	if !r.Followed {
		return true
	}
	g := r.Growth()
	return !math.IsNaN(g) && g <= MaxGrowth
}

// OK says the budget is met at every scale where the figure was measured.
func (r Row) OK() bool {
	if math.IsNaN(r.Budget) {
		return true
	}
	for _, v := range r.Values {
		if math.IsNaN(v) {
			continue
		}
		if r.AtMost && v > r.Budget || !r.AtMost && v < r.Budget {
			return false
		}
	}
	return true
}

// Rows are the figures of a sitting, in the order of the largest scale's
// lines: each followed figure of a line, or the figure its budget holds.
func Rows(scales []Scale) []Row {
	if len(scales) == 0 {
		return nil
	}
	type pick struct {
		line string
		p99  bool
	}
	var rows []Row
	var picks []pick
	for _, l := range scales[len(scales)-1].Lines {
		figs := followed[l.Name]
		if len(figs) == 0 {
			figs = []string{"median"}
			if l.OnP99 {
				figs = []string{"p99"}
			}
		}
		for _, f := range figs {
			p99 := f == "p99"
			r := Row{Name: figureName(l, p99), Unit: l.Unit, Budget: math.NaN(), AtMost: l.AtMost, Followed: followed[l.Name] != nil}
			switch {
			case p99 == l.OnP99: // the budget holds this figure
				r.Budget = l.Budget
			case p99 && l.P99Budget != 0:
				r.Budget = l.P99Budget
			}
			rows = append(rows, r)
			picks = append(picks, pick{l.Name, p99})
		}
	}
	for i := range rows {
		for _, s := range scales {
			v := math.NaN()
			if j := slices.IndexFunc(s.Lines, func(l Line) bool { return l.Name == picks[i].line }); j >= 0 {
				v = s.Lines[j].Median
				if picks[i].p99 {
					v = s.Lines[j].P99
				}
			}
			rows[i].Values = append(rows[i].Values, v)
		}
	}
	return rows
}

// figureName names a line's median or p99 as `waybill bench --json` does:
// a line held on its p99 has name_median and name_p99; any other its name,
// and name_p99 when its p99 is followed too.
func figureName(l Line, p99 bool) string {
	switch {
	case p99:
		return l.Name + "_p99"
	case l.OnP99:
		return l.Name + "_median"
	}
	return l.Name
}

// Failed says a sitting missed a budget at some scale, or a followed
// figure grew more than MaxGrowth.
func Failed(rows []Row) bool {
	for _, r := range rows {
		if !r.OK() || !r.Flat() {
			return true
		}
	}
	return false
}

// PrintScales writes a sitting as one table: a column a scale, the growth
// from the smallest to the largest and whether it is within MaxGrowth,
// and the budget, met at every scale or not; in tr's language (nil:
// English), laid out by display width, as Print.
func PrintScales(w io.Writer, scales []Scale, rows []Row, tr *i18n.Printer) {
	tw := table.New(w)
	fmt.Fprint(tw, tr.Plain("MEASURE"))
	for _, s := range scales {
		fmt.Fprintf(tw, "\t%d", s.Orders)
	}
	fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\t%s\n", tr.Plain("GROWTH"), tr.Plain("FLAT"), tr.Plain("UNIT"), tr.Plain("BUDGET"), tr.Plain("OK"))
	for _, r := range rows {
		fmt.Fprint(tw, r.Name)
		for _, v := range r.Values {
			fmt.Fprintf(tw, "\t%s", numBeside(v, r.Budget))
		}
		growth, flat := "—", "—"
		if r.Followed {
			growth, flat = num(r.Growth()), yesNo(tr, r.Flat())
		}
		budget, ok := "—", "—"
		if !math.IsNaN(r.Budget) {
			budget, ok = budgetText(r.Budget, r.AtMost, false), yesNo(tr, r.OK())
		}
		fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\t%s\n", growth, flat, r.Unit, budget, ok)
	}
	tw.Flush()
}

// ScaleEntry is an entry of `waybill bench --scales … --json`: a figure at
// one scale, or (Scale 0, name_growth) its growth across the sitting.
type ScaleEntry struct {
	Entry
	Scale int `json:"scale,omitempty"`
}

// ScalesJSON is what `waybill bench --scales … --json` prints: each
// scale's entries as the one-scale form gives them, with their scale, and
// its followed figures not among them; then each followed
// figure's growth, its budget MaxGrowth. A growth that is no number (a
// figure of 0 at the smallest scale) is left out: JSON has no infinity.
func ScalesJSON(scales []Scale, rows []Row) []ScaleEntry {
	var out []ScaleEntry
	for i, s := range scales {
		have := map[string]bool{}
		for _, e := range ToJSON(s.Lines) {
			have[e.Name] = true
			out = append(out, ScaleEntry{Entry: e, Scale: s.Orders})
		}
		for _, r := range rows {
			if v := r.Values[i]; r.Followed && !have[r.Name] && !math.IsNaN(v) {
				out = append(out, ScaleEntry{Entry: Entry{Name: r.Name, Value: v, Unit: r.Unit}, Scale: s.Orders})
			}
		}
	}
	for _, r := range rows {
		g := r.Growth()
		if !r.Followed || math.IsNaN(g) || math.IsInf(g, 0) {
			continue
		}
		b, ok := MaxGrowth, r.Flat()
		out = append(out, ScaleEntry{Entry: Entry{Name: r.Name + "_growth", Value: g, Unit: "×", Budget: &b, OK: &ok}})
	}
	return out
}
