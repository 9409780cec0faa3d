package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/tracker/evidence"
)

// B on a case writes its dispute bundle in the current folder and says
// where; a second B never replaces the first. A session that may not
// touch this machine's files (SSH without allow_import) writes none.
func TestCaseBundleKey(t *testing.T) {
	if _, err := evidence.FindFont(""); err != nil {
		t.Skip("no CJK font for the bundle's PDF: apt-get install fonts-droid-fallback")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	h, _, fc := caseSession(t, func(o *Options) { o.ImportFiles = true })
	openLost(t, h, fc)
	h.press("B")
	h.awaitScreen("wrote case-", time.Minute)
	wantOnScreen(t, h, "wrote case-", "for a dispute")
	h.press("B")
	h.awaitScreen("dispute-2.zip", time.Minute)
	files, _ := filepath.Glob(filepath.Join(dir, "case-1-order-WB-00047-dispute*.zip"))
	if len(files) != 2 {
		t.Fatalf("two B wrote %v, want two bundles side by side", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Size() == 0 {
		t.Errorf("bundle %s: %v", files[0], err)
	}

	h2, _, fc2 := caseSession(t, nil)
	openLost(t, h2, fc2)
	h2.press("B")
	if !strings.Contains(screen(h2), "written on the server") {
		t.Errorf("B without file access:\n%s", screen(h2))
	}
}
