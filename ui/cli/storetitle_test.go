package cli

import (
	"context"
	"strings"
	"testing"

	"waybill/ui/i18n"
)

// The title bar names the open store in the screen's language: a Chinese
// first run was told how to leave the demo in English.
func TestStoreTitleInTheScreensLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang         i18n.Lang
		fresh, first bool
		want, not    string
	}{
		{i18n.En, true, false, "throwaway store", "临时库"},
		{i18n.En, false, true, "demo store · leave: waybill add, a carrier or --db", "演示库"},
		{i18n.Zh, true, false, "临时库", "throwaway"},
		{i18n.Zh, false, true, "演示库 · 退出：waybill add、接入承运商或 --db", "leave"},
	} {
		got, _, err := storeTitle(context.Background(), i18n.New(tt.lang), nil, tt.fresh, tt.first)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want || strings.Contains(got, tt.not) {
			t.Errorf("%v fresh=%v first=%v: title %q, want %q", tt.lang, tt.fresh, tt.first, got, tt.want)
		}
	}
}
