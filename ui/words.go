package ui

import (
	"waybill/tracker"
	"waybill/ui/i18n"
)

// The words the screen takes from tracker, in the session's language
// (ui/i18n). tracker's own Label and SuggestedAction stay English: they
// are the keys of the catalog, and what logs and machine output say.

// statusLabel is a parcel status as a person reads it: "In transit", 运输中.
func statusLabel(s tracker.Status, tr *i18n.Printer) string { return tr.T(s.Label()) }

// kindWord is an exception kind as a person reads it: "no tracking", 无轨迹.
func kindWord(k tracker.ExceptionKind, tr *i18n.Printer) string { return tr.T(kindLabel(k)) }

// nextAction is what to do first about an exception of kind k.
func nextAction(k tracker.ExceptionKind, tr *i18n.Printer) string {
	a := tracker.SuggestedAction(k)
	if a == "" {
		return ""
	}
	return tr.T(a)
}

// viewName is a queue view by name: "open", 待处理.
func viewName(v tracker.ExceptionView, tr *i18n.Printer) string { return tr.T("view:" + v.Name()) }

// titled puts the columns' titles in the session's language. A title
// wider than its column's narrowest would be cut; in a language other than
// English (whose titles fit by design, and whose layout the goldens pin)
// the column is widened to its title instead, so a double-width heading is
// never cut in half or left with an ellipsis.
func titled(tr *i18n.Printer, cols []column) []column {
	for i := range cols {
		if cols[i].title == "" {
			continue
		}
		cols[i].title = tr.T(cols[i].title)
		if tr.Lang() == i18n.En {
			continue
		}
		if w := max(widthOf(cols[i].title), cols[i].wide); w > cols[i].min {
			cols[i].min = w
			if cols[i].max != 0 && cols[i].max < w {
				cols[i].max = w
			}
		}
	}
	return cols
}
