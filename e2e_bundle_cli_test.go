package main

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/store"
	"waybill/tracker"
	"waybill/tracker/evidence"
)

// bundleTools skips a test that reads a bundle's PDF where the font or
// pdftotext is missing, saying what to install.
func bundleTools(t *testing.T) {
	t.Helper()
	if _, err := evidence.FindFont(""); err != nil {
		t.Skip("no CJK font for the bundle's PDF: apt-get install fonts-droid-fallback")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed: apt-get install poppler-utils")
	}
}

// A damaged parcel's case, from the command line to the claims desk:
// `case bundle` writes one ZIP with the PDF (the carrier's Chinese, the
// tracking number, the amounts), the CSV, the JSON and the photos; a
// photo that is gone is named and the exit status says so; the dispute
// bundle leaves the buyer's address out, the claim bundle has it; an
// existing file is never overwritten.
func TestCLICaseBundle(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	bundleTools(t)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	photo := filepath.Join(dir, "crushed box.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff photo"), 0o644); err != nil {
		t.Fatal(err)
	}
	// gone.jpg is there when the claim names it, and gone by the bundle.
	gone := filepath.Join(dir, "gone.jpg")
	if err := os.WriteFile(gone, []byte("\xff\xd8\xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) result {
		t.Helper()
		return asAgent(t, append(args, "--db", db)...)
	}
	if r := run("add", "--order", "ORD-77", "--tracking", "LP00612345678901", "--carrier", "cainiao", "--buyer", "Camille Durand",
		"--address", "12 rue des Lilas, 69003 Lyon", "--country", "FR", "--amount", "45.99", "--currency", "EUR",
		"--declared-value", "38.00", "--hs-code", "691200", "--product", "Teapot", "--insured"); r.code != 0 {
		t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	od, err := st.FindOrder(ctx, "ORD-77", false)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	if _, err := st.ApplyUpdates(ctx, now, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: od.Shipments[0].ID, Events: []tracker.Event{
		{Time: now.Add(-48 * time.Hour), Status: tracker.StatusInTransit, RawStatus: "SC_OUTBOUND", Location: "深圳", Description: "离开分拣中心"},
		{Time: now.Add(-time.Hour), Status: tracker.StatusDelivered, RawStatus: "SIGNED", Location: "Lyon", Description: "已签收，包裹破损"},
	}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, step := range [][]string{
		{"case", "open", "ORD-77", "--kind", "damaged"},
		{"case", "do", "1", "reassure", "--text", "Dear Camille Durand, we are sorry."},
		{"case", "do", "1", "verify", "--text", "承运商确认破损", "--ref", "CN-INV-5521"},
		{"case", "do", "1", "solve", "--type", "claim", "--evidence", photo + "," + gone, "--amount", "22.50", "--currency", "EUR", "--ref", "CLM-77"},
	} {
		if r := run(step...); r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", step, r.code, r.stdout, r.stderr)
		}
	}
	os.Remove(gone)
	out := filepath.Join(dir, "dispute.zip")
	r := run("case", "bundle", "1", "--out", out)
	if r.code != 1 || !strings.Contains(r.stderr, "missing evidence file "+gone) || !strings.Contains(r.stdout, "wrote "+out) ||
		!strings.Contains(r.stdout, "evidence/01-crushed_box.jpg") {
		t.Fatalf("case bundle with a photo gone: exit %d, want 1 naming it\n%s%s", r.code, r.stdout, r.stderr)
	}
	names, pdf := readBundle(t, out)
	want := []string{"case.json", "evidence/01-crushed_box.jpg", "summary.pdf", "timeline.csv"}
	if !slices.Equal(names, want) {
		t.Errorf("the ZIP holds %v, want %v", names, want)
	}
	for _, w := range []string{"已签收，包裹破损", "离开分拣中心", "LP00612345678901", "45.99 EUR", "38.00 EUR", "22.50 EUR", "CN-INV-5521", "MISSING", "gone.jpg"} {
		if !strings.Contains(pdf, w) {
			t.Errorf("the dispute PDF lacks %q:\n%s", w, pdf)
		}
	}
	if strings.Contains(pdf, "rue des Lilas") || strings.Contains(pdf, "Camille") {
		t.Errorf("the dispute PDF names the buyer or their address:\n%s", pdf)
	}
	if r := run("case", "bundle", "1", "--out", out); r.code == 0 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("a second bundle onto the first: exit %d, want it refused\n%s", r.code, r.stderr)
	}
	// The claims ledger's claim on the case goes into the claim bundle,
	// not into the buyer's.
	if r := run("claim", "add", "1", "--party", "cainiao", "--amount", "22.50", "--currency", "EUR", "--ref", "CNC-901",
		"--filed", now.Format("2006-01-02"), "--state", "filed"); r.code != 0 {
		t.Fatalf("claim add: exit %d\n%s", r.code, r.stderr)
	}
	claim := filepath.Join(dir, "claim.zip")
	run("case", "bundle", "1", "--for", "claim", "--out", claim)
	if _, pdf := readBundle(t, claim); !strings.Contains(pdf, "12 rue des Lilas") || !strings.Contains(pdf, "Camille Durand") ||
		!strings.Contains(pdf, "CNC-901") {
		t.Errorf("the claim PDF lacks the addressee or the claim CNC-901:\n%s", pdf)
	}
	buyer := filepath.Join(dir, "buyer.zip")
	run("case", "bundle", "1", "--for", "buyer", "--out", buyer)
	if _, pdf := readBundle(t, buyer); strings.Contains(pdf, "CNC-901") {
		t.Errorf("the buyer's PDF shows the seller's claim with the carrier:\n%s", pdf)
	}
	if r := run("case", "bundle", "1", "--for", "court"); r.code != 2 {
		t.Errorf("--for court: exit %d, want 2\n%s", r.code, r.stderr)
	}
	// No --out: a name from the case and the order, in the current folder.
	cmd := exec.Command(binary, "case", "bundle", "1", "--db", db)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	cmd.Run()
	if _, err := os.Stat(filepath.Join(dir, "case-1-order-ORD-77-dispute.zip")); err != nil {
		t.Errorf("the default bundle name: %v", err)
	}
	// A font that cannot serve is named with its setting.
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[evidence]\nfont = \"nope.ttf\"\n"), 0o644)
	if r := run("case", "bundle", "1", "--config", cfg, "--out", filepath.Join(dir, "x.zip")); r.code == 0 || !strings.Contains(r.stderr, "[evidence] font") {
		t.Errorf("a missing font: exit %d, want an error naming [evidence] font\n%s", r.code, r.stderr)
	}
}

// readBundle lists a bundle's entries and extracts its PDF's text.
func readBundle(t *testing.T, path string) (names []string, pdf string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name != "summary.pdf" {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		p := filepath.Join(t.TempDir(), "s.pdf")
		os.WriteFile(p, data, 0o644)
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		pdf = strings.Join(strings.Fields(string(out)), " ")
	}
	slices.Sort(names)
	return names, pdf
}
