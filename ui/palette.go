package ui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/ui/i18n"
)

// palette is the command palette (:): every action of the view under it,
// by what it does, narrowed as you type; enter runs the chosen one by
// pressing its key, so an action has one implementation whichever way it
// is asked for. Its entries are the view's help (App.keyHelp): what a
// session may not do (a viewer's) is not offered, since help does not
// show it either.
type palette struct {
	c       *common
	title   string
	all     []paletteEntry
	query   lineEdit
	matches []int // indexes into all, in the order shown
	sel     int
	top     int
	rows    int // entries the box shows at most
}

// paletteEntry is one action: what it does in the session's language and
// in English (typing either finds it), its key label, and the key whose
// press runs it.
type paletteEntry struct {
	desc, en, label, key string
}

// paletteWidth is the palette box's width, at most.
const paletteWidth = 64

// paletteQueryLimit bounds what is typed into the palette.
const paletteQueryLimit = 60

func newPalette(c *common, kh keyHelp) *palette {
	title := c.tr.Word(kh.title)
	if title == "" {
		title = c.tr.T("this view")
	}
	p := &palette{c: c, title: title, query: newLineEdit("", paletteQueryLimit)}
	var bs []key.Binding
	if kh.local != nil {
		for _, col := range kh.local.FullHelp() {
			bs = append(bs, col...)
		}
	}
	bs = append(bs, kh.fullGlobal...)
	k := c.keys
	// Moving is not an action to look up by name, and the palette does
	// not open itself.
	skip := [][]string{k.Up.Keys(), k.Down.Keys(), k.PageUp.Keys(), k.PageDown.Keys(), k.Top.Keys(), k.Bottom.Keys(), k.Palette.Keys()}
	seen := map[paletteEntry]bool{}
	for _, b := range bs {
		if !b.Enabled() || len(b.Keys()) == 0 || slices.ContainsFunc(skip, func(s []string) bool { return slices.Equal(s, b.Keys()) }) {
			continue
		}
		for _, e := range paletteEntries(b, c.tr) {
			if !seen[e] {
				seen[e] = true
				p.all = append(p.all, e)
			}
		}
	}
	p.filter()
	return p
}

// paletteEntries is b as palette entries: one, run by its first key; a
// binding of a run of numbered keys (1-9: a solution; alt+1-9: a
// suggestion) is one entry per key, "solution 3".
func paletteEntries(b key.Binding, tr *i18n.Printer) []paletteEntry {
	keys := b.Keys()
	en := b.Help().Desc
	desc := tr.Word(en)
	if len(keys) >= 3 && strings.Contains(keyLabel(keys), "-") && !strings.Contains(keyLabel(keys), "/") {
		out := make([]paletteEntry, len(keys))
		for i, k := range keys {
			n := " " + k[len(k)-1:]
			out[i] = paletteEntry{desc: desc + n, en: en + n, label: keyShown(k), key: k}
		}
		return out
	}
	return []paletteEntry{{desc: desc, en: en, label: b.Help().Key, key: keys[0]}}
}

// filter keeps the entries whose description or key holds every word
// typed, those whose description starts with what is typed first.
func (p *palette) filter() {
	q := strings.ToLower(strings.TrimSpace(p.query.String()))
	words := strings.Fields(q)
	var first, rest []int
	for i, e := range p.all {
		// In English desc and en are the same; in another language an
		// entry is found by either, so a habit typed in English still
		// works.
		text := strings.ToLower(e.desc + " " + e.label + " " + e.en)
		ok := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				ok = false
				break
			}
		}
		desc, en := strings.ToLower(e.desc), strings.ToLower(e.en)
		switch {
		case !ok && !subsequence(desc, strings.ReplaceAll(q, " ", "")) && !subsequence(en, strings.ReplaceAll(q, " ", "")):
		case q != "" && (strings.HasPrefix(desc, q) || strings.HasPrefix(en, q)):
			first = append(first, i)
		default:
			rest = append(rest, i)
		}
	}
	p.matches = append(first, rest...)
	p.sel, p.top = 0, 0
}

