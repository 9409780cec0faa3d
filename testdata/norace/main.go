// Command norace does the end-to-end tests' heavy lifting outside the test
// process. The tests run under -race, which makes Go code 10-40× slower:
// reading a store of 20,000 orders back with SQLite took 84 s in the test
// process and 2.6 s here, and deflating the 9 MB hostile workbook took
// minutes. TestMain builds it without -race beside the waybill binary; it
// checks and writes exactly what the tests did in process.
//
//	norace shape DB                        orders and parcels of the store, checked
//	norace orders FILE N                   a CSV of N orders, one parcel each
//	norace hostile FILE SIZE WIDTH EVERY   a hostile CSV or XLSX (see hostileRow)
//
// A check that fails prints why on stderr and exits 1.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	_ "modernc.org/sqlite"

	"waybill/carriers/contract"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: norace shape DB | orders FILE N | hostile FILE SIZE WIDTH EVERY")
	}
	switch args := os.Args[2:]; os.Args[1] {
	case "shape":
		orders, ships := storeShape(args[0])
		fmt.Println(orders, ships)
	case "orders":
		orderFile(args[0], atoi(args[1]))
	case "hostile":
		goods, bads, last, size := hostileFile(args[0], atoi(args[1]), atoi(args[2]), atoi(args[3]))
		fmt.Println(goods, bads, last, size)
	default:
		fail("norace: no command %q", os.Args[1])
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fail("norace: %q is not a number: %v", s, err)
	}
	return n
}

// storeShape reads the store with SQL beside it: orders and parcels, and
// fails on a duplicate or half-written row (an order without its parcel,
// a parcel without its order) or a failed integrity check.
func storeShape(db string) (orders, shipments int) {
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		fail("open %s: %v", db, err)
	}
	defer conn.Close()
	var ok string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		fail("integrity_check: %q %v", ok, err)
	}
	var distinctOrders, distinctShips, orphans, bare int
	for q, dst := range map[string][]any{
		`SELECT count(*), count(DISTINCT order_no) FROM orders`:                          {&orders, &distinctOrders},
		`SELECT count(*), count(DISTINCT order_id || '/' || tracking_no) FROM shipments`: {&shipments, &distinctShips},
		`SELECT count(*) FROM shipments WHERE order_id NOT IN (SELECT id FROM orders)`:   {&orphans},
		`SELECT count(*) FROM orders WHERE id NOT IN (SELECT order_id FROM shipments)`:   {&bare},
	} {
		if err := conn.QueryRow(q).Scan(dst...); err != nil {
			fail("%s: %v", q, err)
		}
	}
	switch {
	case distinctOrders != orders:
		fail("%d orders rows for %d order numbers", orders, distinctOrders)
	case distinctShips != shipments:
		fail("%d shipment rows for %d parcels", shipments, distinctShips)
	case orphans > 0 || bare > 0:
		fail("half-written: %d parcels without an order, %d orders without a parcel", orphans, bare)
	}
	return orders, shipments
}

// orderFile writes a CSV of n orders, one parcel each.
func orderFile(path string, n int) {
	var b bytes.Buffer
	b.WriteString("order no,tracking no,buyer,country\n")
	for i := range n {
		fmt.Fprintf(&b, "BIG-%06d,%s,Buyer %d,GB\n", i, contract.S10("RB", 30000000+i, "GB"), i)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		fail("%v", err)
	}
}

// A workbook's parts besides its sheet (e2e_hostile_files_test.go's
// bombWorkbookXML and bombRelsXML).
const (
	workbookXML = `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`
	relsXML     = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
)

// badRowsHeader names every column import checks.
var badRowsHeader = []string{"order no", "tracking no", "carrier", "buyer", "email", "phone", "country", "address",
	"product", "amount", "currency", "order date", "ship date", "promised date", "hs code", "declared value", "insured"}

// hostileRow is row i: every checked cell bad, in up to width random
// letters so the file does not pack (after a 0 where letters alone could
// be a carrier, a country, a currency or a yes), the tracking number
// mistyped (its check digit one off, so the detector has suggestions for
// it), and the dates with digits, so each goes through every layout
// before it fails. With good, it is a good row instead.
func hostileRow(rng *rand.Rand, i, width int, good bool) []string {
	letters := func() string {
		b := make([]byte, 1+rng.IntN(width))
		for j := range b {
			b[j] = 'a' + byte(rng.IntN(26))
		}
		return string(b)
	}
	word := func() string { return "0" + letters() }
	serial := rng.IntN(100_000_000)
	if good {
		return []string{fmt.Sprintf("G-%d", i), contract.S10("RB", serial, "GB"), "", letters(), "", "", "DE", letters(), letters(),
			"", "", "", "", "", "", "", ""}
	}
	number := []byte(contract.S10("RB", serial, "GB"))
	number[10] = '0' + (number[10]-'0'+1)%10
	date := func() string { return fmt.Sprintf("31/31/%04d", rng.IntN(10000)) }
	return []string{fmt.Sprintf("B-%d", i), string(number), word(), letters(), letters(), "1", word(), letters(), letters(),
		letters(), word(), date(), date(), date(), letters(), letters(), word()}
}

// hostileFile writes rows (row i, on line i+1, is good when every > 0 and
// i%every == 0) until the file is about size bytes, or holds 199,998 rows
// (with the header, just under the 200,000-row limit), and says how many
// of each it wrote, the last bad row's line and the file's size.
func hostileFile(path string, size, width, every int) (goods, bads, lastBad, written int) {
	rng := rand.New(rand.NewPCG(19, 2))
	var buf bytes.Buffer
	var w io.Writer = &buf
	var zw *zip.Writer
	xlsx := strings.HasSuffix(path, ".xlsx")
	if xlsx {
		zw = zip.NewWriter(&buf)
		for _, part := range []struct{ name, body string }{{"xl/workbook.xml", workbookXML}, {"xl/_rels/workbook.xml.rels", relsXML}} {
			pw, err := zw.Create(part.name)
			if err != nil {
				fail("%v", err)
			}
			io.WriteString(pw, part.body)
		}
		var err error
		if w, err = zw.Create("xl/worksheets/sheet1.xml"); err != nil {
			fail("%v", err)
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	row := func(cells []string) {
		if !xlsx {
			bw.WriteString(strings.Join(cells, ",") + "\n")
			return
		}
		bw.WriteString("<row>")
		for _, c := range cells {
			if c != "" {
				fmt.Fprintf(bw, `<c t="inlineStr"><is><t>%s</t></is></c>`, html.EscapeString(c))
			} else {
				bw.WriteString("<c/>")
			}
		}
		bw.WriteString("</row>")
	}
	if xlsx {
		bw.WriteString("<worksheet><sheetData>")
	}
	row(badRowsHeader)
	for i := 1; i <= 199_998 && buf.Len() < size; i++ {
		g := every > 0 && i%every == 0
		row(hostileRow(rng, i, width, g))
		if g {
			goods++
		} else {
			bads, lastBad = bads+1, i+1
		}
		if i%1000 == 0 {
			bw.Flush()
		}
	}
	if xlsx {
		bw.WriteString("</sheetData></worksheet>")
	}
	if err := bw.Flush(); err != nil {
		fail("%v", err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			fail("%v", err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		fail("%v", err)
	}
	return goods, bads, lastBad, buf.Len()
}
