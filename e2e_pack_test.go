package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waybill/tracker"
)

// packShow is the order's packaging notes as `show --json` gives them.
func packShow(t *testing.T, db, orderNo string) string {
	t.Helper()
	r := waybill(t, "show", "--json", "--db", db, orderNo)
	var o tracker.OrderJSON
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
		t.Fatalf("show --json %s: %v\n%s%s", orderNo, err, r.stdout, r.stderr)
	}
	return o.Packaging
}

// How the parcel was packed, from the command line: `add --packaging`
// stores it, `show` prints it on the contents line, a later add without
// the flag keeps it, `edit --packaging` replaces it, notes longer than
// 300 characters are refused naming the flag and the value, and the CSV
// export carries it in a last column, after the ones scripts already read.
func TestPackCLIAddShowEditExport(t *testing.T) {
	t.Parallel()
	db := e2eStore(t)
	const notes = "double box, bubble wrap, fragile sticker"
	r := waybill(t, "add", "--db", db, "--order", "P-1", "--tracking", "RB123456785GB", "--product", "Teapot",
		"--packaging", " "+notes+" ")
	if r.code != 0 {
		t.Fatalf("add --packaging: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := packShow(t, db, "P-1"); got != notes {
		t.Errorf("after add: packaging %q, want %q", got, notes)
	}
	if r := waybill(t, "show", "--db", db, "P-1"); !strings.Contains(r.stdout, "product Teapot  packaging "+notes+"\n") {
		t.Errorf("show has no packaging on the contents line:\n%s", r.stdout)
	}
	// A second parcel added without the flag keeps the notes.
	if r := waybill(t, "add", "--db", db, "--order", "P-1", "--tracking", "LX123456785CN"); r.code != 0 {
		t.Fatalf("second add: exit %d\n%s", r.code, r.stderr)
	}
	if got := packShow(t, db, "P-1"); got != notes {
		t.Errorf("after an add without --packaging: %q, want %q kept", got, notes)
	}
	if r := waybill(t, "edit", "--db", db, "--order", "P-1", "--packaging", "纸箱，气泡膜"); r.code != 0 {
		t.Fatalf("edit --packaging: exit %d\n%s", r.code, r.stderr)
	}
	if got := packShow(t, db, "P-1"); got != "纸箱，气泡膜" {
		t.Errorf("after edit: %q", got)
	}

	long := strings.Repeat("bubble wrap ", 26) // 312 characters
	for _, cmd := range []string{"add", "edit"} {
		args := []string{cmd, "--db", db, "--order", "P-1", "--packaging", long}
		if cmd == "add" {
			args = append(args, "--tracking", "RB123456785GB")
		}
		r := waybill(t, args...)
		want := `waybill ` + cmd + `: --packaging "bubble wrap bubble wrap bubble wrap bubb…": longer than 300 characters`
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s with notes of 312 characters: exit %d\n%s\nwant %s", cmd, r.code, r.stderr, want)
		}
	}
	if got := packShow(t, db, "P-1"); got != "纸箱，气泡膜" {
		t.Errorf("a refused write changed the notes to %q", got)
	}

	r = waybill(t, "export", "--db", db, "--format", "csv")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.HasSuffix(lines[0], ",hs_code,declared_value,insured,packaging") {
		t.Errorf("export header %q: want packaging last, after insured", lines[0])
	}
	for _, l := range lines[1:] {
		if !strings.HasSuffix(l, ",纸箱，气泡膜") {
			t.Errorf("export row %q does not end in the notes", l)
		}
	}
	if r := waybill(t, "export", "--db", db, "--format", "json"); !strings.Contains(r.stdout, `"packaging": "纸箱，气泡膜"`) {
		t.Errorf("JSON export has no packaging:\n%s", r.stdout)
	}
}

