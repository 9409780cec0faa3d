package bench

import (
	"os"
	"strings"
	"testing"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// A sitting's errors a person reads are in the catalog, and read in
// Chinese with the path and the OS's words as they are; English is what
// fmt.Errorf wrote before, byte for byte.
func TestBenchErrorsInChinese(t *testing.T) {
	for _, f := range i18n.LackingChinese(ErrorFormats()) {
		t.Errorf("the catalog lacks %q in Chinese", f)
	}
	err := tracker.Wrapf(errReuseMissing, 10000, &os.PathError{Op: "stat", Path: "/b/10000.db", Err: os.ErrNotExist})
	if en := i18n.New(i18n.En).Err(err); en != "bench --reuse: the store of 10000 orders: stat /b/10000.db: file does not exist" {
		t.Errorf("English %q", en)
	}
	if zh := i18n.New(i18n.Zh).Err(err); zh != "bench --reuse：10000 个订单的数据库：stat /b/10000.db: file does not exist" {
		t.Errorf("Chinese %q", zh)
	}
	if zh := i18n.New(i18n.Zh).Err(tracker.Wrapf(errStoreExists, "/b/10000.db")); !strings.Contains(zh, "已存在") {
		t.Errorf("Chinese %q", zh)
	}
}
