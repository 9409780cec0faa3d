package i18n

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// A deadline alert's time left and lead time, and a digest's subject,
// read back from the stored English and say their parts in the printer's
// language; English is the stored text byte for byte.
func TestStoredAlertTimesAndDigestInThePrintersLanguage(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	row := tracker.DeadlineRow{Deadline: tracker.Deadline{Kind: tracker.DeadlineDisputeReply, DueAt: now.Add(50 * time.Hour), Source: "aliexpress"}, OrderNo: "8123"}
	dlSubject, dlBody := tracker.DeadlineAlert(row, 72*time.Hour, now)
	digest, digestBody := tracker.DigestText([]tracker.Alert{
		{Kind: "stale", Subject: "[waybill] stale: RR1CN (order 1)", Body: "Detail: no update for 9 days: request an investigation\n"},
		{Kind: tracker.AlertWatch, Subject: "[waybill] watch: RR2CN in_transit (order 2)", Body: "Status: in_transit\n"},
		{Kind: "stale", Subject: "[waybill] stale: RR3CN (order 3)"},
	})
	for _, tt := range []struct {
		name          string
		lang          Lang
		subject, body string
		wantSubject   string
		wantLine      string // a line the body must hold
	}{
		{"a deadline's time left", Zh, dlSubject, dlBody, "[waybill] 纠纷回复 剩 2天2小时 到期（订单 8123）", "剩余时间：2天2小时"},
		{"a deadline's lead time", Zh, dlSubject, dlBody, "[waybill] 纠纷回复 剩 2天2小时 到期（订单 8123）", "截止：纠纷回复（提前 3天 提醒）"},
		{"a deadline in English as stored", En, dlSubject, dlBody, dlSubject, "Time left: 2d 2h"},
		{"a digest's kinds", Zh, digest, digestBody, "[waybill] 3 条提醒：停滞 2 条、关注订单 1 条", "[waybill] 关注：RR2CN 运输中（订单 2）"},
		{"a digest's alerts' lines", Zh, digest, digestBody, "[waybill] 3 条提醒：停滞 2 条、关注订单 1 条", "详情：9 天无更新：请申请物流调查"},
		{"a digest in English as stored", En, digest, digestBody, "[waybill] 3 alerts: 2 stale, 1 watch", "Status: in_transit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			subject, body := New(tt.lang).StoredAlert(tt.subject, tt.body)
			if subject != tt.wantSubject {
				t.Errorf("subject %q, want %q", subject, tt.wantSubject)
			}
			if !containsLine(body, tt.wantLine) {
				t.Errorf("body lacks the line %q:\n%s", tt.wantLine, body)
			}
			if tt.lang == En && (subject != tt.subject || body != tt.body) {
				t.Errorf("English changed the stored text:\n%s\n%s", subject, body)
			}
		})
	}
}

func containsLine(text, line string) bool {
	return slices.Contains(strings.Split(text, "\n"), line)
}

// The case log's customs, redelivery and pickup solutions are said in the
// printer's language: the solution, the documents it knows and who pays
// in its words, an address and a phone as typed; English as stored.
func TestStoredCaseSolutionsInThePrintersLanguage(t *testing.T) {
	for _, tt := range []struct {
		name string
		lang Lang
		sol  tracker.Solution
		want string
	}{
		{"customs, the buyer pays", Zh, tracker.Solution{Type: tracker.SolveCustoms, Documents: []string{"commercial invoice", "HS code", "Zollformular"}, Duties: tracker.DutiesBuyer},
			"清关处理：商业发票、HS编码、Zollformular；关税承担方：买家"},
		{"customs, shared duties", Zh, tracker.Solution{Type: tracker.SolveCustoms, Documents: []string{"packing list"}, Duties: tracker.DutiesShared, Amount: 5000, SellerShare: 2000, Currency: "USD"},
			"清关处理：装箱单；关税承担方：共同承担（卖家承担 20.00，共 50.00 USD）"},
		{"customs in English", En, tracker.Solution{Type: tracker.SolveCustoms, Documents: []string{"packing list"}, Duties: tracker.DutiesSeller},
			"customs: packing list; duties paid by seller"},
		{"redelivery to an address and phone", Zh, tracker.Solution{Type: tracker.SolveRedeliver, Address: "Hauptstr. 5, Berlin", Phone: "+49 30 1234"},
			"重新派送，地址 Hauptstr. 5, Berlin，电话 +49 30 1234"},
		{"pickup at a point", Zh, tracker.Solution{Type: tracker.SolvePickup, Address: "Packstation 101"}, "自提，地址 Packstation 101"},
		{"redelivery by phone", Zh, tracker.Solution{Type: tracker.SolveRedeliver, Phone: "+49 30 1234"}, "重新派送，电话 +49 30 1234"},
		{"pickup alone", Zh, tracker.Solution{Type: tracker.SolvePickup}, "自提"},
		{"redelivery in English", En, tracker.Solution{Type: tracker.SolveRedeliver, Address: "Hauptstr. 5", Phone: "+49 30 1234"},
			"redelivery to Hauptstr. 5, phone +49 30 1234"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.lang).StoredCaseDetail(tracker.ActSolve, tt.sol.String()); got != tt.want {
				t.Errorf("%q, want %q", got, tt.want)
			}
		})
	}
}

