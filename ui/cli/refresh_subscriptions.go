package cli

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// printSubscriptions says, under a service's line of a pass's summary,
// how many numbers it newly pushes and why others are polled instead. A
// refusal is no failure: the number is polled as before.
func printSubscriptions(out io.Writer, tr *i18n.Printer, sr *tracker.ServiceReport) {
	if sr.Subscribed > 0 {
		fmt.Fprintln(out, tr.Plain("    subscribed %d for pushes", sr.Subscribed))
	}
	for _, reason := range slices.Sorted(maps.Keys(sr.NotSubscribed)) {
		fmt.Fprintf(out, "    %d× %s\n", sr.NotSubscribed[reason], ui.Sanitize(reason))
	}
}
