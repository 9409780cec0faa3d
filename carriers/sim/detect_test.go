package sim

import (
	"testing"
	"time"

	"waybill/tracker/number"
)

// Demo numbers must look to the detector exactly as real ones do: valid,
// and attributed to the carrier the demo says shipped them.
func TestOrdersNumbersPassTheDetector(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for _, o := range Orders(3000, 5, now) {
		for _, s := range o.Shipments {
			r := number.Detect(s.TrackingNo)
			if !r.Valid || r.Carrier != s.Carrier {
				t.Fatalf("%s (%s): detector says valid=%v carrier=%q checksum=%s note=%q", s.TrackingNo, s.Carrier, r.Valid, r.Carrier, r.Checksum, r.Note)
			}
		}
	}
}
