package main

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"waybill/tracker"
)

// Issue 20, item 6: inputs behave as people expect. A date is read by one
// reader (tracker.ParseDate) on the screen and on the command line, so
// "+3d", "tomorrow", "fri" and 2026-12-10 mean the same day in both; a
// prefilled field on the screen is replaced by what is typed.

// localDay is the start of the day n days from now's, where the binary
// runs (it inherits this process's time zone).
func localDay(now time.Time, n int) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, time.Local)
}

// nextWeekday is the start of the next wd after now's day.
func nextWeekday(now time.Time, wd time.Weekday) time.Time {
	ahead := (int(wd) - int(now.Weekday()) + 7) % 7
	if ahead == 0 {
		ahead = 7
	}
	return localDay(now, ahead)
}

// sameDay skips a test that ran across midnight: its expected days moved.
func sameDay(t *testing.T, before time.Time) {
	t.Helper()
	if now := time.Now(); now.YearDay() != before.YearDay() {
		t.Skip("ran across midnight; the expected days moved")
	}
}

func parseRFC3339(t *testing.T, what string, s *string) time.Time {
	t.Helper()
	if s == nil {
		t.Fatalf("%s: none", what)
	}
	v, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		t.Fatalf("%s %q: %v", what, *s, err)
	}
	return v
}

func TestInputsDateFlagsReadWords(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	now := time.Now()
	r := waybill(t, "add", "--db", db, "--order", "D-1", "--tracking", "RB123456785GB", "--shipped", "yesterday", "--promised", "+10d")
	if r.code != 0 {
		t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = waybill(t, "show", "--json", "--db", db, "D-1")
	var o tracker.OrderJSON
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil || len(o.Shipments) != 1 {
		t.Fatalf("show --json: %v\n%s", err, r.stdout)
	}
	sameDay(t, now)
	if got, want := parseRFC3339(t, "shipped_at", o.Shipments[0].ShippedAt), localDay(now, -1); !got.Equal(want) {
		t.Errorf("--shipped yesterday: shipped at %v, want %v", got, want)
	}
	if got, want := parseRFC3339(t, "promised_at", o.PromisedAt), localDay(now, 10); !got.Equal(want) {
		t.Errorf("--promised +10d: promised at %v, want %v", got, want)
	}

	// A bad date is a usage error naming the flag and the value.
	for _, b := range []struct{ flag, value, want string }{
		{"--shipped", "someday", `waybill add: --shipped: "someday" is not a date: write YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday`},
		{"--promised", "2026-13-01", `waybill add: --promised: "2026-13-01" is not a date`},
	} {
		r := waybill(t, "add", "--db", db, "--order", "D-2", "--tracking", "RB123456785GB", b.flag, b.value)
		if r.code != 2 || !strings.Contains(r.stderr, b.want) {
			t.Errorf("add %s %s: exit %d\n%s\nwant %s", b.flag, b.value, r.code, r.stderr, b.want)
		}
	}
}

// snoozedUntil reads an exception's snooze end from the store.
func snoozedUntil(t *testing.T, db string, id int64) time.Time {
	t.Helper()
	conn := openStoreSQL(t, db, false) // the screen may still be closing its store
	var until sql.NullInt64
	if err := conn.QueryRow(`SELECT snoozed_until FROM exceptions WHERE id = ?`, id).Scan(&until); err != nil {
		t.Fatal(err)
	}
	if !until.Valid {
		t.Fatalf("exception %d is not snoozed", id)
	}
	return time.Unix(until.Int64, 0)
}

func TestInputsSnoozeUntilAWord(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	p := newParityStore(t)
	db := copyStore(t, p.path)
	id := p.worst[0].ID
	now := time.Now()
	for _, b := range []struct{ value, want string }{
		{"someday", `--until: "someday" is not a date: write YYYY-MM-DD`},
		{"today", `--until: "today" (` + now.Format("Mon 2006-01-02") + `) is not in the future`},
	} {
		r := asAgent(t, "exception", "snooze", strconv.FormatInt(id, 10), "--until", b.value, "--db", db)
		if r.code != 2 || !strings.Contains(r.stderr, b.want) {
			t.Errorf("snooze --until %s: exit %d\n%s\nwant %s", b.value, r.code, r.stderr, b.want)
		}
	}
	waybillDo(t, db, "exception", "snooze", strconv.FormatInt(id, 10), "--until", "fri")
	sameDay(t, now)
	if got, want := snoozedUntil(t, db, id), nextWeekday(now, time.Friday); !got.Equal(want) {
		t.Errorf("--until fri: snoozed until %v, want %v", got, want)
	}
}

// The bug of issue 20 on the real program over a real store: after `s d`
// the field offers a week ahead; the date typed over it is the one kept.
func TestInputsScreenSnoozeTypedOverTheOffer(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	p := newParityStore(t)
	db := copyStore(t, p.path)
	now := time.Now()
	want := localDay(now, 4)
	s := openScreen(t, db)
	defer s.close()
	s.toQueue()
	s.keys("s", "d")
	s.waitFor("Until " + localDay(now, 7).Format("2006-01-02"))
	s.typeText(want.Format("2006-01-02"))
	s.keys("enter")
	s.waitFor("snoozed until " + want.Format("Mon 2006-01-02"))
	s.close()
	sameDay(t, now)
	if got := snoozedUntil(t, db, p.worst[0].ID); !got.Equal(want) {
		t.Errorf("snoozed until %v, want %v", got, want)
	}
}

func TestInputsCaseDatesReadWords(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	p := newParityStore(t)
	db := copyStore(t, p.path)
	cid := caseToSolve(t, db, p.lostLike.TrackingNo, tracker.ExOverdue, "in transit, late")
	now := time.Now()
	waybillDo(t, db, "case", "do", cid, "solve", "--type", "new_eta", "--eta", "+10d")
	if r := asAgent(t, "case", "do", cid, "follow-up", "--date", "soon", "--db", db); r.code != 2 ||
		!strings.Contains(r.stderr, `--date: "soon" is not a date: write YYYY-MM-DD`) {
		t.Errorf("follow-up --date soon: exit %d\n%s", r.code, r.stderr)
	}
	waybillDo(t, db, "case", "do", cid, "follow-up", "--date", "tomorrow")
	var c caseOut
	if err := json.Unmarshal([]byte(waybillDo(t, db, "case", "show", "--json", cid)), &c); err != nil {
		t.Fatal(err)
	}
	sameDay(t, now)
	if got, want := parseRFC3339(t, "follow_up_at", c.FollowUpAt), localDay(now, 1); !got.Equal(want) {
		t.Errorf("--date tomorrow: follow-up at %v, want %v", got, want)
	}
	var solved string
	for _, e := range c.Log {
		if e.Action == string(tracker.ActSolve) {
			solved = e.Detail
		}
	}
	if want := "new ETA " + localDay(now, 10).Format("2006-01-02"); !strings.Contains(solved, want) {
		t.Errorf("--eta +10d: the solve entry says %q, want %q", solved, want)
	}
}
