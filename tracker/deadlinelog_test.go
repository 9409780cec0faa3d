package tracker

import (
	"fmt"
	"testing"
	"time"
)

// The store writes an alert's lead with fmt's %g (store/deadline_alerts.go);
// every lead it can write reads back, as a LeadHours of the same Span.
func TestDeadlineLogAlertedReadsBack(t *testing.T) {
	for _, lead := range []time.Duration{72 * time.Hour, 24 * time.Hour, 90 * time.Minute, 30 * time.Minute, 7 * 24 * time.Hour} {
		detail := fmt.Sprintf("%gh before due (%s)", lead.Hours(), "deadline:1:x")
		p, ok := DeadlineLogDetailPhrase("alerted", detail)
		if !ok || p.String() != detail {
			t.Errorf("%q reads back as %v %q", detail, ok, p.String())
			continue
		}
		if got, want := p.Args[0].(LeadHours).Span(), SpanOf(lead); got != want {
			t.Errorf("%q: lead %v, want %v", detail, got, want)
		}
	}
	if _, ok := DeadlineLogDetailPhrase("alerted", "soon before due (k)"); ok {
		t.Error("a lead that is no number read as one")
	}
}
