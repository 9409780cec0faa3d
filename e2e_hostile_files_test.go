package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// measured is a run of the binary with what it cost: its peak resident
// memory and its CPU time, which a machine busy with other work does not
// inflate as it does wall time.
type measured struct {
	result
	maxRSS int64 // bytes
	cpu    time.Duration
}

// measureEnv starts the test binary as a launcher of the run to measure.
// os/exec starts a child in the memory of its parent until it execs
// (vfork), and Linux counts that memory's high-water mark into the child's
// peak RSS: once this test process has held 500 MB, every child it starts
// reports 500 MB. So the measured run is started by a small process, this
// binary again with measureEnv naming a file, which runs waybill and
// writes its Maxrss and CPU time there.
const measureEnv = "WAYBILL_TEST_MEASURE_TO"

func init() {
	to := os.Getenv(measureEnv)
	if to == "" {
		return
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(125)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage) // Maxrss in KB on Linux
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if err := os.WriteFile(to, fmt.Appendf(nil, "%d %d", ru.Maxrss, cpu), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(125)
	}
	os.Exit(code)
}

func waybillMeasured(t *testing.T, args ...string) measured {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	report := filepath.Join(home, "rusage")
	cmd := exec.CommandContext(t.Context(), self, append([]string{binary}, args...)...)
	cmd.Env = append(os.Environ(), measureEnv+"="+report,
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var m measured
	b, err := os.ReadFile(report)
	if _, err2 := fmt.Sscan(string(b), &m.maxRSS, &m.cpu); err != nil || err2 != nil || code == 125 {
		t.Fatalf("the launcher: %v %v, exit %d: %s", err, err2, code, errb.String())
	}
	m.maxRSS <<= 10
	m.result = result{out.String(), errb.String(), code}
	return m
}

const (
	bombWorkbookXML = `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`
	bombRelsXML     = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
)

// bombPart is an XML part: head, then unit count times, then tail;
// deflate packs the repeats a thousand to one.
type bombPart struct {
	name, head, unit, tail string
	count                  int
	declared               uint64 // when not 0, the size its zip header claims
}

// mb is how many units make n MB.
func mb(n int, unit string) int { return n << 20 / len(unit) }

// bombDeflate compresses part p: its deflate stream, CRC-32 and size.
// Deflating hundreds of megabytes took this test minutes under -race, so
// only the head, the first units and one chunk of units are deflated; the
// chunk's block is then copied as many times as the units need. The copy
// decodes to the same text each time: a block after a flush refers only
// to the last 32 KB before it, and those are the same whole units before
// every copy. The CRC is computed over the text as the reader sees it.
func bombDeflate(p bombPart) (comp []byte, sum uint32, size uint64) {
	const windowUnits = 64 << 10 // more than deflate's 32 KB window, in bytes of units
	unit := max(1, len(p.unit))  // a part of head and tail alone has no units
	warm := min(p.count, windowUnits/unit+1)
	chunkUnits := (1 << 20) / unit // about 1 MB of text per copied block
	reps := (p.count - warm) / chunkUnits
	rest := p.count - warm - reps*chunkUnits

	var out bytes.Buffer
	fw, _ := flate.NewWriter(&out, flate.BestSpeed)
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	io.WriteString(w, p.head)
	io.WriteString(w, strings.Repeat(p.unit, warm))
	chunk := strings.Repeat(p.unit, chunkUnits)
	if reps > 0 {
		fw.Flush()
		mark := out.Len()
		io.WriteString(w, chunk)
		fw.Flush()
		block := bytes.Clone(out.Bytes()[mark:])
		for range reps - 1 {
			out.Write(block)
			io.WriteString(crc, chunk)
		}
	}
	io.WriteString(w, strings.Repeat(p.unit, rest))
	io.WriteString(w, p.tail)
	fw.Close()
	size = uint64(len(p.head) + p.count*len(p.unit) + len(p.tail))
	return out.Bytes(), crc.Sum32(), size
}

// The copied blocks of bombDeflate decode to the part's text, with the
// CRC and size the zip header gives: the bombs are what they say.
func TestBombDeflateDecodesToItsText(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	for _, p := range []bombPart{
		{head: "<a>", unit: "<row><c>1</c></row>", tail: "</a>", count: 300_000},
		{head: "<b>", unit: "<x/>", tail: "</b>", count: 3},
		{unit: "0123456789abcdefghijklmnopqrstuv", count: 1 << 16},
		{head: "<sst><si><t>order no</t></si></sst>"}, // no units at all
	} {
		comp, sum, size := bombDeflate(p)
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(comp)))
		if err != nil {
			t.Fatalf("%q x %d: %v", p.unit, p.count, err)
		}
		want := p.head + strings.Repeat(p.unit, p.count) + p.tail
		if string(got) != want || sum != crc32.ChecksumIEEE(got) || size != uint64(len(want)) {
			t.Errorf("%q x %d: decodes to %d bytes (want %d), CRC %x (of the text %x), size %d",
				p.unit, p.count, len(got), len(want), sum, crc32.ChecksumIEEE(got), size)
		}
	}
}