// An import reads the packaging column under its English or Chinese
// header; a re-import with the cell empty, or without the column, keeps
// the notes (as hs_code); a value too long is reported with its line,
// column and value and the row left out; the export imports back the same.
func TestPackImportPackagingColumn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	imp := func(db, file string) result {
		t.Helper()
		return waybill(t, "import", "--db", db, file)
	}
	long := strings.Repeat("气泡膜", 101) // 303 characters
	steps := []struct {
		name, file, csv string
		code            int
		out             string // in stdout or stderr
		want            map[string]string
	}{
		{"Chinese header", "zh.csv", "订单号,运单号,包装说明\nZ-1,RB123456785GB,双层纸箱，气泡膜\n", 0, "1 new orders",
			map[string]string{"Z-1": "双层纸箱，气泡膜"}},
		{"English header", "en.csv", "Order No,Tracking Number,Packaging Notes\nE-1,LX123456785CN,\"double box, bubble wrap\"\n", 0, "1 new orders",
			map[string]string{"E-1": "double box, bubble wrap"}},
		{"the cell empty keeps it", "empty.csv", "订单号,运单号,包装,商品\nZ-1,RB123456785GB,,Teapot\nE-1,LX123456785CN,,Mug\n", 0, "0 new orders",
			map[string]string{"Z-1": "双层纸箱，气泡膜", "E-1": "double box, bubble wrap"}},
		{"no column keeps it", "none.csv", "order no,tracking no\nZ-1,RB123456785GB\n", 0, "0 new orders",
			map[string]string{"Z-1": "双层纸箱，气泡膜"}},
		{"a new value replaces it", "new.csv", "order no,packaging\nE-1,poly mailer\n", 0, "0 new orders",
			map[string]string{"E-1": "poly mailer"}},
		{"too long, refused naming the column and the value", "long.csv", "order no,tracking no,包装\nL-1,EA123456785CN," + long + "\nE-1,,\n", 1,
			`line 2: column "包装": value "` + long[:39] + `…": longer than 300 characters`,
			map[string]string{"E-1": "poly mailer"}},
	}
	for _, st := range steps {
		r := imp(db, write(st.file, st.csv))
		if r.code != st.code || !strings.Contains(r.stdout+r.stderr, st.out) {
			t.Fatalf("%s: exit %d, want %d saying %q\n%s%s", st.name, r.code, st.code, st.out, r.stdout, r.stderr)
		}
		for no, want := range st.want {
			if got := packShow(t, db, no); got != want {
				t.Errorf("%s: order %s packaging %q, want %q", st.name, no, got, want)
			}
		}
	}
	if r := waybill(t, "show", "--db", db, "L-1"); r.code == 0 {
		t.Errorf("the row with notes too long was stored:\n%s", r.stdout)
	}
	// The export imports into a fresh store as the same orders.
	first := waybill(t, "export", "--db", db, "--format", "csv").stdout
	db2 := e2eStoreIn(t, dir, "w2.db")
	if r := imp(db2, write("export.csv", first)); r.code != 0 {
		t.Fatalf("import of the export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if second := waybill(t, "export", "--db", db2, "--format", "csv").stdout; second != first {
		t.Errorf("round trip differs:\n%s\nwant\n%s", second, first)
	}
}

// The evidence bundle of a damaged parcel's case shows how it was packed
// in the PDF a claims desk reads, and in case.json.
func TestPackBundleShowsPackaging(t *testing.T) {
	bundleTools(t)
	t.Parallel()
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	run := func(args ...string) result {
		t.Helper()
		return asAgent(t, append(args, "--db", db)...)
	}
	const notes = "双层纸箱 double box, bubble wrap, fragile sticker"
	if r := run("add", "--order", "ORD-88", "--tracking", "LP00612345678901", "--carrier", "cainiao", "--country", "FR",
		"--product", "Teapot", "--packaging", notes); r.code != 0 {
		t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
	}
	if r := run("case", "open", "ORD-88", "--kind", "damaged"); r.code != 0 {
		t.Fatalf("case open: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "claim.zip")
	if r := run("case", "bundle", "1", "--for", "claim", "--out", out); r.code != 0 {
		t.Fatalf("case bundle: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	_, pdf := readBundle(t, out)
	if !strings.Contains(pdf, "Packaging "+notes) {
		t.Errorf("the PDF lacks the packaging notes %q:\n%s", notes, pdf)
	}
}
