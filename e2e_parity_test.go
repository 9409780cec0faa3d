package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	_ "modernc.org/sqlite"

	"waybill/store"
	"waybill/store/pgtest"
	"waybill/tracker"
	"waybill/tracker/templates"
	"waybill/ui"
)

// Parity: every action a person takes does the same to the store whether
// it is started on the screen or from the command line, because both ask
// the one tracker.Service. Each row of the table runs once through the
// built binary's commands and once through the screen (the real program,
// driven by teatest), each on its own copy of one store; what the two
// copies hold afterwards (orders, parcels, exceptions and their log, cases
// and their log, watches) must be equal, ids and times aside.

// parityStore is a store of demo orders on the wall clock, and what the
// actions aim at in it.
type parityStore struct {
	path     string
	worst    []tracker.ExceptionRow // the queue, worst first
	newest   tracker.ShipmentRow    // the first row of the orders list
	lostLike tracker.ShipmentRow    // the first row, whose parcel the case walks are about
}

func newParityStore(t *testing.T) parityStore {
	t.Helper()
	// The simulator's parcels rest on their places' rest days, so how many
	// exceptions a seed's demo holds depends on the weekday: seed 11 had
	// five and more until a Monday gave it four. The first seed from 11
	// whose demo holds the five the cases tests need is taken instead.
	for seed := 11; ; seed++ {
		p := parityStoreOf(t, seed)
		if len(p.worst) >= 5 || seed == 30 {
			return p
		}
	}
}

// parityStoreOf is the demo of 60 orders of seed, on the wall clock.
func parityStoreOf(t *testing.T, seed int) parityStore {
	t.Helper()
	path := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "60", "--seed", strconv.Itoa(seed), "--db", path); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
	}
	// The wall clock for both sides: a demo store's runs 120 times
	// faster, and the two sides act seconds apart.
	db := openStoreSQL(t, path, true)
	qs := []string{`DELETE FROM meta WHERE key IN ('demo', 'demo_clock')`}
	if !db.pg {
		qs = append(qs, `PRAGMA wal_checkpoint(TRUNCATE)`) // copyStore copies the file alone
	}
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := parityStore{path: path}
	if p.worst, err = st.OpenExceptions(ctx, tracker.ExceptionQuery{Now: time.Now()}); err != nil || len(p.worst) < 2 {
		t.Fatalf("the queue: %d exceptions, %v; want at least 2", len(p.worst), err)
	}
	rows, err := st.ListShipments(ctx, tracker.ListQuery{Limit: 1})
	if err != nil || len(rows) != 1 {
		t.Fatalf("the orders list: %v, %v", rows, err)
	}
	p.newest, p.lostLike = rows[0], rows[0]
	return p
}

// copyStore copies the seed store to a new file, or on PostgreSQL to a
// new database.
func copyStore(t *testing.T, seed string) string {
	t.Helper()
	if pgPass() {
		return pgtest.Copy(t, seed)
	}
	b, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// screenSession is the real program on a store, driven as a person would.
type screenSession struct {
	t    *testing.T
	tm   *teatest.TestModel
	rec  *viewRecorder
	st   *store.DB
	done bool
}

// viewRecorder keeps the program's last frame as plain text.
type viewRecorder struct {
	inner tea.Model
	mu    sync.Mutex
	last  string
}

func (r *viewRecorder) Init() tea.Cmd { return r.inner.Init() }

func (r *viewRecorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.inner.Update(msg)
	r.inner = m
	v := ansi.Strip(m.View().Content)
	r.mu.Lock()
	r.last = v
	r.mu.Unlock()
	return r, cmd
}

func (r *viewRecorder) View() tea.View { return r.inner.View() }

func (r *viewRecorder) screen() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

func openScreen(t *testing.T, path string) *screenSession {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	set, err := templates.New("")
	if err != nil {
		t.Fatal(err)
	}
	clock := tracker.SystemClock{}
	model := ui.New(ctx, ui.Options{Reader: st, Service: tracker.NewService(st, clock, nil, st), ETA: st, History: st,
		Clock: clock, Actor: tracker.LocalActor("ana"), Templates: set, Title: "parity"})
	rec := &viewRecorder{inner: model}
	s := &screenSession{t: t, rec: rec, st: st,
		tm: teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(140, 40))}
	// The list's position and the queue's count: both panes have read.
	s.waitFor(" 1/", " open ─", "parcels:")
	return s
}

