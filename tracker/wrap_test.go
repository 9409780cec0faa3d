package tracker

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

// A wrapped cause is still found (errors.Is), and the English is what
// fmt.Errorf with %w wrote before.
func TestWrapfKeepsItsCause(t *testing.T) {
	cause := &fs.PathError{Op: "mkdir", Path: "/x", Err: fs.ErrPermission}
	err := Wrapf(WrapStoreFolder, cause)
	if want := fmt.Errorf("create the store's folder: %w", cause).Error(); err.Error() != want {
		t.Errorf("English %q, want %q", err, want)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Error("the cause is lost")
	}
}
