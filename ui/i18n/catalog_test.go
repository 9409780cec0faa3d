package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"waybill/tracker"
)

// verbRE finds format verbs, explicit argument indexes included (%[2]s).
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs is the multiset of verbs of a format, by argument: "%[2]s" and the
// second plain "%s" are the same argument.
func verbs(format string) []string {
	var out []string
	n := 0
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		v := m[0]
		if strings.HasSuffix(v, "%") && len(v) == 2 {
			continue // %%
		}
		arg := m[1]
		if arg == "" {
			n++
			arg = "[" + string(rune('0'+n)) + "]"
		} else {
			n = int(arg[1] - '0')
		}
		out = append(out, arg+v[len(v)-1:])
	}
	slices.Sort(out)
	return out
}

// Every message is in both languages, and each language's forms take the
// same arguments with the same verbs; no key is given twice.
func TestCatalogIsCompleteInEveryLanguage(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys() {
		if seen[k.Key] {
			t.Errorf("message %q is in the catalog twice", k.Key)
		}
		seen[k.Key] = true
		want := verbs(k.Forms[En][0])
		for _, l := range Langs {
			forms, ok := k.Forms[l]
			if !ok || len(forms) == 0 {
				t.Errorf("message %q has no %s text", k.Key, l)
				continue
			}
			for _, f := range forms {
				if strings.TrimSpace(f) == "" {
					t.Errorf("message %q: an empty %s form", k.Key, l)
				}
				if got := verbs(f); !slices.Equal(got, want) {
					t.Errorf("message %q: %s form %q has verbs %v, English %v", k.Key, l, f, got, want)
				}
			}
		}
	}
}

// The verb check itself: a test that passes everything checks nothing.
func TestVerbsSeeMismatches(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"%d parcels", "共 %d 个包裹", true},
		{"%s of %s %s", "%[2]s 中的 %[1]s 条 · %[3]s", true},
		{"%d checked/%d new", "已查 %d/新增 %s", false},
		{"to %s", "寄往", false},
		{"100%% done", "完成", true},
	} {
		if got := slices.Equal(verbs(tt.a), verbs(tt.b)); got != tt.same {
			t.Errorf("%q vs %q: same %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// callRE finds messages the source asks for by a literal key:
// tr.T("…"), .T("…") and t9n("…") calls, and the key descriptions of
// key.WithHelp and withHelp, which help prints through the catalog.
var callRE = regexp.MustCompile(`(?:\.T\(|\bt9n\(|key\.WithHelp\((?:[^"\n]|"[^"]*")*?, |withHelp\([^,()]+(?:\([^()]*\))?, )"((?:[^"\\]|\\.)*)"\s*[),]`)

// Every literal key the screen's translated views ask for is in the
// catalog, so none prints as its English key in Chinese.
func TestCatalogCoversTheSource(t *testing.T) {
	have := catalogKeys()
	n := 0
	eachLiteral(t, "../*.go", callRE, func(file, key string) {
		n++
		if !have[key] {
			t.Errorf("%s asks for %q, which the catalog lacks", file, key)
		}
	})
	if n < 100 {
		t.Errorf("found only %d messages asked for in ui/*.go: the pattern is broken", n)
	}
}

// catalogKeys is every key of the catalog.
func catalogKeys() map[string]bool {
	have := map[string]bool{}
	for _, k := range Keys() {
		have[k.Key] = true
	}
	return have
}

// eachLiteral hands f every key the non-test Go files of glob ask for by
// a literal re captures, as the program has it (a literal with \" in it,
// a quoted word in a message, is unquoted first), with its file's name.
func eachLiteral(t *testing.T, glob string, re *regexp.Regexp, f func(file, key string)) {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			k, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Errorf("%s: literal %q does not unquote: %v", filepath.Base(path), m[1], err)
				continue
			}
			f(filepath.Base(path), k)
		}
	}
}

func TestPrinterPrintsItsLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{En, "In transit", nil, "In transit"},
		{Zh, "In transit", nil, "运输中"},
		{En, "%d parcels", []any{1}, "1 parcel"},
		{En, "%d parcels", []any{63}, "63 parcels"},
		{Zh, "%d parcels", []any{63}, "共 63 个包裹"},
		{En, "view:open", nil, "open"},
		{Zh, "view:open", nil, "待处理"},
		{Zh, "%s of %s %s", []any{"3", "12", "待处理"}, "12 中的 3 条 · 待处理"},
	} {
		if got := New(tt.lang).T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s %q %v: %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
	var nilP *Printer
	if got := nilP.T("Delivered"); got != "Delivered" {
		t.Errorf("a nil printer: %q, want English", got)
	}
}

// The words the screen takes from tracker (statuses, kinds, next actions,
// the queue's views) are all in the catalog: the source test cannot see
// them, as they are asked for by value.
func TestCatalogHasTrackersWords(t *testing.T) {
	have := map[string]bool{}
	for _, k := range Keys() {
		have[k.Key] = true
	}
	var want []string
	for _, s := range tracker.Statuses {
		want = append(want, s.Label())
	}
	for _, k := range tracker.ExceptionKinds {
		want = append(want, strings.ReplaceAll(string(k), "_", " "), tracker.SuggestedAction(k))
	}
	for _, v := range tracker.ExceptionViews {
		want = append(want, "view:"+v.Name())
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("the catalog lacks %q", w)
		}
	}
}
