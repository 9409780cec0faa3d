// Package bench is `waybill bench`: it builds a throwaway store of demo
// orders from the simulated carrier through the store's own write path and
// measures it against the budgets of DESIGN §8 (the screen, ingest, the
// refresher, memory, SSH sessions). main hands it the store and the
// simulator (Ports), which ui may not import.
package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/ui/cli/table"
	"waybill/ui/i18n"
)

// Ports are what the bench builds its stores from.
type Ports struct {
	// Open opens (creating it) the store at path.
	Open func(ctx context.Context, path string) (Store, error)
	// OpenPlain creates a table with no key or index at path, replacing
	// any: the yardstick ingest is measured against. Given the URL of a
	// store on PostgreSQL it is a table in that database, filled by
	// PostgreSQL's own COPY, and dropped on Close.
	OpenPlain func(ctx context.Context, path string) (PlainTable, error)
	// Tables lists the tables of the PostgreSQL database at a URL: the
	// bench builds its store only in an empty one.
	Tables func(ctx context.Context, url string) ([]string, error)
	// Sibling makes a second, empty store beside the PostgreSQL store at
	// url (a schema of the same database) and returns its URL and what
	// removes it: the refresher's store of its own.
	Sibling func(ctx context.Context, url, name string) (string, func(context.Context) error, error)
	// Simulator is the simulated carrier of the demo orders.
	Simulator func(seed int64, clock tracker.Clock) tracker.Carrier
}

// Store is the store the bench builds and measures.
type Store interface {
	tracker.Reader        // the screens read it
	tracker.ActionStore   // and act on it, through tracker.Service
	tracker.ETAReader     // the screens show ETAs: the first frame loads the ETA model
	tracker.HistoryReader // the scorecard
	tracker.Store         // the refresher and the writer write it
	// AddDemoOrders adds n simulated orders shipped before now; a store
	// that was empty becomes a demo store.
	AddDemoOrders(ctx context.Context, n int, seed int64, now time.Time) error
	DueShipments(ctx context.Context, now time.Time, limit int) ([]tracker.Shipment, error)
	// ForgetSavedETAModel makes the next screen build its ETA model cold.
	ForgetSavedETAModel(ctx context.Context) error
	Path() string
	Close() error
}

// PlainTable takes the rows of updates with nothing checked or indexed.
type PlainTable interface {
	Insert(ctx context.Context, updates []tracker.Update) (int, error)
	Close() error
}

// seed makes the bench's store the same on every run.
const seed = 1

// Line is one measurement: its median and, where it applies, p99;
// Budget is set when the measurement has one. AtMost says which side of
// the budget is good.
type Line struct {
	Name, Unit string
	Median     float64
	P99        float64 // NaN where it does not apply
	Budget     float64 // NaN: none
	AtMost     bool
	OnP99      bool // the budget holds the p99, not the median
	// P99Budget, when not 0, also holds the p99 of a line whose Budget
	// holds its median: a filter key's median and its slowest keys.
	P99Budget float64
	// Note says what was measured: a format of the catalog (ui/i18n),
	// printed with NoteArgs in the table's language.
	Note     string
	NoteArgs []any
}

// Judged is the figure the budget holds: the median, or the p99.
func (l Line) Judged() float64 {
	if l.OnP99 {
		return l.P99
	}
	return l.Median
}

// OK says the budget is met, or there is none.
func (l Line) OK() bool {
	if math.IsNaN(l.Budget) {
		return true
	}
	if l.P99Budget != 0 && !l.p99OK() {
		return false
	}
	if l.AtMost {
		return l.Judged() <= l.Budget
	}
	return l.Judged() >= l.Budget
}

// p99OK says the p99 meets P99Budget.
func (l Line) p99OK() bool {
	if l.AtMost {
		return l.P99 <= l.P99Budget
	}
	return l.P99 >= l.P99Budget
}

// Entry is one entry of `waybill bench --json`.
type Entry struct {
	Name   string   `json:"name"`
	Value  float64  `json:"value"`
	Unit   string   `json:"unit"`
	Budget *float64 `json:"budget"`
	OK     *bool    `json:"ok"`
}