// zipBomb writes a workbook of the parts given, beside its workbook.xml
// and relationships.
func zipBomb(t *testing.T, path string, parts ...bombPart) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{"xl/workbook.xml": bombWorkbookXML, "xl/_rels/workbook.xml.rels": bombRelsXML} {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	for _, p := range parts {
		comp, sum, size := bombDeflate(p)
		if p.declared != 0 { // a header that lies
			size = p.declared
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: sum,
			CompressedSize64: uint64(len(comp)), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 10<<20 {
		t.Fatalf("the bomb is %d MB: the bound is for workbooks under 10 MB", buf.Len()>>20)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A zip bomb given to `waybill import --dry-run` is refused (naming the
// limit it passed) or read, within 300 MB of memory and a few seconds of
// CPU. The first is the workbook of issue 19 (1.3 MB, shared strings and
// sheet of 250 MB each: 47 s and 6.2 GB before); the others go past what
// a zip header says, or stay just under each limit and are read to the end.
func TestHostileXLSXBomb(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	const (
		header     = `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>order no</t></is></c><c t="inlineStr"><is><t>tracking no</t></is></c></row>`
		footer     = `</sheetData></worksheet>`
		siUnit     = `<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>`
		rowUnit    = `<row><c t="s"><v>1</v></c></row>`
		inlineUnit = `<row><c t="inlineStr"><is><t>A-1</t></is></c></row>`
		junkUnit   = `<x:ignored a="1"/>`
	)
	tests := []struct {
		name   string
		parts  []bombPart
		code   int
		says   string
		maxCPU time.Duration
	}{
		{"shared strings and sheet of 250 MB each", []bombPart{
			{name: "xl/sharedStrings.xml", head: `<sst><si><t>order no</t></si>`, unit: siUnit, tail: `</sst>`, count: mb(250, siUnit)},
			{name: "xl/worksheets/sheet1.xml", head: `<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c></row>`, unit: rowUnit, tail: footer, count: mb(250, rowUnit)},
		}, 1, "xl/sharedStrings.xml inflates past the 64 MB limit", 2 * time.Second},
		{"a sheet whose zip header says 1 KB", []bombPart{
			{name: "xl/worksheets/sheet1.xml", head: header, unit: inlineUnit, tail: footer, count: mb(250, inlineUnit), declared: 1 << 10},
		}, 1, "xl/worksheets/sheet1.xml inflates past the size its zip header gives", 2 * time.Second},
		{"a sheet of 127 MB nobody reads, read to the end", []bombPart{
			{name: "xl/worksheets/sheet1.xml", head: header, unit: junkUnit, tail: footer, count: mb(127, junkUnit)},
		}, 0, "0 rows read", 5 * time.Second},
		{"rows one past the limit", []bombPart{
			{name: "xl/sharedStrings.xml", head: `<sst><si><t>order no</t></si><si><t>A-1</t></si></sst>`},
			{name: "xl/worksheets/sheet1.xml", head: `<worksheet><sheetData><row><c t="s"><v>0</v></c></row>`, unit: rowUnit, tail: footer, count: 200_000},
		}, 1, "more than 200000 rows, the limit", 5 * time.Second},
		{"199,999 copies of one good row, read", []bombPart{
			{name: "xl/sharedStrings.xml", head: `<sst><si><t>order no</t></si><si><t>tracking no</t></si><si><t>A-1</t></si><si><t>RB123456785GB</t></si></sst>`},
			{name: "xl/worksheets/sheet1.xml", head: `<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>`, unit: `<row><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>`, tail: footer, count: 199_999},
		}, 0, "199999 rows read: 1 orders, 1 shipments", 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "orders.xlsx")
			zipBomb(t, file, tt.parts...)
			r := waybillMeasured(t, "import", "--dry-run", "--db", filepath.Join(dir, "w.db"), file)
			if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.says) {
				t.Fatalf("exit %d, want %d saying %q:\n%.2000s%.2000s", r.code, tt.code, tt.says, r.stdout, r.stderr)
			}
			if r.maxRSS > 300<<20 {
				t.Errorf("peak memory %d MB, want under 300 MB", r.maxRSS>>20)
			}
			if r.cpu > tt.maxCPU {
				t.Errorf("took %v of CPU, want under %v", r.cpu, tt.maxCPU)
			}
			t.Logf("%d MB, %v of CPU", r.maxRSS>>20, r.cpu.Round(time.Millisecond))
		})
	}
}

// storedBuyers is what `waybill list --json` holds: order number → buyer.
func storedBuyers(t *testing.T, db string) map[string]string {
	t.Helper()
	r := waybill(t, "list", "--json", "--db", db)
	if r.code != 0 {
		t.Fatalf("list: exit %d: %s", r.code, r.stderr)
	}
	var orders []struct {
		OrderNo string `json:"order_no"`
		Buyer   string `json:"buyer"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	out := map[string]string{}
	for _, o := range orders {
		out[o.OrderNo] = o.Buyer
	}
	return out
}

// A UTF-8 file with one Latin-1 é is refused, naming the line, the byte
// and its value, and nothing is stored (it was stored before, every name
// in mojibake: José Müller as Jos茅 M眉ller). The same file in Latin-1 is
// refused too, and stored right with --encoding latin1; a GB18030 file is
// stored right without a word.
func TestHostileMixedEncodingCSV(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("订单号,运单号,收件人\nGB-1,RB123456785GB,张三\nGB-2,EA123456785CN,北京市朝阳区王五\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		data     string
		encoding string
		code     int
		says     []string
		stored   map[string]string
	}{
		{"UTF-8 with one Latin-1 é", "order no,tracking no,buyer\nMX-1,RB123456785GB,José Müller\nMX-2,EA123456785CN,Ren\xe9e Dubois\n", "", 1,
			[]string{"line 3, byte 23: 0xE9", "is not UTF-8", "--encoding"}, map[string]string{}},
		{"Latin-1, not said", "order no,tracking no,buyer\nLA-1,RB123456785GB,Ren\xe9e M\xfcller\n", "", 1,
			[]string{"line 2, byte 23: 0xE9", "is not UTF-8"}, map[string]string{}},
		{"Latin-1, said", "order no,tracking no,buyer\nLA-1,RB123456785GB,Ren\xe9e M\xfcller\n", "latin1", 0,
			[]string{"imported (1 new orders"}, map[string]string{"LA-1": "Renée Müller"}},
		{"GB18030", gb, "", 0, []string{"imported (2 new orders"}, map[string]string{"GB-1": "张三", "GB-2": "北京市朝阳区王五"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db, file := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "orders.csv")
			if err := os.WriteFile(file, []byte(tt.data), 0o600); err != nil {
				t.Fatal(err)
			}
			args := []string{"import", "--db", db, file}
			if tt.encoding != "" {
				args = append(args, "--encoding", tt.encoding)
			}
			r := waybill(t, args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d:\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, want := range tt.says {
				if !strings.Contains(r.stdout+r.stderr, want) {
					t.Errorf("import does not say %q:\n%s%s", want, r.stdout, r.stderr)
				}
			}
			if at, bad := terminalControls(r.stdout + r.stderr); bad {
				t.Errorf("a raw byte of the file reached the terminal near %q", at)
			}
			got := storedBuyers(t, db)
			if len(got) != len(tt.stored) {
				t.Fatalf("stored %q, want %q", got, tt.stored)
			}
			for o, buyer := range tt.stored {
				if got[o] != buyer {
					t.Errorf("order %s: buyer %q, want %q", o, got[o], buyer)
				}
			}
		})
	}
}
