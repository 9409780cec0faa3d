package i18n

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"waybill/tracker"
	"waybill/tracker/orderfile"
)

// A config problem's cause that is ours (a URL's scheme, a host:port, an
// agent's name) reads in Chinese inside the problem's Chinese frame; the
// value as written; English is tracker's text, byte for byte.
func TestConfigCausesInChinese(t *testing.T) {
	for _, tt := range []struct{ name, toml, want, notWant string }{
		{"scheme", "[carriers.17track]\napi_key = \"k\"\nbase_url = \"ftp://x\"\n", `协议 "ftp"：应为 http:// 或 https:// 网址`, "want an http"},
		{"host:port", "[ssh]\nlisten = \"nowhere\"\n", "应为 host:port，例如 127.0.0.1:23234", "want host:port"},
		{"agent name", "[[agents]]\nname = \" ana\"\nrole = \"agent\"\npublic_key = \"x\"\n", `名称 " ana" 首尾有空格`, "has space around"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tracker.ParseConfig("c.toml", []byte(tt.toml))
			if err == nil {
				t.Fatal("no problem found")
			}
			zh := New(Zh).Err(err)
			if !strings.Contains(zh, tt.want) || strings.Contains(zh, tt.notWant) {
				t.Errorf("Chinese %q, want %q", zh, tt.want)
			}
			if en := New(En).Err(err); en != err.Error() {
				t.Errorf("English %q, want %q", en, err.Error())
			}
		})
	}
}

// An XLSX workbook without its sheet: the part missing reads in Chinese
// inside "not readable as XLSX", the part's name as it is.
func TestXLSXCauseInChinese(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("docProps/app.xml")
	fmt.Fprint(w, "<x/>")
	zw.Close()
	_, err := orderfile.ParseXLSX(buf.Bytes(), orderfile.Options{})
	if err == nil {
		t.Fatal("an empty workbook was read")
	}
	zh := New(Zh).Err(fmt.Errorf("orders.xlsx: %w", err))
	if !strings.HasPrefix(zh, "orders.xlsx: ") || !strings.Contains(zh, "缺少 xl/") || strings.Contains(zh, "is missing") {
		t.Errorf("Chinese %q (English %q)", zh, err)
	}
}

// The exception log's details a case writes read in Chinese, the case's
// resolution as the person wrote it; English as stored.
func TestCaseLogDetailsInChinese(t *testing.T) {
	for _, tt := range []struct{ action, detail, want string }{
		{tracker.LogResolved, fmt.Sprintf(tracker.LogCaseClosed, 3), "工单 3 已关闭"},
		{tracker.LogResolved, fmt.Sprintf(tracker.LogCaseClosedWhy, 3, "refunded in full"), "工单 3 已关闭：refunded in full"},
		{tracker.LogReopened, fmt.Sprintf(tracker.LogCaseReopened, 3), "工单 3 已重新打开"},
		{tracker.LogResolved, "buyer found it", "buyer found it"},
	} {
		if got := New(Zh).StoredLogDetail(tt.action, tt.detail); got != tt.want {
			t.Errorf("%s %q: Chinese %q, want %q", tt.action, tt.detail, got, tt.want)
		}
		if got := New(En).StoredLogDetail(tt.action, tt.detail); got != tt.detail {
			t.Errorf("%s %q: English %q", tt.action, tt.detail, got)
		}
	}
}

// A pasted line's reasons of the paste's own are in the catalog and read
// in Chinese, the line's number as it is.
func TestPasteReasonsInChinese(t *testing.T) {
	have := catalogKeys()
	for _, f := range orderfile.PasteWhyFormats() {
		if !have[f] {
			t.Errorf("the catalog lacks %q", f)
		}
	}
	lines, _ := orderfile.ReadPaste("RB000000218GB\nRB000000218GB\n")
	ph, ok := lines[1].WhyPhrased()
	if !ok {
		t.Fatalf("line 2's reason %q has no phrase", lines[1].Why)
	}
	if got := New(Zh).Phrase(ph); got != "与第 1 行单号相同" {
		t.Errorf("Chinese %q", got)
	}
	if got := New(En).Phrase(ph); got != lines[1].Why || got != "same number as line 1" {
		t.Errorf("English %q", got)
	}
}
