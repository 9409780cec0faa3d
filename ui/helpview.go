package ui

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/ui/i18n"
)

// helpView is the full help of the view under it (? or f1), over the
// panes' area: every key that works there, one to a line and whole, the
// view's own keys first and then those that work everywhere, and what the
// mouse does. It is made from the same bindings the view's Update matches
// (its help.KeyMap, composed with the globals by App.keyHelp), so it says
// what the keys do now, rebound ones included. It scrolls, so nothing is
// cut at 80×24.
type helpView struct {
	c     *common
	title string
	kh    keyHelp
	lines []string // for width
	width int
	h     int
	top   int
}

func newHelpView(c *common, kh keyHelp) *helpView {
	title := c.tr.Word(kh.title)
	if title == "" {
		title = c.tr.T("this view")
	}
	return &helpView{c: c, title: title, kh: kh}
}

// helpLabelMax bounds the key column; a longer label wraps its line.
const helpLabelMax = 16

// helpEntry is one line of the help: a key label and what it does.
type helpEntry struct{ label, desc string }

// helpSection is a heading and its entries.
type helpSection struct {
	heading string
	entries []helpEntry
}

// sections are what the help lists: the enabled bindings of the view,
// those of everywhere, and the mouse, each once.
func (h *helpView) sections() []helpSection {
	var local []key.Binding
	if h.kh.local != nil {
		for _, col := range h.kh.local.FullHelp() {
			local = append(local, col...)
		}
	}
	tr := h.c.tr
	out := []helpSection{{heading: capitalize(h.title), entries: helpEntries(local, nil, tr)}}
	if g := helpEntries(h.kh.fullGlobal, out[0].entries, tr); len(g) > 0 {
		out = append(out, helpSection{heading: tr.T("Everywhere here"), entries: g})
	}
	if f := helpEntries(h.kh.fields, nil, tr); len(f) > 0 {
		out = append(out, helpSection{heading: tr.T("In a text field"), entries: f})
	}
	if len(h.kh.mouse) > 0 {
		var m []helpEntry
		for _, line := range h.kh.mouse {
			label, desc, _ := strings.Cut(line, ": ")
			m = append(m, helpEntry{tr.Word(label), tr.Word(desc)})
		}
		out = append(out, helpSection{heading: tr.T("Mouse"), entries: m})
	}
	return out
}

// helpEntries are the enabled bindings as entries, each once, leaving out
// those already in seen.
func helpEntries(bs []key.Binding, seen []helpEntry, tr *i18n.Printer) []helpEntry {
	var out []helpEntry
	has := func(e helpEntry) bool {
		for _, s := range seen {
			if s == e {
				return true
			}
		}
		for _, s := range out {
			if s == e {
				return true
			}
		}
		return false
	}
	for _, b := range bs {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		// Every key the binding has, not only the one the short line
		// has room for.
		e := helpEntry{label: keyLabel(b.Keys()), desc: tr.Word(b.Help().Desc)}
		if !has(e) {
			out = append(out, e)
		}
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func (h *helpView) setSize(w, ht int) {
	h.width, h.h = w, ht
	h.lines = h.render(max(1, w-2))
	h.scroll(0)
}

// render lays the sections out for an inner width w: a heading, then each
// entry as "  label  what it does", what does not fit wrapped under its
// own column, never cut.
func (h *helpView) render(w int) []string {
	st := h.c.styles
	secs := h.sections()
	labelW := 1
	for _, s := range secs {
		for _, e := range s.entries {
			labelW = max(labelW, min(helpLabelMax, widthOf(e.label)))
		}
	}
	// At the narrowest the description keeps at least 20 cells.
	labelW = min(labelW, max(4, w-2-2-20))
	descW := max(10, w-2-labelW-2)
	var out []string
	for i, s := range secs {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, st.PaneTitleOn.Render(cell(s.heading, w)))
		for _, e := range s.entries {
			label := e.label
			var lines []string
			if widthOf(label) > labelW {
				// A long label has a line of its own.
				lines = append(lines, "  "+st.Help.FullKey.Render(label))
				label = ""
			}
			desc := wrapWords(e.desc, descW)
			for j, d := range desc {
				l := ""
				if j == 0 {
					l = label
				}
				lines = append(lines, "  "+st.Help.FullKey.Render(padRight(l, labelW))+"  "+st.Help.FullDesc.Render(d))
			}
			out = append(out, lines...)
		}
	}
	return out
}

func padRight(s string, w int) string {
	if n := widthOf(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// wrapWords breaks s into lines of at most w cells at spaces; a word
// longer than w is broken where it must be.
func wrapWords(s string, w int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		for widthOf(word) > w {
			if line != "" {
				out = append(out, line)
				line = ""
			}
			r := []rune(word)
			n := 0
			for n < len(r) && widthOf(string(r[:n+1])) <= w {
				n++
			}
			n = max(1, n)
			out = append(out, string(r[:n]))
			word = string(r[n:])
		}
		switch {
		case line == "":
			line = word
		case widthOf(line)+1+widthOf(word) <= w:
			line += " " + word
		default:
			out = append(out, line)
			line = word
		}
	}
	if line != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}

// rows is how many lines the pane shows.
func (h *helpView) rows() int { return max(1, h.h-2) }

func (h *helpView) scroll(delta int) {
	h.top = clampInt(h.top+delta, 0, max(0, len(h.lines)-h.rows()))
}

// closeKeys close the help: its own key again, or back.
func (h *helpView) closeKeys() key.Binding {
	k := h.c.keys
	keys := append(append([]string(nil), k.Help.Keys()...), k.Back.Keys()...)
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k.Help.Help().Key+"/"+k.Back.Help().Key, "close help"))
}

