package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waybill/ui/i18n"
)

// The i sheet says an order file's problem with the file itself in the
// reader's language (orderfile.FileError through tr.Err), as `waybill
// import` does; the file's path and its header's cells as they are.
func TestImportSheetFileProblemInChinese(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		want, not  []string
	}{
		{"no order number column", "tracking,country\nRB123456785GB,DE\n",
			[]string{"没有订单号列", `"tracking", "country"`}, []string{"no order number column"}},
		{"empty", "\n", []string{"文件为空"}, []string{"the file is empty"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "o.csv")
			if err := os.WriteFile(path, []byte(tt.data), 0o600); err != nil {
				t.Fatal(err)
			}
			h, _, _ := addHarness(t, Options{ImportFiles: true, Language: i18n.Zh})
			h.press("i")
			h.typeText(path)
			h.press("enter")
			out := squash(screen(h))
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("screen lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("screen still says %q:\n%s", w, out)
				}
			}
		})
	}
}
