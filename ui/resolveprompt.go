package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// resolvePrompt asks why exceptions are resolved by hand (X): the reason
// goes to each one's log beside who resolved it, through the same
// tracker.Service.Resolve as `waybill exception resolve --reason`.
type resolvePrompt struct {
	c         *common
	n         int
	reason    lineEdit
	err       string
	onResolve func(reason string) tea.Cmd
}

func newResolvePrompt(c *common, n int, onResolve func(string) tea.Cmd) *resolvePrompt {
	return &resolvePrompt{c: c, n: n, reason: newLineEdit("", tracker.MaxReasonLen), onResolve: onResolve}
}

func (p *resolvePrompt) title() string { return p.c.tr.T("Resolve %s", exceptionsCount(p.c.tr, p.n)) }

func (p *resolvePrompt) paste(text string) { p.reason.paste(strings.TrimSpace(text)) }

func (p *resolvePrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Confirm):
		reason := tracker.CleanReason(p.reason.String())
		if reason == "" {
			// A resolution nobody can explain later is worth a sentence now.
			p.err = p.c.tr.T("say why: it is logged with your name")
			return false, nil
		}
		return true, p.onResolve(reason)
	}
	if p.reason.update(msg) {
		p.err = ""
	}
	return false, nil
}

func (p *resolvePrompt) body(w int) []string {
	st := p.c.styles
	label, lw := promptLabel(p.c.tr, "Why")
	out := []string{label + p.reason.view(max(1, w-lw), st, true),
		st.Dim.Render(cell(p.c.tr.T("logged with your name · u undoes it"), w))}
	if p.err != "" {
		out = append(out, st.Error.Render(cell(Sanitize(p.err), w)))
	}
	return out
}

func (p *resolvePrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{withHelp(k.Confirm, "resolve"), k.ClearField, withHelp(k.Close, "cancel")}
}

func (p *resolvePrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