// A tracking number refused as typed is a tracker.NumberRefusal, said in
// the printer's language from the detector's result (never from matching
// its English), the words around it kept; English is tracker's text.
func TestNumberRefusalInThePrintersLanguage(t *testing.T) {
	_, short := tracker.CheckTrackingNumber("RR123")
	_, order := tracker.CheckTrackingNumber("8309007367336800")
	if _, ok := tracker.CheckTrackingNumber("RR123456785CN"); ok != nil {
		t.Fatalf("a valid number refused: %v", ok)
	}
	for _, tt := range []struct {
		name string
		lang Lang
		err  error
		want string
	}{
		{"too short", Zh, fmt.Errorf("--tracking %q: %w", "RR123", short), `--tracking "RR123": 太短，不是运单号。`},
		{"an order number", Zh, order, "这像是速卖通订单号，不是运单号：运单号在订单的“Track order”（物流跟踪）页面。"},
		{"English as tracker wrote it", En, fmt.Errorf("--tracking %q: %w", "RR123", short), `--tracking "RR123": Too short for a tracking number.`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.lang).Err(tt.err); got != tt.want {
				t.Errorf("%q, want %q", got, tt.want)
			}
		})
	}
}

// Config problems are said in the printer's language: the file, line,
// setting and value as written, a reason the catalog has in its words and
// one it lacks as tracker wrote it; English is tracker's text.
func TestConfigErrorsInThePrintersLanguage(t *testing.T) {
	errs := tracker.ConfigErrors{
		{File: "c.toml", Line: 6, Key: "rules.stale_days", Value: "0", Reason: "want 1 to 90 days"},
		{File: "c.toml", Key: "ui.theme", Reason: "a newer reason"},
	}
	wrapped := fmt.Errorf("load: %w", errs)
	zh := "load: 配置文件 c.toml 第 6 行：rules.stale_days = 0：应为 1 到 90 天\n配置文件 c.toml：ui.theme：a newer reason"
	if got := New(Zh).Err(wrapped); got != zh {
		t.Errorf("Chinese %q, want %q", got, zh)
	}
	if got := New(En).Err(wrapped); got != wrapped.Error() {
		t.Errorf("English %q, want %q", got, wrapped.Error())
	}
}

// A lookup that matched nothing (tracker.NotFound) is said in the
// printer's language and is still ErrNotFound.
func TestNotFoundInThePrintersLanguage(t *testing.T) {
	err := fmt.Errorf("claim set: %w", &tracker.NotFound{Phrase: tracker.Phrase{Format: "claim %d: not found (waybill claims shows the claims)", Args: []any{99}}})
	if !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("%v is not ErrNotFound", err)
	}
	if got, want := New(Zh).Err(err), "claim set: 索赔 99：未找到（waybill claims 可列出索赔）"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got := New(En).Err(err); got != "claim set: claim 99: not found (waybill claims shows the claims)" {
		t.Errorf("English %q", got)
	}
}
