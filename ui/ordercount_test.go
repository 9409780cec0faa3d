package ui

import (
	"context"
	"strings"
	"testing"

	"waybill/tracker"
)

// slowCount is a reader whose exact counts wait until their read is
// cancelled, saying so on cancelled.
type slowCount struct {
	*fakeReader
	cancelled chan struct{}
}

func (s slowCount) CountMatching(ctx context.Context, _ tracker.Status, _ string) (int, error) {
	<-ctx.Done()
	close(s.cancelled)
	return 0, ctx.Err()
}

// While a person types, a filter that matches more than the cap shows
// "cap+" at once; the exact count comes once typing pauses, unless a key
// changes the query first, which drops it and stops its read.
func TestFilterCountCappedWhileTyping(t *testing.T) {
	f := newFakeReader(20)
	h := newHarness(t, Options{Reader: f}, 120, 30)
	o := h.app.orders
	o.countCap = 5

	o.query = "buyer" // every row
	exact := o.onCount(o.fetchCount()().(countMsg))
	if got := o.position(); !strings.HasSuffix(got, "/5+") {
		t.Errorf("capped count: position %q, want …/5+", got)
	}
	if exact == nil {
		t.Fatal("a capped count asks for no exact count")
	}
	due, ok := exact().(exactCountDue) // the pause
	if !ok {
		t.Fatalf("after the pause: %T, want exactCountDue", due)
	}
	h.send(due) // the exact count
	if got := o.position(); !strings.HasSuffix(got, "/20") || o.totalAtLeast {
		t.Errorf("after the pause: position %q (at least %v), want …/20", got, o.totalAtLeast)
	}

	// Under the cap the count is exact at once, and nothing follows.
	o.query = "buyer 2" // Buyer 2 and 20
	if more := o.onCount(o.fetchCount()().(countMsg)); more != nil || o.totalAtLeast || o.total != 2 {
		t.Errorf("under the cap: total %d (at least %v), more %v; want 2, exact, nothing", o.total, o.totalAtLeast, more != nil)
	}

	// A key typed during the pause drops the exact count of the old query.
	o.query, o.settledQuery = "buyer", ""
	o.onCount(o.fetchCount()().(countMsg))
	o.query, o.settledQuery = "buyer 2", ""
	o.onCount(o.fetchCount()().(countMsg))
	if cmd := o.onExactCountDue(exactCountDue{query: "buyer"}); cmd != nil {
		t.Error("the pause of an old query starts an exact count")
	}

	// Once typing has paused, a reload (a change notice) counts exactly
	// at once: a busy refresher's notices cannot keep the count capped.
	o.query, o.settledQuery = "buyer", ""
	o.onCount(o.fetchCount()().(countMsg))
	o.onCount(o.onExactCountDue(exactCountDue{query: "buyer"})().(countMsg))
	if more := o.onCount(o.fetchCount()().(countMsg)); more != nil || o.totalAtLeast || o.total != 20 {
		t.Errorf("a reload after the pause: total %d (at least %v), more %v; want 20, exact", o.total, o.totalAtLeast, more != nil)
	}

	// A key typed while the exact count runs stops its read.
	slow := slowCount{fakeReader: f, cancelled: make(chan struct{})}
	o.c.reader = slow
	o.query, o.settledQuery = "buyer 3", ""
	o.onCount(o.fetchCount()().(countMsg))
	o.query = "buyer"
	run := o.onExactCountDue(exactCountDue{query: "buyer"})
	if run == nil {
		t.Fatal("no exact count read after the pause")
	}
	done := make(chan any, 1)
	go func() { done <- run() }()
	o.query, o.settledQuery = "buyer 3", ""
	o.fetchCount()
	<-slow.cancelled
	if msg := <-done; msg != nil {
		t.Errorf("a cancelled exact count answered %#v", msg)
	}
}