// subsequence reports whether q's letters appear in s in order ("clc"
// finds "close case"), for a query typed in a hurry.
func subsequence(s, q string) bool {
	if q == "" {
		return true
	}
	r := []rune(q)
	i := 0
	for _, c := range s {
		if c == r[i] {
			i++
			if i == len(r) {
				return true
			}
		}
	}
	return false
}

// key handles a key in the palette; run is the chosen entry's key, "" when
// none is to run; done reports that the palette closes.
func (p *palette) key(msg tea.KeyPressMsg) (run string, done bool) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close):
		return "", true
	case key.Matches(msg, k.Confirm):
		if p.sel < len(p.matches) {
			return p.all[p.matches[p.sel]].key, true
		}
		return "", false
	// Letters are typed into the query: only the arrows (or whatever
	// types nothing) move.
	case msg.Text == "" && key.Matches(msg, k.Down):
		p.sel = min(p.sel+1, max(0, len(p.matches)-1))
	case msg.Text == "" && key.Matches(msg, k.Up):
		p.sel = max(p.sel-1, 0)
	default:
		if p.query.update(msg) {
			p.filter()
		}
	}
	p.scroll()
	return "", false
}

// setSize fits the box to the panes' height h.
func (p *palette) setSize(h int) {
	p.rows = max(1, h-4)
	p.scroll()
}

// scroll keeps the selection in the box.
func (p *palette) scroll() {
	if p.sel < p.top {
		p.top = p.sel
	}
	if p.sel >= p.top+p.rows {
		p.top = p.sel - p.rows + 1
	}
}

// View draws the palette as a box w wide.
func (p *palette) View(w int) []string {
	st := p.c.styles
	inner := max(1, w-2)
	rows := max(1, p.rows)
	body := []string{cell(st.PaneTitleOn.Render(": ")+p.query.view(inner-2, st, true), inner)}
	if len(p.matches) == 0 {
		body = append(body, st.Dim.Render(cell(p.c.tr.T("no action here matches"), inner)))
	}
	labelW := 1
	for _, i := range p.matches {
		labelW = max(labelW, min(helpLabelMax, widthOf(p.all[i].label)))
	}
	for j := p.top; j < len(p.matches) && j < p.top+rows; j++ {
		e := p.all[p.matches[j]]
		desc := cell(" "+e.desc, max(1, inner-labelW-2))
		if j == p.sel {
			desc = st.Selected.Render(cell("›"+e.desc, max(1, inner-labelW-2)))
		}
		body = append(body, cell(desc+" "+st.Help.FullKey.Render(padRight(cell(e.label, labelW), labelW)), inner))
	}
	info := strconv.Itoa(len(p.matches)) + "/" + strconv.Itoa(len(p.all))
	return st.pane(p.c.tr.T("Commands · %s", p.title), info, body, w, len(body)+2, true)
}

// ShortHelp implements help.KeyMap.
func (p *palette) ShortHelp() []key.Binding {
	k := p.c.keys
	up, down := untyped(k.Up), untyped(k.Down)
	choose := key.NewBinding(key.WithKeys(append(up.Keys(), down.Keys()...)...),
		key.WithHelp(up.Help().Key+" "+down.Help().Key, "choose"))
	return []key.Binding{
		enabledIf(choose, up.Enabled() || down.Enabled()),
		withHelp(k.Confirm, "run"), k.ClearField, withHelp(k.Close, "close"),
	}
}

// FullHelp implements help.KeyMap.
func (p *palette) FullHelp() [][]key.Binding {
	return [][]key.Binding{append(p.ShortHelp(), p.c.keys.HardQuit)}
}

// paletteKey is the palette's binding as the help lists it.
func (a *App) paletteKey() key.Binding { return a.c.keys.Palette }

// openPalette shows the palette of the view under it.
func (a *App) openPalette() tea.Cmd {
	a.palette = newPalette(a.c, a.keyHelp())
	a.palette.setSize(a.lay.alerts.h)
	return nil
}

// onPaletteKey handles a key in the palette; the chosen action runs as its
// key would, in the view under the palette.
func (a *App) onPaletteKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.c.keys.HardQuit) {
		return a.quit()
	}
	run, done := a.palette.key(msg)
	if !done {
		return nil
	}
	a.palette = nil
	if run == "" {
		return nil
	}
	return a.onKey(KeyPress(run))
}
