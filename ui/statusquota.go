package ui

import (
	"strconv"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// QuotaText is a service's plan use for a person: "12 of 100 used", "12
// used" when the service gives no total, "unknown: why" when it could not
// be read; a failed read after a good one keeps the good one, and says so.
func QuotaText(q tracker.ServiceQuota) string { return QuotaTextIn(nil, q) }

// QuotaTextIn is QuotaText in tr's language (a nil tr is English): the
// counts as Go prints them, the service's error's frame in tr's language
// and its own words as it gave them.
func QuotaTextIn(tr *i18n.Printer, q tracker.ServiceQuota) string {
	if q.Err != "" && q.Used == 0 && q.Limit == 0 {
		return tr.Plain("unknown: %s", tr.ServiceError(q.Err))
	}
	text := tr.Plain("%d used", q.Used)
	if q.Limit > 0 {
		text = tr.Plain("%d of %d used", q.Used, q.Limit)
	}
	if q.Err != "" {
		text += tr.Plain(" (last read failed: %s)", tr.ServiceError(q.Err))
	}
	return text
}

// quotaItems are the services' plan use, short, for the right end of the
// status line: "17track 12/100". They come from the refresher's state,
// which reads them every few minutes on its own goroutine; the screen only
// shows them. A plan nine tenths used stands out, and stays when the line
// is short.
func (m *statusBar) quotaItems() []barItem {
	if !m.hasRef {
		return nil
	}
	st, tr := m.c.styles, m.c.tr
	var items []barItem
	for _, q := range m.ref.Quotas {
		text := Sanitize(q.Service) + " "
		switch {
		case q.Err != "" && q.Used == 0 && q.Limit == 0:
			text += tr.T("quota ?")
		case q.Limit > 0:
			text += strconv.Itoa(q.Used) + "/" + strconv.Itoa(q.Limit)
		default:
			text += tr.T("%d used", q.Used)
		}
		item := barItem{text: text, style: st.Dim, rank: rankLast, right: true, sep: " · "}
		if q.Limit > 0 && q.Used*10 >= q.Limit*9 {
			item.style, item.rank = st.Busy, rankCountsUrgent
			if q.Used >= q.Limit {
				item.style = st.Error
			}
		}
		items = append(items, item)
	}
	return items
}
