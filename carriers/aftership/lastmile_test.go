package aftership

import (
	"context"
	"net/http"
	"testing"
	"time"

	"waybill/carriers/aftership/aftershipfake"
	"waybill/tracker"
)

// A Cainiao LP… number handed to USPS at the destination: AfterShip names
// the second leg in next_couriers, and the adapter reports it as the
// parcel's last mile, in our carrier slug, from a poll and from a webhook.
func TestLastMileFromFake(t *testing.T) {
	const lp = "LP00123456789012"
	shipped := time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)
	want := tracker.LastMile{TrackingNo: aftershipfake.CrossBorderLastMile, Carrier: "usps"}

	t.Run("poll", func(t *testing.T) {
		f := aftershipfake.New(t, 0)
		n := f.AddCrossBorder(lp, shipped)
		res, err := newCarrier(t, f).Track(context.Background(), reqs("cainiao", lp))
		if err != nil {
			t.Fatal(err)
		}
		if res[0].LastMile != want || len(res[0].Events) != n {
			t.Fatalf("LastMile = %+v with %d events, want %+v with %d", res[0].LastMile, len(res[0].Events), want, n)
		}
	})
	t.Run("webhook", func(t *testing.T) {
		f := aftershipfake.New(t, 0)
		f.AddCrossBorder(lp, shipped)
		body := f.WebhookBody(lp)
		var rec sinkRecorder
		w := post(webhookCarrier(t).Webhook("s3cret", rec.sink), http.MethodPost, body, aftershipfake.Sign("s3cret", body), true)
		if w.Code != http.StatusOK || len(rec.pushes) != 1 || rec.pushes[0].LastMile != want {
			t.Fatalf("status %d pushes %+v, want last mile %+v", w.Code, rec.pushes, want)
		}
	})
	t.Run("one leg only", func(t *testing.T) {
		f := aftershipfake.New(t, 0)
		n := "RR123456785CN"
		f.AddDelivered(n, shipped)
		res, err := newCarrier(t, f).Track(context.Background(), reqs("china-post", n))
		if err != nil {
			t.Fatal(err)
		}
		if !res[0].LastMile.IsZero() {
			t.Fatalf("LastMile = %+v for a parcel that kept its number", res[0].LastMile)
		}
	})
}

// What a tracking may say of its later legs, and what the adapter makes of
// it: next_couriers (2024-04) and last_mile (the object later versions
// have; read too, so a version change does not lose it silently).
func TestLastMileFields(t *testing.T) {
	const own = "LP00123456789012"
	cases := []struct {
		name string
		json string // the tracking's fields beside tracking_number
		want tracker.LastMile
	}{
		{"next courier with a slug we know", `"next_couriers":[{"slug":"usps","tracking_number":"9400111206206406260787","source":"carrier"}]`,
			tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}},
		{"AfterShip's own spelling of a post", `"next_couriers":[{"slug":"spain-correos-es","tracking_number":"PQ4F6P0703358900108001X"}]`,
			tracker.LastMile{TrackingNo: "PQ4F6P0703358900108001X", Carrier: "correos"}},
		{"a slug we do not map is kept", `"next_couriers":[{"slug":"correosexpress","tracking_number":"3230005940012345"}]`,
			tracker.LastMile{TrackingNo: "3230005940012345", Carrier: "correosexpress"}},
		{"the last leg counts", `"next_couriers":[{"slug":"dhl","tracking_number":"1234567890"},{"slug":"deutsch-post","tracking_number":"CX123456789DE"}]`,
			tracker.LastMile{TrackingNo: "CX123456789DE", Carrier: "deutsche-post"}},
		{"a leg without a number is skipped", `"next_couriers":[{"slug":"usps","tracking_number":"9400111206206406260787"},{"slug":"usps","tracking_number":null}]`,
			tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}},
		{"empty", `"next_couriers":[]`, tracker.LastMile{}},
		{"null", `"next_couriers":null`, tracker.LastMile{}},
		{"absent", `"tag":"InTransit"`, tracker.LastMile{}},
		{"own number again", `"next_couriers":[{"slug":"cainiao","tracking_number":"lp 0012 3456 7890 12"}]`, tracker.LastMile{}},
		{"last_mile of later versions", `"last_mile":{"tracking_number":"9400111206206406260787","slug":"usps","transit_time":2}`,
			tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}},
		{"last_mile wins over next_couriers", `"last_mile":{"tracking_number":"9400111206206406260787","slug":"usps"},"next_couriers":[{"slug":"dhl","tracking_number":"1234567890"}]`,
			tracker.LastMile{TrackingNo: "9400111206206406260787", Carrier: "usps"}},
		{"odd types do not fail the answer", `"next_couriers":{"slug":"usps"},"last_mile":"x"`, tracker.LastMile{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := aftershipfake.New(t, 0)
			f.Intercept(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
				w.WriteHeader(http.StatusOK)
				w.Write([]byte(`{"meta":{"code":200},"data":{"trackings":[{"id":"t1","tracking_number":"` + own + `","slug":"cainiao",` + tc.json + `,
					"checkpoints":[{"checkpoint_time":"2026-10-20T10:00:00+08:00","tag":"InTransit","subtag":"InTransit_002","message":"Accepted"}]}]}}`))
				return true
			})
			res, err := newCarrier(t, f).Track(context.Background(), reqs("cainiao", own))
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Err != nil || res[0].LastMile != tc.want {
				t.Fatalf("LastMile = %+v (err %v), want %+v", res[0].LastMile, res[0].Err, tc.want)
			}
		})
	}
}
