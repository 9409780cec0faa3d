package i18n

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/tracker/evidence"
)

// Every error a case bundle's writing says to a person is in the
// catalog: tracker/evidence asks for them by value.
func TestCatalogHasEvidenceErrors(t *testing.T) {
	have := catalogKeys()
	for _, f := range evidence.ErrorFormats() {
		if !have[f] {
			t.Errorf("the catalog lacks evidence's %q", f)
		}
	}
}

// A bundle's font missing reads in Chinese, the setting's name as it is.
func TestEvidenceErrorsInChinese(t *testing.T) {
	_, err := evidence.FindFont("/nonexistent/cjk.ttf")
	if err == nil {
		t.Fatal("a missing font was found")
	}
	if got, want := New(Zh).Err(err), `[evidence] font "/nonexistent/cjk.ttf"：文件不存在`; got != want {
		t.Errorf("Chinese %q, want %q", got, want)
	}
	if got, want := New(En).Err(err), `[evidence] font "/nonexistent/cjk.ttf": no such file`; got != want || err.Error() != want {
		t.Errorf("English %q, want %q", got, want)
	}
}

// The store's errors, made as the store makes them (tracker.Store…
// formats, a sentinel inside a frame), read in Chinese with the paths as
// they are; English is the store's text, byte for byte, and the sentinel
// is still found.
func TestStoreErrorsInChinese(t *testing.T) {
	noFolder := tracker.Wrapf(tracker.StoreNoFolder)
	for _, tt := range []struct {
		name   string
		err    error
		zh, en string
	}{
		{"missing folder", tracker.Wrapf(tracker.StoreOpen, "/x/w.db", tracker.Wrapf(tracker.StoreNoFolderAt, noFolder, "/x")),
			"打开数据库 /x/w.db：文件夹不存在：/x（请先创建；waybill 只会创建默认文件夹）",
			"open store /x/w.db: folder does not exist: /x (create it first; waybill makes only its default folder)"},
		{"newer schema", tracker.Wrapf(tracker.StoreOpen, "/x/w.db", tracker.Wrapf(tracker.StoreSchemaNewer, 40, 39)),
			"打开数据库 /x/w.db：数据库结构版本 40 比本 waybill 支持的（39）更新：请升级 waybill",
			"open store /x/w.db: schema version 40 is newer than this waybill knows (39): upgrade waybill"},
		{"disk full", tracker.Wrapf(tracker.StoreDiskErr, "/x/w.db", tracker.Wrapf(tracker.StoreFull), errors.New("database or disk is full (13)")),
			"数据库 /x/w.db：磁盘已满：本次写入未保存任何内容；请腾出空间后重试（database or disk is full (13)）",
			"store /x/w.db: disk full: nothing of this write was kept; free some space and run it again (database or disk is full (13))"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(Zh).Err(tt.err); got != tt.zh {
				t.Errorf("Chinese %q, want %q", got, tt.zh)
			}
			if got := New(En).Err(tt.err); got != tt.en || tt.err.Error() != tt.en {
				t.Errorf("English %q, want %q", got, tt.en)
			}
		})
	}
	if err := tracker.Wrapf(tracker.StoreOpen, "/x", tracker.Wrapf(tracker.StoreNoFolderAt, noFolder, "/x")); !errors.Is(err, noFolder) {
		t.Error("the sentinel is lost in its frames")
	}
}

// A refusal of tracker's inside an error fmt.Errorf made, inside a frame
// of ours: the frame and the refusal in Chinese, the words between them
// as they were written.
func TestRefusalInsideAPlainErrorInsideAFrame(t *testing.T) {
	c := tracker.Case{ID: 3, Step: tracker.StepReassure, State: tracker.CaseOpen, Kind: tracker.ExStale}
	_, _, refused := c.Apply(tracker.CaseAction{Type: tracker.ActNote}, "ana", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
	if refused == nil {
		t.Fatal("an empty note was taken")
	}
	err := tracker.Wrapf(tracker.WrapCase, int64(3), fmt.Errorf("step: %w", refused))
	if got, want := New(Zh).Err(err), "工单 3：step: 处于“安抚买家”步骤时不能备注：备注为空"; got != want {
		t.Errorf("Chinese %q, want %q", got, want)
	}
	if got := New(En).Err(err); got != err.Error() {
		t.Errorf("English %q", got)
	}
}

// tracker's refusals a person meets as sentinels (a closed case, a case
// or claim changed meanwhile, a viewer, an order that cannot be
// extended) read in Chinese, inside a frame too, and are still found by
// errors.Is; English is their text.
func TestTrackerSentinelsInChinese(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{tracker.ErrCaseClosed, "工单已关闭：请先重新打开"},
		{tracker.ErrCaseChanged, "工单已被他人修改：请重新加载"},
		{tracker.ErrCaseOpen, "此包裹的这类问题已有处理中的工单"},
		{tracker.ErrClaimChanged, "索赔已被他人修改：请重新读取"},
		{tracker.ErrReadOnly, "只读：查看者角色不能做任何修改"},
		{tracker.ErrNotExtendable, "无法延长买家保护期"},
	} {
		framed := tracker.Wrapf(tracker.WrapCase, int64(4), tt.err)
		if got := New(Zh).Err(framed); got != "工单 4："+tt.want {
			t.Errorf("%q: Chinese %q, want %q", tt.err, got, "工单 4："+tt.want)
		}
		if got := New(En).Err(framed); got != "case 4: "+tt.err.Error() {
			t.Errorf("%q: English %q", tt.err, got)
		}
		if !errors.Is(framed, tt.err) {
			t.Errorf("%q is lost in its frame", tt.err)
		}
	}
}
