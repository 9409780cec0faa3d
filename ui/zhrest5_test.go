package ui

import (
	"strings"
	"testing"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// A parcel's last check error on the order view, as the store keeps a
// tracking service's failure: its frame and kind in Chinese, the
// service's slug, status and own words as they are; English as stored.
func TestOrderViewCheckErrorInChinese(t *testing.T) {
	stored := (&tracker.CarrierError{Service: "17track", Kind: tracker.FailServer, Status: 500,
		Err: &tracker.CarrierError{Service: "x", Kind: "bogus"}}).Error() // the cause: in no form of ours
	for _, tt := range []struct {
		lang       i18n.Lang
		want, lose string
	}{
		{i18n.Zh, "17track：服务端出错（HTTP 500）：x: bogus", "server (HTTP"},
		{i18n.En, "17track: server (HTTP 500): x: bogus", "服务端"},
	} {
		f := orderViewFake()
		o := f.orders[ovOrder]
		o.Shipments[1].CheckError = stored
		f.orders[ovOrder] = o
		h := newHarness(t, Options{Reader: f, Language: tt.lang}, 120, 40)
		openOrderOf(t, h)
		if !onScreenSomewhere(h, tt.want) || onScreenSomewhere(h, tt.lose) {
			t.Errorf("%v: want %q and no %q:\n%s", tt.lang, tt.want, tt.lose, screen(h))
		}
	}
}

// A quota that could not be read says the service's failure in the
// screen's language, as refresh's quota line does.
func TestQuotaReadErrorInChinese(t *testing.T) {
	q := tracker.ServiceQuota{Service: "17track", Err: (&tracker.CarrierError{Service: "17track", Kind: tracker.FailAuth, Status: 401}).Error()}
	if got := QuotaTextIn(i18n.New(i18n.Zh), q); got != "未知：17track：密钥或权限被拒（HTTP 401）" {
		t.Errorf("Chinese %q", got)
	}
	if got := QuotaTextIn(i18n.New(i18n.En), q); got != "unknown: 17track: auth (HTTP 401)" || strings.Contains(got, "密钥") {
		t.Errorf("English %q", got)
	}
}
