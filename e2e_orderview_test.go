package main

import (
	"slices"
	"strings"
	"testing"

	"waybill/tracker/templates"
)

// Issue 20, item 3: an order view. Enter on an order shows what `waybill
// show` knows of it and more (email, phone, every parcel's link), and its
// edit writes what `waybill edit` writes.

// orderViewSeed is a store with one order of two parcels, made by the
// built binary's `add`.
func orderViewSeed(t *testing.T) string {
	t.Helper()
	db := e2eStore(t)
	waybillDo(t, db, "add", "--order", "OV-1", "--tracking", "RB123456785GB", "--country", "RU",
		"--buyer", "Анна Петрова", "--email", "anna@example.ru", "--phone", "+7 495 123-45-67",
		"--address", "ул. Тверская 7, Москва", "--product", "移动电源 power bank", "--amount", "29.90",
		"--currency", "EUR", "--hs-code", "8507.60", "--declared-value", "9.00", "--shipped", "yesterday")
	waybillDo(t, db, "add", "--order", "OV-1", "--tracking", "RR123456785CN")
	return db
}

func TestOrderViewShowsTheOrder(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := orderViewSeed(t)
	show := waybillDo(t, db, "show", "OV-1")
	s := openScreen(t, db)
	defer s.close()
	s.keys("enter")
	screen := s.waitFor("Order OV-1", "Parcels · 2")
	for _, want := range []string{"Анна Петрова", "anna@example.ru", "+7 495 123-45-67", "ул. Тверская 7, Москва",
		"RU · Russia", "移动电源 power bank", "29.90 EUR", "8507.60", "9.00 EUR",
		`⚠ sensitive_goods: product mentions "power bank"`,
		"RB123456785GB  Royal Mail · Pending", "RR123456785CN  China Post · Pending",
		templates.TrackingURL("royal-mail", "RB123456785GB"), templates.TrackingURL("china-post", "RR123456785CN"),
		"no complaint case on this order"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the order view lacks %q:\n%s", want, screen)
		}
	}
	// Every warning `waybill show` prints is on the screen.
	for _, l := range strings.Split(show, "\n") {
		if w, ok := strings.CutPrefix(l, "warning: "); ok && !strings.Contains(screen, w) {
			t.Errorf("waybill show warns %q; the order view does not", w)
		}
	}
}

// The same edit by `waybill edit` and by the order view's form leaves the
// two copies of the store alike.
func TestOrderViewEditMatchesWaybillEdit(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	seed := orderViewSeed(t)
	byCLI, byScreen := copyStore(t, seed), copyStore(t, seed)
	before := dumpStore(t, byCLI)
	waybillDo(t, byCLI, "edit", "--order", "OV-1", "--email", "anna.p@example.ru", "--phone", "+7 495 765-43-21", "--insured")

	s := openScreen(t, byScreen)
	s.keys("enter")
	s.waitFor("Order OV-1", "Parcels · 2")
	s.keys("e")
	s.waitFor("Edit order OV-1")
	s.keys("tab") // email: what is typed replaces the prefilled value
	s.typeText("anna.p@example.ru")
	s.keys("tab")
	s.typeText("+7 495 765-43-21")
	for range 8 { // down to insured
		s.keys("tab")
	}
	s.typeText("yes")
	s.keys("enter")
	s.waitFor("order OV-1 changed: email, phone, insured")
	s.waitFor("anna.p@example.ru", "+7 495 765-43-21", "Insured     yes")
	s.close()

	got, want := dumpStore(t, byScreen), dumpStore(t, byCLI)
	if slices.Equal(want, before) {
		t.Fatal("waybill edit changed nothing: the test tests nothing")
	}
	if !slices.Equal(got, want) {
		t.Errorf("the screen's edit and waybill edit differ:\n%s", rowDiff(want, got))
	}
}
