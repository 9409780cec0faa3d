package cli

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// printLife says what a pass restarted and stopped, one line per service:
// "lifecycle 17track: restarted 2, 3 over today's budget, stopped following 5".
func printLife(out io.Writer, tr *i18n.Printer, lr tracker.LifeReport) {
	names := map[string]bool{}
	for _, m := range []map[string]int{lr.Restarted, lr.Refused, lr.OverBudget, lr.Untracked} {
		for name := range m {
			names[name] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		var parts []string
		add := func(n int, format string) {
			if n > 0 {
				parts = append(parts, tr.Plain(format, n))
			}
		}
		add(lr.Restarted[name], "restarted %d")
		add(lr.OverBudget[name], "%d over today's budget ([tracking] restarts_per_day)")
		add(lr.Untracked[name], "stopped following %d")
		add(lr.Refused[name], "%d refused")
		fmt.Fprintln(out, tr.Plain("lifecycle %s: %s", ui.Sanitize(name), strings.Join(parts, tr.Plain("list:sep"))))
	}
}

// printQuotas says each service's plan use as last read:
// "quota 17track: 12 of 100 used".
func printQuotas(out io.Writer, tr *i18n.Printer, qs []tracker.ServiceQuota) {
	for _, q := range qs {
		fmt.Fprintln(out, tr.Plain("quota %s: %s", ui.Sanitize(q.Service), ui.Sanitize(ui.QuotaTextIn(tr, q))))
	}
}
