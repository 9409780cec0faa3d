package evidence

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"waybill/tracker"
)

// A damage claim is judged on how the parcel was packed: the seller's
// packaging notes reach the PDF's "Order and contents" and case.json's
// order, in every audience's bundle; without notes the PDF says "—" and
// case.json leaves the key out.
func TestBundlePackagingNotes(t *testing.T) {
	font := testFont(t)
	const notes = "双层纸箱 double box, bubble wrap, fragile sticker"
	for _, tt := range []struct {
		name  string
		notes string
		aud   tracker.Audience
	}{
		{"dispute", notes, tracker.AudienceDispute},
		{"claim", notes, tracker.AudienceClaim},
		{"buyer", notes, tracker.AudienceBuyer},
		{"no notes", "", tracker.AudienceClaim},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := bundleOf(tracker.ExDamaged, []tracker.Event{ev(0, tracker.StatusDelivered, "SIGNED", "Lyon", "已签收 包裹破损")}, nil, tt.aud)
			b.Order.Packaging = tt.notes
			var buf bytes.Buffer
			if _, err := Write(&buf, b, Options{Font: font}); err != nil {
				t.Fatal(err)
			}
			z := unzip(t, buf.Bytes())
			flat := strings.Join(strings.Fields(pdfText(t, z[SummaryName])), " ")
			var doc struct {
				Order map[string]any `json:"order"`
			}
			if err := json.Unmarshal(z[CaseName], &doc); err != nil {
				t.Fatalf("case.json: %v", err)
			}
			got, has := doc.Order["packaging"]
			if tt.notes == "" {
				if !strings.Contains(flat, "Packaging —") || has {
					t.Errorf("no notes: the PDF should say \"Packaging —\" and case.json leave it out (has %v):\n%s", has, flat)
				}
				return
			}
			if !strings.Contains(flat, "Packaging "+tt.notes) {
				t.Errorf("the PDF lacks %q:\n%s", "Packaging "+tt.notes, flat)
			}
			if got != tt.notes {
				t.Errorf("case.json order.packaging = %v, want %q", got, tt.notes)
			}
		})
	}
}
