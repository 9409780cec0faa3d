package templates

import (
	"slices"
	"strings"
	"testing"

	"waybill/tracker"
)

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		m         tracker.Money
		cur, lang string
		want      string
	}{
		{4860, "EUR", "en", "48.60 EUR"},
		{4860, "eur", "de", "48,60 EUR"},
		{4860, "EUR", "fr", "48,60 EUR"},
		{123450, "EUR", "en", "1,234.50 EUR"},
		{123450, "EUR", "zh", "1,234.50 EUR"},
		{123450, "EUR", "de", "1.234,50 EUR"},
		{123450, "BRL", "pt", "1.234,50 BRL"},
		{123450, "CLP", "es", "1.234,50 CLP"},
		{123450, "EUR", "it", "1.234,50 EUR"},
		{123450, "EUR", "nl", "1.234,50 EUR"},
		{123450, "TRY", "tr", "1.234,50 TRY"},
		{123450, "IDR", "id", "1.234,50 IDR"},
		{123450, "EUR", "fr", "1 234,50 EUR"},
		{123450, "RUB", "ru", "1 234,50 RUB"},
		{123450, "PLN", "pl", "1 234,50 PLN"},
		{123456789, "USD", "en", "1,234,567.89 USD"},
		{5, "USD", "en", "0.05 USD"},
		{100000, "USD", "en", "1,000.00 USD"},
		{99999, "", "de", "999,99"},
		{4860, " usd ", "fi", "48.60 USD"}, // no marks of its own: English
		// The new languages: marks, and the currency first in Japanese and Korean.
		{123450, "SAR", "ar", "1,234.50 SAR"},
		{123450, "ILS", "he", "1,234.50 ILS"},
		{123450, "JPY", "ja", "JPY 1,234.50"},
		{123450, "KRW", "ko", "KRW 1,234.50"},
		{-4860, "USD", "ko", "-USD 48.60"},
		{99999, "", "ja", "999.99"},
		{123450, "UAH", "uk", "1 234,50 UAH"},
		{123450, "CZK", "cs", "1 234,50 CZK"},
		{123450, "SEK", "sv", "1 234,50 SEK"},
		{123450, "RON", "ro", "1.234,50 RON"},
		{123450, "HUF", "hu", "1 234,50 HUF"},
		{123450, "EUR", "el", "1.234,50 EUR"},
		{-4860, "EUR", "de", "-48,60 EUR"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.m, tt.cur, tt.lang); got != tt.want {
			t.Errorf("FormatMoney(%d, %q, %s) = %q, want %q", tt.m, tt.cur, tt.lang, got, tt.want)
		}
	}
	for _, l := range Languages() {
		if _, ok := moneyMarks[l]; !ok {
			t.Errorf("%s: no money marks", l)
		}
	}
}

// Every built-in language has every solution sentence, each fills from
// complete and from sparse data, and what is given shows in it.
func TestPhrasebooks(t *testing.T) {
	full := phraseData{Date: "DATE", TrackingNo: "LY987654321CN", Carrier: "China Post", URL: "https://t.example/LY",
		Amount: "AMOUNT", Total: "TOTAL", Share: "SHARE", Rest: "REST", Documents: "DOCS", Address: "ADDRESS", Reference: "REF"}
	uses := map[string][]string{
		phNewETA: {"DATE"}, phReissue: {"LY987654321CN", "China Post", "https://t.example/LY"},
		phRefundFull: {"AMOUNT"}, phRefundPartial: {"AMOUNT"}, phCustomsDocs: {"DOCS"},
		phDutiesBuyer: {"TOTAL"}, phDutiesSeller: {"TOTAL"}, phDutiesShared: {"TOTAL", "SHARE", "REST"},
		phRedelivery: {"ADDRESS"}, phPickup: {"ADDRESS"}, phClaim: {"REF"},
	}
	if len(phrasebooks) != len(Languages()) {
		t.Errorf("%d phrasebooks for %d languages", len(phrasebooks), len(Languages()))
	}
	for _, l := range Languages() {
		pb, ok := phrasebooks[l]
		if !ok {
			t.Errorf("%s: no phrasebook", l)
			continue
		}
		if len(pb.documents) != len(tracker.CustomsDocuments) || pb.and == "" {
			t.Errorf("%s: %d document names for %d documents, and %q", l, len(pb.documents), len(tracker.CustomsDocuments), pb.and)
		}
		if len(pb.phrases) != len(phraseKeys) {
			t.Errorf("%s: %d phrases, want %d", l, len(pb.phrases), len(phraseKeys))
		}
		seen := map[string]string{}
		for _, k := range phraseKeys {
			if _, ok := pb.phrases[k]; !ok {
				t.Errorf("%s: no %s phrase", l, k)
				continue
			}
			got := phrase(l, k, full)
			for _, w := range uses[k] {
				if !strings.Contains(got, w) {
					t.Errorf("%s.%s lacks %q: %s", l, k, w, got)
				}
			}
			if other, dup := seen[got]; dup {
				t.Errorf("%s: %s and %s say the same: %s", l, k, other, got)
			}
			seen[got] = k
			if k == phDutiesShared {
				continue // always has its amounts
			}
			sparse := phrase(l, k, phraseData{Date: "DATE", TrackingNo: "LY987654321CN", Amount: "AMOUNT", Documents: "DOCS"})
			if strings.Contains(sparse, "()") || strings.Contains(sparse, "（）") || strings.Contains(sparse, "  ") ||
				strings.Contains(sparse, " .") || strings.Contains(sparse, ": .") {
				t.Errorf("%s.%s reads badly without optional parts: %q", l, k, sparse)
			}
		}
	}
	// A language without a phrasebook (an override language) gets English.
	if got, want := phrase("fi", phNone, phraseData{}), phrasebooks["en"].phrases[phNone]; got != want {
		t.Errorf("fi: %q, want %q", got, want)
	}
}

func TestDocumentList(t *testing.T) {
	docs := slices.Clone(tracker.CustomsDocuments[:3])
	for lang, want := range map[string]string{
		"en": "commercial invoice, packing list and HS code",
		"de": "Handelsrechnung, Packliste und HS-Code",
		"zh": "商业发票、装箱单和HS编码",
		"ja": "インボイス、パッキングリストおよびHSコード",
		"ar": "الفاتورة التجارية، قائمة التعبئة ورمز النظام المنسق (HS)",
		"he": "חשבונית מסחרית, רשימת אריזה וקוד HS",
		"cs": "obchodní faktura, balicí list a kód HS",
	} {
		if got := documentList(docs, tracker.CustomsDocuments, lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := documentList([]string{"certificates", "a phytosanitary note"}, tracker.CustomsDocuments, "fr"); got != "certificats et a phytosanitary note" {
		t.Errorf("unknown document: %q", got)
	}
	if got := documentList(nil, tracker.CustomsDocuments, "fr"); got != "" {
		t.Errorf("no documents: %q", got)
	}
}