func (s *screenSession) keys(ks ...string) {
	for _, k := range ks {
		s.tm.Send(ui.KeyPress(k))
	}
}

func (s *screenSession) typeText(text string) {
	for _, r := range text {
		s.tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// waitFor waits until the screen shows every text.
func (s *screenSession) waitFor(texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(e2eHang)
	for {
		screen := s.rec.screen()
		ok := true
		for _, x := range texts {
			ok = ok && strings.Contains(screen, x)
		}
		if ok {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen lacks %q:\n%s", texts, screen)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *screenSession) close() {
	if s.done {
		return
	}
	s.done = true
	s.keys("ctrl+c")
	s.tm.WaitFinished(s.t, teatest.WithFinalTimeout(10*time.Second))
	s.st.Close()
}

// parityAction is one row of the table: the same action, by command and
// by keys.
type parityAction struct {
	name   string
	cli    func(t *testing.T, p parityStore, db string)
	screen func(s *screenSession, p parityStore)
}

func waybillDo(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := asAgent(t, append(args, "--db", db)...)
	if r.code != 0 {
		t.Fatalf("waybill %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// cliIn is waybillDo with stdin.
func cliIn(t *testing.T, db, stdin string, args ...string) string {
	t.Helper()
	r := asAgentIn(t, stdin, append(args, "--db", db)...)
	if r.code != 0 {
		t.Fatalf("waybill %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// caseID is the id of the open case on a parcel, from `case list`.
func caseID(t *testing.T, db, tracking string) string {
	t.Helper()
	var cases []struct {
		ID         int64  `json:"id"`
		TrackingNo string `json:"tracking_no"`
		State      string `json:"state"`
	}
	if err := json.Unmarshal([]byte(waybillDo(t, db, "case", "list", "--json")), &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.TrackingNo == tracking && c.State == "open" {
			return fmt.Sprint(c.ID)
		}
	}
	t.Fatalf("no open case on %s", tracking)
	return ""
}

// toQueue focuses the Exceptions pane, its worst exception selected.
func (s *screenSession) toQueue() { s.keys("tab", "tab") }

// pickKind opens a case from the orders list's selected parcel, picking
// kind in the prompt: from the top, down one at a time.
func (s *screenSession) pickKind(kind tracker.ExceptionKind) {
	s.t.Helper()
	s.keys("c")
	s.waitFor("What is the complaint about?")
	want := "› " + strings.ReplaceAll(string(kind), "_", " ")
	// The prompt's selected line: "› kind", in the prompt's box only.
	selected := func() string {
		lines := strings.Split(s.rec.screen(), "\n")
		for i, l := range lines {
			at := strings.Index(l, "│What is the complaint about?")
			if at < 0 {
				continue
			}
			col := len([]rune(l[:at])) + 1
			for _, l := range lines[i+1:] {
				r := []rune(l)
				if len(r) <= col || !strings.HasPrefix(string(r[col:]), "› ") {
					continue
				}
				label, _, _ := strings.Cut(string(r[col:]), "│")
				label, _, _ = strings.Cut(label, "(")
				return strings.TrimSpace(label)
			}
		}
		return ""
	}
	// Keys go one at a time, each once the last has moved the selection,
	// so none is still on its way when enter goes.
	settle := func(from string, wait time.Duration) string {
		deadline := time.Now().Add(wait)
		for time.Now().Before(deadline) {
			if cur := selected(); cur != "" && cur != from {
				return cur
			}
			time.Sleep(5 * time.Millisecond)
		}
		return selected()
	}
	cur := settle("", 5*time.Second)
	// Up to the top, the prompt's first kind: waiting for a k that moves
	// nothing for 300 ms stopped halfway at load 15, when a k took longer.
	top := "› " + strings.ReplaceAll(string(tracker.ExceptionKinds[0]), "_", " ")
	for range len(tracker.ExceptionKinds) + 1 {
		if cur == top {
			break
		}
		s.keys("k")
		cur = settle(cur, 5*time.Second)
	}
	for range len(tracker.ExceptionKinds) + 1 {
		if cur == want {
			s.keys("enter")
			return
		}
		s.keys("j")
		cur = settle(cur, 5*time.Second)
	}
	s.t.Fatalf("no %s in the kind prompt:\n%s", kind, s.rec.screen())
}

// caseToSolve opens a case of kind on the parcel by the command line,
// records the message `case message` proposes as sent, and the carrier's
// answer: the case is at step 3. It returns the case's id.
func caseToSolve(t *testing.T, db, tracking string, kind tracker.ExceptionKind, answer string) string {
	t.Helper()
	waybillDo(t, db, "case", "open", tracking, "--kind", string(kind))
	cid := caseID(t, db, tracking)
	msg := waybillDo(t, db, "case", "message", cid)
	cliIn(t, db, msg, "case", "do", cid, "reassure", "--text", "-", "--via", "manual")
	waybillDo(t, db, "case", "do", cid, "verify", "--text", answer)
	return cid
}

// caseToSolve does on the screen what the function of that name does by
// the command line: the message the case view proposes, recorded as
// sent (enter), and the carrier's answer.
func (s *screenSession) caseToSolve(kind tracker.ExceptionKind, answer string) {
	s.t.Helper()
	s.pickKind(kind)
	s.waitFor("Message to the buyer")
	s.keys("enter")
	s.waitFor("reassurance recorded as sent (manual)", "›2 verify")
	s.keys("tab")
	s.typeText(answer)
	s.keys("enter")
	s.waitFor("delivery status verified", "›3 solve")
}

func parityActions() []parityAction {
	id := func(x tracker.ExceptionRow) string { return fmt.Sprint(x.ID) }
	return []parityAction{
		{"acknowledge the worst exception",
			func(t *testing.T, p parityStore, db string) { waybillDo(t, db, "exception", "ack", id(p.worst[0])) },
			func(s *screenSession, p parityStore) {
				s.toQueue()
				s.keys("a")
				s.waitFor("acknowledged: 1 exception")
			}},
		{"snooze the worst exception for a day",
			func(t *testing.T, p parityStore, db string) {
				waybillDo(t, db, "exception", "snooze", id(p.worst[0]), "--for", "1d")
			},
			func(s *screenSession, p parityStore) {
				s.toQueue()
				s.keys("s", "1")
				s.waitFor("snoozed for 1 day: 1 exception")
			}},
		{"assign the worst exception",
			func(t *testing.T, p parityStore, db string) {
				waybillDo(t, db, "exception", "assign", id(p.worst[0]), "--owner", "bo")
			},
			func(s *screenSession, p parityStore) {
				s.toQueue()
				s.keys("o")
				s.typeText("bo")
				s.keys("enter")
				s.waitFor("assigned to bo: 1 exception")
			}},
		{"resolve the worst exception",
			func(t *testing.T, p parityStore, db string) {
				waybillDo(t, db, "exception", "resolve", id(p.worst[0]), "--reason", "buyer has it")
			},
			func(s *screenSession, p parityStore) {
				s.toQueue()
				s.keys("X")
				s.waitFor("Resolve 1 exception")
				s.typeText("buyer has it")
				s.keys("enter")
				s.waitFor("resolved: 1 exception")
			}},
		{"acknowledge two marked exceptions",
			func(t *testing.T, p parityStore, db string) {
				waybillDo(t, db, "exception", "ack", id(p.worst[0]), id(p.worst[1]))
			},
			func(s *screenSession, p parityStore) {
				s.toQueue()
				s.keys("space", "space", "a") // space marks and moves down
				s.waitFor("acknowledged: 2 exceptions")
			}},
		{"watch the newest order",
			func(t *testing.T, p parityStore, db string) { waybillDo(t, db, "watch", p.newest.OrderNo) },
			func(s *screenSession, p parityStore) {
				s.keys("w")
				s.waitFor("watching order " + p.newest.OrderNo)
			}},
		{"add an order with its parcel",
			func(t *testing.T, p parityStore, db string) {
				waybillDo(t, db, "add", "--order", "PAR-1", "--tracking", "RR123456785CN", "--country", "DE")
			},
			func(s *screenSession, p parityStore) {
				s.keys("a")
				s.waitFor("Add an order")
				s.typeText("PAR-1")
				s.keys("tab")
				s.typeText("RR123456785CN")
				s.keys("tab", "tab")
				s.typeText("DE")
				s.keys("enter")
				s.waitFor("added RR123456785CN (china-post) to order PAR-1")
			}},
		{"paste a list",
			func(t *testing.T, p parityStore, db string) {
				cliIn(t, db, "PAR-2\tRB123456785GB\nPAR-3,LX123456785CN\n", "paste")
			},
			func(s *screenSession, p parityStore) {
				s.tm.Send(tea.PasteMsg{Content: "PAR-2\tRB123456785GB\nPAR-3,LX123456785CN\n"})
				s.waitFor("2 to add")
				s.keys("enter")
				s.waitFor("added 2")
			}},
		{"walk a lost-parcel case to a reissue and close it",
			func(t *testing.T, p parityStore, db string) {
				cid := caseToSolve(t, db, p.lostLike.TrackingNo, tracker.ExLost, "lost in the sorting centre")
				waybillDo(t, db, "case", "do", cid, "solve", "--type", "reissue", "--tracking", "RB987654326GB")
				waybillDo(t, db, "case", "do", cid, "close", "--resolution", "reissued", "--cause", "carrier")
			},
			func(s *screenSession, p parityStore) {
				s.caseToSolve(tracker.ExLost, "lost in the sorting centre")
				s.keys("tab")
				s.typeText("RB987654326GB")
				s.keys("enter")
				s.waitFor("parcel RB987654326GB added to the order", "›4 follow up")
				s.keys("x")
				s.waitFor("Close the case")
				s.typeText("reissued")
				s.keys("enter")
				s.waitFor("case closed")
			}},
		{"a failed delivery's verified address and phone",
			func(t *testing.T, p parityStore, db string) {
				cid := caseToSolve(t, db, p.lostLike.TrackingNo, tracker.ExDeliveryFailed, "nobody home twice")
				waybillDo(t, db, "case", "do", cid, "solve", "--type", "redelivery", "--address", "Hauptstr. 5, 10115 Berlin", "--phone", "+49 30 555")
			},
			func(s *screenSession, p parityStore) {
				s.caseToSolve(tracker.ExDeliveryFailed, "nobody home twice")
				s.keys("tab", "ctrl+u")
				s.typeText("Hauptstr. 5, 10115 Berlin")
				s.keys("tab", "ctrl+u")
				s.typeText("+49 30 555")
				s.keys("enter")
				s.waitFor("solution recorded")
			}},
	}
}

func TestParityScreenAndCommandLine(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	p := newParityStore(t)
	for _, a := range parityActions() {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel() // each row on its own two copies of the store
			byCLI, byScreen := copyStore(t, p.path), copyStore(t, p.path)
			before := dumpStore(t, byCLI)
			a.cli(t, p, byCLI)
			s := openScreen(t, byScreen)
			a.screen(s, p)
			s.close()
			got, want := dumpStore(t, byScreen), dumpStore(t, byCLI)
			if slices.Equal(want, before) {
				t.Fatal("the command line changed nothing: the row tests nothing")
			}
			if !slices.Equal(got, want) {
				t.Errorf("the screen and the command line left different rows:\n%s", rowDiff(want, got))
			}
		})
	}
}

// timesIn finds the times a log's text may hold ("until 2026-12-08 10:00Z").
var timesIn = regexp.MustCompile(`\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?`)

// dumpStore is what the store holds that an action may change, as sorted
// lines: rows keyed by order number, tracking number and kind instead of
// ids, with every time left out.
func dumpStore(t *testing.T, path string) []string {
	t.Helper()
	db := openStoreSQL(t, path, false) // read-only; the screen may still be closing its store
	defer db.Close()
	order := "rowid"
	if db.pg {
		order = "1" // the id, or watches' order_id: PostgreSQL has no rowid
	}
	ids := map[string]map[int64]string{"orders": {}, "shipments": {}, "exceptions": {}, "cases": {}}
	var out []string
	for _, tb := range []struct {
		table string
		key   func(row map[string]any) string
		refs  map[string]string // column → the table whose id it holds
	}{
		{"orders", func(r map[string]any) string { return fmt.Sprint(r["order_no"]) }, nil},
		{"shipments", func(r map[string]any) string {
			return ids["orders"][r["order_id"].(int64)] + "/" + fmt.Sprint(r["tracking_no"])
		},
			map[string]string{"order_id": "orders"}},
		{"exceptions", func(r map[string]any) string {
			return ids["shipments"][r["shipment_id"].(int64)] + "/" + fmt.Sprint(r["kind"]) + "#" + fmt.Sprint(r["id"])
		}, map[string]string{"shipment_id": "shipments"}},
		{"exception_log", nil, map[string]string{"exception_id": "exceptions"}},
		{"cases", func(r map[string]any) string {
			return ids["shipments"][r["shipment_id"].(int64)] + "/" + fmt.Sprint(r["kind"]) + "#" + fmt.Sprint(r["id"])
		}, map[string]string{"order_id": "orders", "shipment_id": "shipments", "exception_id": "exceptions"}},
		{"case_log", nil, map[string]string{"case_id": "cases"}},
		{"watches", nil, map[string]string{"order_id": "orders"}},
	} {
		rows, err := db.Query(`SELECT * FROM ` + tb.table + ` ORDER BY ` + order)
		if err != nil {
			t.Fatalf("%s: %v", tb.table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := map[string]any{}
			for i, c := range cols {
				row[c] = vals[i]
			}
			if tb.key != nil {
				if id, ok := row["id"].(int64); ok {
					k := tb.key(row)
					// Ids count rows, which both copies add in the same
					// order; the key keeps only what tells rows apart.
					ids[tb.table][id] = strings.Split(k, "#")[0]
				}
			}
			var fields []string
			for _, c := range cols {
				v := row[c]
				switch {
				case c == "id" || c == "at" || strings.HasSuffix(c, "_at") || strings.HasSuffix(c, "_until") ||
					strings.HasPrefix(c, "lease_") || c == "eta" || c == "order_key":
					continue
				case tb.refs[c] != "":
					if n, ok := v.(int64); ok {
						v = ids[tb.refs[c]][n]
					}
				}
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				fields = append(fields, c+"="+timesIn.ReplaceAllString(s, "<time>"))
			}
			out = append(out, tb.table+": "+strings.Join(fields, " "))
		}
		rows.Close()
	}
	slices.Sort(out)
	return out
}

// rowDiff lists the lines only one side has.
func rowDiff(want, got []string) string {
	var b strings.Builder
	for _, l := range want {
		if !slices.Contains(got, l) {
			fmt.Fprintf(&b, "  command line only: %s\n", l)
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			fmt.Fprintf(&b, "  screen only:       %s\n", l)
		}
	}
	return b.String()
}