// update handles a key; closed reports that the help is to close.
func (h *helpView) update(msg tea.KeyPressMsg) (closed bool) {
	k := h.c.keys
	switch {
	case key.Matches(msg, h.closeKeys()):
		return true
	case key.Matches(msg, k.Down):
		h.scroll(1)
	case key.Matches(msg, k.Up):
		h.scroll(-1)
	case key.Matches(msg, k.PageDown):
		h.scroll(h.rows())
	case key.Matches(msg, k.PageUp):
		h.scroll(-h.rows())
	case key.Matches(msg, k.Top):
		h.top = 0
	case key.Matches(msg, k.Bottom):
		h.scroll(len(h.lines))
	}
	return false
}

// wheel scrolls by the mouse wheel.
func (h *helpView) wheel(m tea.Mouse) {
	switch m.Button {
	case tea.MouseWheelDown:
		h.scroll(3)
	case tea.MouseWheelUp:
		h.scroll(-3)
	}
}

// View draws the help as a pane of width×height.
func (h *helpView) View() []string {
	n := h.rows()
	end := min(len(h.lines), h.top+n)
	body := h.lines[h.top:end]
	info := ""
	if len(h.lines) > n {
		info = strconv.Itoa(h.top+1) + "-" + strconv.Itoa(end) + "/" + strconv.Itoa(len(h.lines))
		if end < len(h.lines) {
			info += " ↓"
		}
	}
	return h.c.styles.pane(h.c.tr.T("Help · %s", h.title), info, body, h.width, h.h, true)
}

func (h *helpView) more() bool { return len(h.lines) > h.rows() }

// ShortHelp implements help.KeyMap: the keys of the help itself.
func (h *helpView) ShortHelp() []key.Binding {
	k := h.c.keys
	more := h.more()
	return []key.Binding{
		enabledIf(withHelp(moveHelp(k), "scroll"), more),
		enabledIf(key.NewBinding(key.WithKeys(append(k.PageUp.Keys(), k.PageDown.Keys()...)...),
			key.WithHelp(k.PageUp.Help().Key+" "+k.PageDown.Help().Key, "page")), more),
		enabledIf(key.NewBinding(key.WithKeys(append(k.Top.Keys(), k.Bottom.Keys()...)...),
			key.WithHelp(k.Top.Help().Key+" "+k.Bottom.Help().Key, "top/end")), more),
		h.closeKeys(),
	}
}

