package ui

import (
	"testing"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// A country on the Chinese screen is named in Chinese from tracker's names
// table (the one import reads), by its ISO code; English as before; a code
// nobody knows is named by neither.
func TestCountryNameIn(t *testing.T) {
	zh, en := i18n.New(i18n.Zh), i18n.New(i18n.En)
	for _, tt := range []struct{ code, zh, en string }{
		{"DE", "德国", "Germany"}, {"RU", "俄罗斯", "Russia"}, {"US", "美国", "United States"}, {"AE", "阿联酋", "United Arab Emirates"}, {"ZZ", "", ""},
	} {
		if got := countryNameIn(tt.code, zh); got != tt.zh {
			t.Errorf("%s in Chinese: %q, want %q", tt.code, got, tt.zh)
		}
		if got := countryNameIn(tt.code, en); got != tt.en {
			t.Errorf("%s in English: %q, want %q", tt.code, got, tt.en)
		}
	}
	// Every code the ISO table names has its Chinese name.
	for _, c := range tracker.Countries() {
		if countryNameIn(c.Code, zh) == countryNameIn(c.Code, en) {
			t.Errorf("%s has no Chinese name on screen", c.Code)
		}
	}
}