// ToJSON is what `waybill bench --json` prints: a line with a p99 budget
// gives its median and its p99.
func ToJSON(lines []Line) []Entry {
	out := make([]Entry, 0, len(lines)*2)
	for _, l := range lines {
		e := Entry{Name: l.Name, Value: l.Judged(), Unit: l.Unit}
		if l.OnP99 {
			e.Name += "_p99"
			out = append(out, Entry{Name: l.Name + "_median", Value: l.Median, Unit: l.Unit})
		}
		if !math.IsNaN(l.Budget) {
			b, ok := l.Budget, l.OK()
			if l.P99Budget != 0 { // this entry is the median's
				ok = (l.AtMost && l.Median <= l.Budget) || (!l.AtMost && l.Median >= l.Budget)
			}
			e.Budget, e.OK = &b, &ok
		}
		out = append(out, e)
		if l.P99Budget != 0 {
			b, ok := l.P99Budget, l.p99OK()
			out = append(out, Entry{Name: l.Name + "_p99", Value: l.P99, Unit: l.Unit, Budget: &b, OK: &ok})
		}
	}
	return out
}

// Print writes the lines as a table in tr's language (nil: English):
// its heads, yes and no, and the notes; names, units and figures as
// they are. Columns line up by display width, as Chinese heads are two
// cells a character.
func Print(w io.Writer, lines []Line, tr *i18n.Printer) {
	tw := table.New(w)
	fmt.Fprintln(tw, strings.Join([]string{tr.Plain("MEASURE"), tr.Plain("MEDIAN"), "P99", tr.Plain("UNIT"), tr.Plain("BUDGET"), tr.Plain("OK"), tr.Plain("NOTE")}, "\t"))
	for _, l := range lines {
		budget, ok := "—", "—"
		if !math.IsNaN(l.Budget) {
			budget, ok = budgetText(l.Budget, l.AtMost, l.OnP99), yesNo(tr, l.OK())
			if l.P99Budget != 0 {
				budget += ", " + budgetText(l.P99Budget, l.AtMost, true)
			}
		}
		medianBudget, p99Budget := l.Budget, l.P99Budget
		if l.OnP99 {
			medianBudget, p99Budget = math.NaN(), l.Budget
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Name, numBeside(l.Median, medianBudget), numBeside(l.P99, p99Budget), l.Unit, budget, ok, l.note(tr))
	}
	tw.Flush()
}

// note is the line's note in tr's language.
func (l Line) note(tr *i18n.Printer) string {
	if l.Note == "" {
		return ""
	}
	return tr.Plain(l.Note, l.NoteArgs...)
}

// yesNo is a budget met or not in tr's language.
func yesNo(tr *i18n.Printer, yes bool) string {
	if yes {
		return tr.Plain("yes")
	}
	return tr.Plain("no")
}

// num writes a figure with as many decimals as its size wants.
func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 0):
		return "∞"
	case v >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// numBeside is v as num writes it, with as many more decimals as it takes
// to differ from the budget it is read against, when it is not the
// budget: a refresher at 1.1004× its bound missed "≤ 1.10" while the
// table said 1.10.
func numBeside(v, budget float64) string {
	s := num(v)
	if math.IsNaN(budget) || budget == 0 || v == budget || math.IsNaN(v) || math.IsInf(v, 0) || s != num(budget) {
		return s
	}
	dec := 0 // the decimals num wrote
	if i := strings.IndexByte(s, '.'); i >= 0 {
		dec = len(s) - i - 1
	}
	for dec < 9 {
		dec++
		if s = strconv.FormatFloat(v, 'f', dec, 64); s != strconv.FormatFloat(budget, 'f', dec, 64) {
			break
		}
	}
	return s
}

// budgetText is a budget as the tables show it: "≤ 300.0", "p99 ≤ 2.00".
func budgetText(budget float64, atMost, onP99 bool) string {
	op := "≥ "
	if atMost {
		op = "≤ "
	}
	if onP99 {
		op = "p99 " + op
	}
	return op + num(budget)
}

