package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// The alert list's Enter and `/` (issue 20): an alert opens its parcel,
// and typing narrows the alerts read, as the Orders filter narrows its
// list.

// applyText shows the alerts the text filter keeps.
func (m *alertsModel) applyText() {
	m.items = m.all
	if m.text.active() {
		m.items = make([]tracker.Alert, 0, len(m.all))
		for _, a := range m.all {
			// The session's words match too: 丢件 finds a lost parcel's
			// alert in Chinese, as "lost" does in every language.
			if m.text.matches(a.Subject, a.Kind, a.TrackingNo, severityLabel(a.Severity, nil),
				alertKindWord(a.Kind, m.c.tr), severityLabel(a.Severity, m.c.tr)) {
				m.items = append(m.items, a)
			}
		}
	}
	m.scroll()
}

func (m *alertsModel) filtering() bool { return m.text.editing }

// onTextKey handles a key while the filter line is open; ↑ ↓ still move.
func (m *alertsModel) onTextKey(msg tea.KeyPressMsg) {
	changed, used := m.text.key(msg)
	if changed {
		m.applyText()
	}
	if !used {
		m.Update(msg)
	}
}

func (m *alertsModel) pasteText(text string) {
	if m.text.paste(text) {
		m.applyText()
	}
}

func (m *alertsModel) clearText() {
	if m.text.clear() {
		m.applyText()
	}
}

// Selected is the selected alert, if any.
func (m *alertsModel) Selected() (tracker.Alert, bool) {
	if m.sel < 0 || m.sel >= len(m.items) {
		return tracker.Alert{}, false
	}
	return m.items[m.sel], true
}

// openHelp is Enter on the list: the alert's parcel.
func (m *alertsModel) openHelp() key.Binding {
	a, ok := m.Selected()
	return enabledIf(withHelp(m.c.keys.Open, "open parcel"), ok && a.ShipmentID != 0)
}

// closeHelp is what Esc does: clear a kept filter first, else close.
func (m *alertsModel) closeHelp() key.Binding {
	if m.text.active() {
		return withHelp(m.c.keys.Close, "clear filter")
	}
	return closeHelp(m.c.keys)
}

// openAlert closes the alert list and shows the selected alert's parcel:
// its row selected in the Orders pane (read from the list position the
// alert carries) and its timeline.
func (a *App) openAlert() tea.Cmd {
	al, ok := a.alerts.Selected()
	if !ok {
		return nil
	}
	if al.ShipmentID == 0 {
		a.status.say(a.c.tr.T("this alert names no parcel"), true)
		return nil
	}
	closeList := tea.Batch(a.alerts.toggle(), a.relayout())
	a.focus = focusOrders
	show := a.timeline.show(al.ShipmentID, al.TrackingNo)
	a.lastOrdersSel = al.ShipmentID // the timeline shows it already
	jump := a.orders.jumpTo(al.ShipmentID, tracker.Cursor{ShippedAt: al.ShippedAt, ShipmentID: al.ShipmentID})
	return tea.Batch(closeList, show, jump)
}
