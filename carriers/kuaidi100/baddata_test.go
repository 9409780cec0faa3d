package kuaidi100_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/carriers/kuaidi100/kuaidi100fake"
	"waybill/tracker"
)

// The documented 400 ("提交的数据不完整，或者贵公司没授权") comes for one
// number's bad data: it is that number's error, and the next number in the
// batch is still asked about. Taking it for a rejected key would stop the
// service for every parcel.
func TestBadDataIsTheNumbersOwnError(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	f.SetMinInterval(0)
	c, err := newCarrier(f.URL(), f.Key(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	nums := s10(2)
	f.Add(nums[0], kuaidi100fake.Trail{BadData: true})
	f.AddDelivered(nums[1], time.Now().Add(-200*time.Hour))
	res, err := c.Track(context.Background(), []tracker.TrackRequest{
		{TrackingNo: nums[0], Carrier: "china-post"},
		{TrackingNo: nums[1], Carrier: "china-post"},
	})
	if err != nil {
		t.Fatalf("call failed (%s): one number's bad data took the whole call down: %v", tracker.FailKindOf(err), err)
	}
	if r := res[0]; r.Err == nil || !strings.Contains(r.Err.Error(), "400") || !strings.Contains(r.Err.Error(), nums[0]) {
		t.Fatalf("bad number: %+v, want its own error naming the 400 and the number", r)
	}
	if r := res[1]; r.Err != nil || len(r.Events) != 7 {
		t.Fatalf("next number: %+v", r)
	}
	if n := f.Stats().Requests; n != 2 {
		t.Fatalf("%d queries, want 2", n)
	}
}