// FullHelp implements help.KeyMap.
func (h *helpView) FullHelp() [][]key.Binding {
	k := h.c.keys
	more := h.more()
	return [][]key.Binding{{
		enabledIf(k.Up, more), enabledIf(k.Down, more), enabledIf(k.PageUp, more), enabledIf(k.PageDown, more),
		enabledIf(k.Top, more), enabledIf(k.Bottom, more), h.closeKeys(), k.HardQuit,
	}}
}

// openHelp covers the view with its full help.
func (a *App) openHelp() tea.Cmd {
	a.helpView = newHelpView(a.c, a.keyHelp())
	a.helpView.setSize(a.lay.alerts.w, a.lay.alerts.h)
	return nil
}

func (a *App) onHelpKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.c.keys.HardQuit) {
		return a.quit()
	}
	if a.helpView.update(msg) {
		a.helpView = nil
	}
	return nil
}

// shortHelpLine is the one-line help under the status bar: the view's
// keys, then the global ones. What does not fit is left out whole, the
// view's last keys first, so the globals (? for the full help) always
// show.
func (a *App) shortHelpLine(w int) string {
	kh := a.keyHelp()
	st := a.c.styles.Help
	sep := st.ShortSeparator.Render(a.help.ShortSeparator)
	item := func(b key.Binding) string {
		return st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(a.c.tr.Word(b.Help().Desc))
	}
	var local, global []string
	for _, b := range kh.shortGlobal {
		if b.Enabled() && b.Help().Key != "" {
			global = append(global, item(b))
		}
	}
	if kh.local != nil {
		for _, b := range kh.local.ShortHelp() {
			// A key the globals show (the case view's way back) is
			// shown there, where it is never left out.
			if b.Enabled() && b.Help().Key != "" && !slices.Contains(global, item(b)) {
				local = append(local, item(b))
			}
		}
	}
	ell := st.Ellipsis.Render("…")
	for n := len(local); n >= 0; n-- {
		parts := append(append([]string(nil), local[:n]...), global...)
		line := strings.Join(parts, sep)
		if n < len(local) {
			line = strings.Join(append(append([]string(nil), local[:n]...), append([]string{ell}, global...)...), sep)
		}
		if widthOf(line) <= w {
			return line
		}
	}
	return cell(strings.Join(global, sep), w)
}

// withOverlays draws the full help and the palette over a rendered frame:
// they cover whatever view is shown, whichever it is.
func (a *App) withOverlays(frame string) string {
	if (a.helpView == nil && a.palette == nil) || a.lay.tooSmall || a.lay.width != a.c.width || a.lay.height != a.c.height {
		return frame
	}
	lines := strings.Split(frame, "\n")
	if h := a.helpView; h != nil {
		r := a.lay.alerts
		for i, l := range h.View() {
			if r.y+i < len(lines) {
				lines[r.y+i] = l
			}
		}
	}
	if p := a.palette; p != nil {
		box := p.View(min(a.c.width-4, paletteWidth))
		overlay(lines, box, (a.c.width-widthOf(box[0]))/2, a.lay.alerts.y+1)
	}
	return strings.Join(lines, "\n")
}

// fixedKey is a key that is not in KeyMap: a text field's editing keys,
// the shell's, the same in every field.
func fixedKey(desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(keys), desc))
}

// lineEditHelp is what lineEdit.update does, for the help.
func lineEditHelp(k *KeyMap) []key.Binding {
	return []key.Binding{
		fixedKey("move the cursor", "left", "right", "ctrl+b", "ctrl+f"),
		fixedKey("to the start, to the end", "home", "end", "ctrl+a", "ctrl+e"),
		fixedKey("delete before the cursor", "backspace", "ctrl+h"),
		fixedKey("delete at the cursor", "delete", "ctrl+d"),
		fixedKey("delete the word before", "ctrl+w"),
		fixedKey("delete to the end", "ctrl+k"),
		withHelp(k.ClearField, "clear (a prefilled value is replaced by what you type)"),
	}
}

// areaHelp is the message editor's keys, from the key map that handles
// them (bubbles textarea's).
func areaHelp(fl *formField) []key.Binding {
	v := reflect.ValueOf(fl.area.KeyMap)
	var out []key.Binding
	for i := range v.NumField() {
		if b, ok := v.Field(i).Interface().(key.Binding); ok && b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}
