package ui

import (
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// Ages, dates and the marketplace's order state in the session's language.
// English is what the screen said before the catalog, byte for byte.

// sinceIn is since in the session's language: "3h", 3小时; "now", 刚刚.
func sinceIn(now, t time.Time, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En || t.IsZero() || now.IsZero() {
		return since(now, t)
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return tr.T("now")
	case d < time.Hour:
		return tr.T("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return tr.T("%dh", int(d/time.Hour))
	default:
		return tr.T("%dd", int(d/(24*time.Hour)))
	}
}

// dayIn is a day without its year: "12-06" in English, 12月6日 in Chinese
// (the form Chinese sellers write a day in).
func dayIn(t time.Time, loc *time.Location, tr *i18n.Printer) string {
	t = t.In(loc)
	if tr.Lang() == i18n.En {
		return t.Format("01-02")
	}
	return strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// weekdayDayIn is "Mon 12-07" in English, 12月7日 周一 in Chinese.
func weekdayDayIn(t time.Time, loc *time.Location, tr *i18n.Printer) string {
	t = t.In(loc)
	if tr.Lang() == i18n.En {
		return t.Format("Mon 01-02")
	}
	return dayIn(t, loc, tr) + " " + tr.T("wd:"+t.Format("Mon"))
}

// orderStatusWord is the marketplace's state of an order: "in progress",
// 处理中; a state the catalog lacks reads as its name.
func orderStatusWord(s tracker.OrderStatus, tr *i18n.Printer) string {
	return tr.WordOr("order:"+string(s), strings.ReplaceAll(string(s), "_", " "))
}

// clockIn is the title bar's clock: "Sun 2025-06-01 14:00 UTC", and in
// Chinese 2025-06-01 周日 14:00 UTC (the date first, as Chinese writes it).
func clockIn(now time.Time, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En {
		return now.Format("Mon 2006-01-02 15:04 MST")
	}
	return now.Format("2006-01-02") + " " + tr.T("wd:"+now.Format("Mon")) + " " + now.Format("15:04 MST")
}

// daysBetweenIn is daysBetween in the session's language: "5d", 5天.
func daysBetweenIn(a, b time.Time, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En || a.IsZero() || b.IsZero() || b.Before(a) {
		return daysBetween(a, b)
	}
	return tr.T("%dd", int(b.Sub(a)/(24*time.Hour)))
}

// followUpDayIn is a follow-up date as the case view's status line says
// it: "Mon 2026-12-07", 2026-12-07 周一.
func followUpDayIn(t time.Time, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En {
		return t.Format("Mon 2006-01-02")
	}
	return t.Format("2006-01-02") + " " + tr.T("wd:"+t.Format("Mon"))
}
