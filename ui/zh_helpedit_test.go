package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/textarea"
	"github.com/charmbracelet/x/exp/golden"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// Help's "In a text field" section in Chinese: a line field's editing
// keys and every key of the message editor (bubbles textarea's key map,
// whose descriptions the source test cannot see) are in the catalog.
func TestChineseEditingKeysHelp(t *testing.T) {
	zh := i18n.New(i18n.Zh)
	area := textarea.New()
	fl := &formField{kind: fieldArea, area: &area}
	for _, b := range append(lineEditHelp(DefaultKeyMap()), areaHelp(fl)...) {
		d := b.Help().Desc
		if got := zh.Word(d); got == d {
			t.Errorf("the editing key %v %q has no Chinese", b.Keys(), d)
		}
	}
	// On screen: the add form's help lists the line keys in Chinese.
	h := newHarness(t, Options{Reader: newFakeReader(5), Language: i18n.Zh}, 100, 60)
	h.press("/", "f1")
	out := screen(h)
	for _, s := range []string{"在输入框中", "移动光标", "到行首、到行尾", "删除光标前的字符", "删除到行尾"} {
		if !strings.Contains(out, s) {
			t.Errorf("the Chinese help of a text field lacks %q:\n%s", s, out)
		}
	}
	for _, s := range []string{"move the cursor", "delete before the cursor", "to the start"} {
		if strings.Contains(out, s) {
			t.Errorf("the Chinese help of a text field shows English %q", s)
		}
	}
}

// A viewer is told in Chinese what the role cannot do, as a whole
// sentence, wherever a key would change something; a store opened
// read-only says so too.
func TestChineseViewerNotes(t *testing.T) {
	viewer := Options{Reader: triageFake(), Actor: tracker.Actor{Name: "sam", Role: tracker.RoleViewer}, Language: i18n.Zh}
	for _, tt := range []struct {
		keys []string
		want string
	}{
		{[]string{"tab", "tab", "a"}, "只读：查看者角色不能修改异常"},
		{[]string{"w"}, "只读：查看者角色不能关注订单"},
		{[]string{"a"}, "只读：查看者角色不能添加订单"},
	} {
		h := newHarness(t, viewer, 120, 35)
		h.press(tt.keys...)
		wantOnScreen(t, h, tt.want)
	}
	zh := i18n.New(i18n.Zh)
	if got := readOnlyStoreNoteIn("edit orders", zh); got != "本会话不能编辑订单（存储为只读）" {
		t.Errorf("read-only store: %q", got)
	}
	if got := readOnlyNoteIn("do a newer thing", zh); got != "只读：查看者角色不能do a newer thing" {
		t.Errorf("a phrase the catalog lacks: %q", got)
	}
	if got := readOnlyNoteIn("work cases", i18n.New(i18n.En)); got != "read only: the viewer role cannot work cases" {
		t.Errorf("English: %q", got)
	}
}

// cannotRE finds what the source says a session cannot do.
var cannotRE = regexp.MustCompile(`(?:mayChange|mayAdd|readOnlyNoteIn|readOnlyStoreNoteIn)\("([^"]+)"`)

// Every phrase the source passes as what a session cannot do has its
// Chinese (cannot:…), so no note mixes the languages.
func TestCatalogHasWhatAViewerCannotDo(t *testing.T) {
	have := map[string]bool{}
	for _, k := range i18n.Keys() {
		have[k.Key] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cannotRE.FindAllStringSubmatch(string(src), -1) {
			n++
			if !have["cannot:"+m[1]] {
				t.Errorf("%s: the catalog lacks cannot:%s", f, m[1])
			}
		}
	}
	if n < 10 {
		t.Errorf("found only %d phrases: the pattern is broken", n)
	}
}

// The help of a text field (f1 in the orders filter; the forms are the
// zhforms lane's) in Chinese at 80×24 and 120×35: the filter's keys, those
// of everywhere, and the editing keys, whole and in line, scrolled to the
// end at 80×24 where they are.
func TestGoldenChineseFieldHelp(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		keys []string
	}{{"80x24_end", 80, 24, []string{"/", "f1", "end"}}, {"120x35", 120, 35, []string{"/", "f1"}}} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Reader: newFakeReader(5), Language: i18n.Zh}, tt.w, tt.h)
			h.press(tt.keys...)
			out := screen(h)
			lines := strings.Split(out, "\n")
			if len(lines) != tt.h {
				t.Errorf("screen has %d lines, want %d", len(lines), tt.h)
			}
			for i, l := range lines {
				if wd := widthOf(l); wd != tt.w {
					t.Errorf("line %d is %d cells wide, want %d: %q", i+1, wd, tt.w, l)
				}
			}
			checkBorders(t, lines)
			for _, s := range []string{"在输入框中", "移动光标", "删除到行尾"} {
				if !strings.Contains(out, s) {
					t.Errorf("the Chinese field help lacks %q", s)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