// quantiles returns the median and p99 of xs (nearest rank).
func quantiles(xs []float64) (median, p99 float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	at := func(q float64) float64 { return s[min(len(s)-1, int(math.Ceil(q*float64(len(s))))-1)] }
	return at(0.5), at(0.99)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Run builds the store at path (scratch files go in dir) and measures it,
// saying what it does on progress. exe is the waybill binary, run as the
// child whose memory is measured.
func Run(ctx context.Context, p Ports, path, dir string, n int, exe string, progress io.Writer, tr *i18n.Printer) ([]Line, error) {
	// The command's name leads each line, as it leads its errors.
	say := func(format string, args ...any) { fmt.Fprintf(progress, "bench: %s\n", tr.Plain(format, args...)) }
	say("building a store of %d demo orders at %s", n, path)
	plain := filepath.Join(dir, "plain.db")
	if tracker.IsStoreURL(path) {
		plain = path // a table of PostgreSQL's in the same database, this run
	}
	built, err := Build(ctx, p, path, plain, n)
	if err != nil {
		return nil, err
	}
	say("built: %d shipments, %d events in %v", built.Shipments, built.Events, built.Took.Round(time.Millisecond))
	lines, err := measure(ctx, p, path, dir, exe, true, say)
	if err != nil {
		return nil, err
	}
	return append(builtLines(built), lines...), nil
}

// builtLines are the ingest lines of a build; the bytes written, where
// they were counted.
func builtLines(built Built) []Line {
	nan := math.NaN()
	lines := []Line{
		{Name: "ingest_new", Unit: "events/s", Median: built.NewRate, P99: nan, Budget: 150_000,
			Note: "%d events, all new, in batches of 40 parcels through the refresher's writer: batches that queue commit together, up to %d parcels", NoteArgs: []any{built.Events, tracker.DefaultCommitParcels}},
		{Name: "ingest_polled", Unit: "events/s", Median: built.PollRate, P99: nan, Budget: 150_000,
			Note: "the same histories polled again: every event a repeat, dropped by dedupe"},
		{Name: "plain_insert", Unit: "rows/s", Median: built.PlainRate, P99: nan, Budget: nan,
			Note: "the same rows into a table with no key or index, %d parcels a transaction, this run (on PostgreSQL: its own COPY)", NoteArgs: []any{tracker.DefaultCommitParcels}},
		{Name: "ingest_new_vs_plain", Unit: "ratio", Median: built.NewRate / built.PlainRate, P99: nan, Budget: nan},
		{Name: "ingest_polled_vs_plain", Unit: "ratio", Median: built.PollRate / built.PlainRate, P99: nan, Budget: nan},
	}
	if !math.IsNaN(built.NewBytes) && !math.IsNaN(built.PlainBytes) {
		lines = append(lines,
			Line{Name: "ingest_new_bytes", Unit: "bytes/event", Median: built.NewBytes, P99: nan, Budget: nan,
				Note: "sent to the disk for each new event: the WAL and its checkpoints (write_bytes of /proc/self/io)"},
			Line{Name: "plain_insert_bytes", Unit: "bytes/row", Median: built.PlainBytes, P99: nan, Budget: nan,
				Note: "sent to the disk for each row of the plain insert"})
	}
	return lines
}

// measure measures the store at path: the measures that follow the store's
// size always (first frame warm and cold, keys, memory, SSH sessions
// opening), and with full the rest too (the refresher on a store of its
// own, the SSH keys and idle CPU). Scratch files go in dir.
func measure(ctx context.Context, p Ports, path, dir, exe string, full bool, say func(string, ...any)) ([]Line, error) {
	nan := math.NaN()
	var lines []Line
	db, err := p.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	opts := screenOptions(db, nil)

	say("first frame")
	var first, cold, coldETA []float64
	for range 5 {
		// Cold: no ETA model saved by another process in the last ten
		// minutes, so the screen builds one from every delivered parcel
		// (and saves it), after the first frame; then warm, as the next
		// screen or session opens.
		if err := db.ForgetSavedETAModel(ctx); err != nil {
			return nil, err
		}
		d, filled, err := firstFrame(ctx, p, path, opts)
		if err != nil {
			return nil, err
		}
		cold, coldETA = append(cold, ms(d)), append(coldETA, ms(filled))
		if d, _, err = firstFrame(ctx, p, path, opts); err != nil {
			return nil, err
		}
		first = append(first, ms(d))
	}
	med, p99 := quantiles(first)
	lines = append(lines, Line{Name: "first_frame", Unit: "ms", Median: med, P99: p99, Budget: 300, AtMost: true,
		Note: "open the store, read and render the first complete 160×45 screen (the timeline's ETA fills in after it), the ETA model saved by a process within 10 min (5 runs; p99 is the worst)"})
	med, p99 = quantiles(cold)
	lines = append(lines, Line{Name: "first_frame_cold", Unit: "ms", Median: med, P99: p99, Budget: 300, AtMost: true,
		Note: "the same with no saved ETA model, which is built from every delivered parcel after the frame (5 runs)"})
	med, p99 = quantiles(coldETA)
	lines = append(lines, Line{Name: "eta_filled_cold", Unit: "ms", Median: med, P99: p99, Budget: nan,
		Note: "from opening until the timeline's ETA, built from every delivered parcel, is on screen too (the cold runs)"})

	say("navigation keys")
	nav := navigate(ctx, opts)
	med, p99 = quantiles(nav)
	lines = append(lines, Line{Name: "nav_key", Unit: "ms", Median: med, P99: p99, Budget: 2, AtMost: true, OnP99: true,
		Note: "Update+View of %d keys: j k PgDn PgUp g G; reads run after, untimed", NoteArgs: []any{len(nav)}})

	say("filter keystrokes")
	keys, exact, err := filter(ctx, db, opts)
	if err != nil {
		return nil, err
	}
	med, p99 = quantiles(keys)
	lines = append(lines, Line{Name: "filter_key", Unit: "ms", Median: med, P99: p99, Budget: 20, P99Budget: 60, AtMost: true,
		Note: "%d keystrokes typing names, numbers, countries, statuses: until the count (up to 10,000, then 10000+) and the narrowed page are on screen", NoteArgs: []any{len(keys)}})
	med, p99 = quantiles(exact)
	lines = append(lines, Line{Name: "filter_count_exact", Unit: "ms", Median: med, P99: p99, Budget: nan,
		Note: "the exact count of each prefix typed, which the screen reads once typing pauses for 300 ms"})

	say("resident memory of a TUI on the store")
	rss, err := peakRSS(ctx, exe, path)
	if err != nil {
		return nil, err
	}
	lines = append(lines, Line{Name: "tui_rss", Unit: "MB", Median: rss, P99: nan, Budget: 150, AtMost: true,
		Note: "peak RSS (VmHWM) of a process that opens the store, renders, moves and filters"})

	say("%d SSH sessions opening at once", openSessions)
	opened, err := sshOpen(ctx, db, dir, openSessions)
	if err != nil {
		return nil, err
	}
	med, p99 = quantiles(opened)
	lines = append(lines, Line{Name: "ssh_open", Unit: "ms", Median: med, P99: p99, Budget: 1000, AtMost: true, OnP99: true,
		Note: "%d sessions dialled at once: from each dial until its orders rows are on the client's screen (p99 is the worst; seen every 20 ms)", NoteArgs: []any{openSessions}})
	if !full {
		return lines, nil
	}

	say("refresher against a rate-limited service")
	x, over, err := refresher(ctx, p, path, filepath.Join(dir, "refresh.db"))
	if err != nil {
		return nil, err
	}
	lines = append(lines, Line{Name: "refresher_vs_bound", Unit: "×", Median: x, P99: nan, Budget: 1.1, AtMost: true,
		Note: "parcels of 5,000 orders, 50 calls/s of 40 numbers; %d calls over a limit", NoteArgs: []any{over}})

	say("20 SSH sessions")
	frames, idle, err := sshSessions(ctx, db, dir, 20)
	if err != nil {
		return nil, err
	}
	med, p99 = quantiles(frames)
	lines = append(lines,
		Line{Name: "ssh_frame", Unit: "ms", Median: med, P99: p99, Budget: nan,
			Note: "20 sessions at once: a key typed until its frame is on the client's screen"},
		Line{Name: "ssh_idle_cpu", Unit: "%", Median: idle, P99: nan, Budget: 1, AtMost: true,
			Note: "CPU of the server and its 20 idle sessions over %g s, %% of one core", NoteArgs: []any{idleWindow().Seconds()}})
	return lines, nil
}
