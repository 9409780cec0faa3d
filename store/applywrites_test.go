package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// A round's writes go to the engine as JSON (applywrites.go): text from a
// carrier comes back from the store as it was sent, whatever it holds:
// quotes, backslashes, control characters (a terminal's escapes are
// stripped where text is shown, not where it is kept), characters beyond
// ASCII, NUL (U+FFFD on PostgreSQL, whose text cannot hold it, as for an
// argument: TestNULInTextIsStored) and, on SQLite, bytes that are not
// UTF-8 (PostgreSQL refuses those in any argument).
func TestSetWritesKeepTextAsSent(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "O-1", "RB123456785GB", t0.Add(-48*time.Hour))
	if err := db.SetWatch(ctx, sh.OrderID, true, "ana", t0); err != nil {
		t.Fatal(err)
	}
	text := "say \"hi\" C:\\path\\ \x1b[31mred\x1b[0m\ttab\nline \x00nul\x7f é中 \u2028 \U0001F4E6"
	if !onPG() {
		text += " \xff\xfe\xc2\x9b"
	}
	want := text
	if onPG() {
		want = strings.ReplaceAll(text, "\x00", "\uFFFD")
	}
	ev := event(t0.Add(-time.Hour), tracker.StatusInTransit, text)
	sum := apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, Err: text, Events: []tracker.Event{ev}})
	if sum.NewEvents != 1 {
		t.Fatalf("%+v, want the event stored", sum)
	}
	var lastError string
	if err := db.read.QueryRow(`SELECT last_error FROM shipments WHERE id = ?`, sh.ID).Scan(&lastError); err != nil {
		t.Fatal(err)
	}
	if lastError != want {
		t.Errorf("last_error read back %q, want %q", lastError, want)
	}
	// The watch alert's body quotes the newest event's text, made one
	// line and safe (tracker.WatchAlert): quotes, backslashes and what is
	// beyond ASCII are still in it.
	d, err := db.FindOrder(ctx, "O-1", false)
	if err != nil {
		t.Fatal(err)
	}
	_, body := tracker.WatchAlert(d.Shipments[0].Shipment, d.Order, ev, 1)
	if !strings.Contains(body, `say "hi" C:\path\`) || !strings.Contains(body, "é中") {
		t.Fatalf("the alert's body %q does not quote the event", body)
	}
	if rows := outboxRows(t, db); len(rows) != 1 || rows[0].Body != body {
		t.Errorf("alerts read back %+v, want one with the body %q", rows, body)
	}
}
