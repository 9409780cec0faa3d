package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// langS10 is a valid UPU S10 number of Royal Mail: serial's mod 11 check
// digit, so import and add take it as tracked.
func langS10(serial int) string {
	d := strconv.Itoa(100000000 + serial)[1:]
	sum := 0
	for i, w := range []int{8, 6, 4, 2, 3, 5, 9, 7} {
		sum += int(d[i]-'0') * w
	}
	c := 11 - sum%11
	switch c {
	case 10:
		c = 0
	case 11:
		c = 5
	}
	return "RB" + d + strconv.Itoa(c) + "GB"
}

// destinations reads `list --json`: order number → destination country.
func destinations(t *testing.T, db string) map[string]string {
	t.Helper()
	r := waybill(t, "list", "--json", "--db", db)
	var orders []struct {
		OrderNo     string `json:"order_no"`
		Destination string `json:"destination"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
		t.Fatalf("list --json: %v\n%s%s", err, r.stdout, r.stderr)
	}
	out := map[string]string{}
	for _, o := range orders {
		out[o.OrderNo] = o.Destination
	}
	return out
}

// Issue 20: import refused 德国 and Deutschland. Countries are read by
// name in English, Chinese and the country's own language, by import, add
// and edit alike; a name of no country is still refused, naming the field
// and the value.
func TestCLICountryNames(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	rows := []struct{ order, country, want string }{
		{"DE-1", "德国", "DE"},
		{"DE-2", "Deutschland", "DE"},
		{"DE-3", "Allemagne", "DE"},
		{"US-1", "United States of America", "US"},
		{"GB-1", "英国", "GB"},
		{"IL-1", "ישראל", "IL"},
		{"KR-1", "대한민국", "KR"},
		{"SA-1", "المملكة العربية السعودية", "SA"},
		{"UA-1", "Україна", "UA"},
		{"GR-1", "Ελλάδα", "GR"},
		{"HU-1", "magyarorszag", "HU"},
	}
	var b strings.Builder
	b.WriteString("订单号,运单号,国家\n")
	for i, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%s\n", r.order, langS10(100+i), r.country)
	}
	good := b.String()
	file := filepath.Join(dir, "orders.csv")
	bad := good + "X-1," + langS10(99) + ",Atlantis\n"
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	r := waybill(t, "import", "--db", db, file)
	wantLine := fmt.Sprintf(`line %d: column "国家": value "Atlantis": not a country`, len(rows)+2)
	if r.code != 1 || !strings.Contains(r.stdout, wantLine) || !strings.Contains(r.stdout, "nothing imported") {
		t.Fatalf("import with an unknown country: exit %d, want 1 and %q\n%s%s", r.code, wantLine, r.stdout, r.stderr)
	}
	for _, row := range rows {
		if strings.Contains(r.stdout, fmt.Sprintf("value %q", row.country)) {
			t.Errorf("import refuses %q:\n%s", row.country, r.stdout)
		}
	}
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := waybill(t, "import", "--db", db, file); r.code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got := destinations(t, db)
	for _, r := range rows {
		if got[r.order] != r.want {
			t.Errorf("%s imported with country %q: destination %q, want %s", r.order, r.country, got[r.order], r.want)
		}
	}

	// add and edit read the same names.
	if r := waybill(t, "add", "--db", db, "--order", "CZ-1", "--tracking", langS10(200), "--country", "Česká republika"); r.code != 0 {
		t.Fatalf("add --country Česká republika: exit %d\n%s", r.code, r.stderr)
	}
	if r := waybill(t, "edit", "--db", db, "--order", "DE-1", "--country", "Sverige"); r.code != 0 {
		t.Fatalf("edit --country Sverige: exit %d\n%s", r.code, r.stderr)
	}
	got = destinations(t, db)
	if got["CZ-1"] != "CZ" || got["DE-1"] != "SE" {
		t.Errorf("add/edit by name: CZ-1 %q, DE-1 %q; want CZ, SE", got["CZ-1"], got["DE-1"])
	}
	for _, bad := range []string{"Atlantis", "XX"} {
		r := waybill(t, "add", "--db", db, "--order", "Z-1", "--tracking", langS10(201), "--country", bad)
		if r.code != 2 || !strings.Contains(r.stderr, fmt.Sprintf("--country %q", bad)) || !strings.Contains(r.stderr, "not a country") {
			t.Errorf("add --country %s: exit %d, %q; want 2 naming the flag and the value", bad, r.code, r.stderr)
		}
	}
	if _, ok := destinations(t, db)["Z-1"]; ok {
		t.Error("an order with no real country was added")
	}
}

// Buyers in Israel, Korea, Japan, Saudi Arabia, Ukraine, Czechia, Sweden,
// Romania, Hungary and Greece get their case messages in their language,
// right-to-left text included, whole on the way out of `case message`.
func TestCLICaseMessagesInTheBuyersLanguage(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	buyers := []struct {
		order, country, buyer, lang string
		says                        []string // lines or phrases of the message, in its language
	}{
		{"IL-1", "ישראל", "דנה לוי", "he", []string{"שלום דנה לוי,", "מספר הזמנה: IL-1", "בברכה,"}},
		{"SA-1", "السعودية", "محمد العتيبي", "ar", []string{"مرحبًا محمد العتيبي،", "رقم الطلب: SA-1", "مع أطيب التحيات،"}},
		{"JP-1", "日本", "山田 花子", "ja", []string{"山田 花子 様", "ご注文番号：JP-1", "何卒よろしくお願いいたします。"}},
		{"KR-1", "한국", "김민준", "ko", []string{"김민준 고객님, 안녕하세요.", "주문 번호: KR-1"}},
		{"UA-1", "Україна", "Олена Коваль", "uk", []string{"Добрий день, Олена Коваль!", "З повагою,"}},
		{"CZ-1", "Česko", "Jana Nováková", "cs", []string{"Dobrý den, Jana Nováková,", "S pozdravem"}},
		{"SE-1", "Sverige", "Erik Lind", "sv", []string{"Hej Erik Lind,", "Vänliga hälsningar"}},
		{"RO-1", "România", "Ana Popescu", "ro", []string{"Bună ziua, Ana Popescu,", "Cu stimă,"}},
		{"HU-1", "Magyarország", "Kovács Anna", "hu", []string{"Kedves Kovács Anna!", "Üdvözlettel:"}},
		{"GR-1", "Ελλάδα", "Μαρία Παπαδοπούλου", "el", []string{"Γεια σας, Μαρία Παπαδοπούλου,", "Με εκτίμηση,"}},
	}
	var b strings.Builder
	b.WriteString("order no,tracking no,country,buyer\n")
	for i, u := range buyers {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", u.order, langS10(300+i), u.country, u.buyer)
	}
	file := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := asAgent(t, "import", "--db", db, file); r.code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, u := range buyers {
		t.Run(u.lang, func(t *testing.T) {
			r := asAgent(t, "case", "open", u.order, "--kind", "lost", "--json", "--db", db)
			var opened caseOut
			if err := json.Unmarshal([]byte(r.stdout), &opened); err != nil || r.code != 0 {
				t.Fatalf("case open: exit %d %v\n%s", r.code, err, r.stderr)
			}
			if opened.Language != u.lang {
				t.Errorf("a buyer in %s gets %q, want %q", u.country, opened.Language, u.lang)
			}
			r = asAgent(t, "case", "message", strconv.FormatInt(opened.ID, 10), "--db", db)
			if r.code != 0 {
				t.Fatalf("case message: exit %d\n%s", r.code, r.stderr)
			}
			for _, s := range u.says {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("the message lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, en := range []string{"Hello", "Kind regards", "Order ", "tracking number", "Customer service"} {
				if strings.Contains(r.stdout, en) {
					t.Errorf("English %q in the %s message:\n%s", en, u.lang, r.stdout)
				}
			}
		})
	}
}
