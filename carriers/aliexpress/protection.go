package aliexpress

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"waybill/tracker"
)

// ProtectionEnd implements tracker.ProtectionReader: the order detail's
// over_time_left while the order awaits the buyer's receipt, the only
// state in which it is the protection's end (MARKETPLACES.md A6, X). ok is
// false in any other state or when the field is not filled.
func (c *Client) ProtectionEnd(ctx context.Context, orderNo string) (time.Time, bool, error) {
	b, _ := json.Marshal(map[string]json.Number{"order_id": json.Number(strings.TrimSpace(orderNo))})
	var a detailAnswer
	if err := c.call(ctx, "aliexpress.trade.new.redefining.findorderbyid", url.Values{"param1": {string(b)}}, &a); err != nil {
		return time.Time{}, false, err
	}
	if a.Target == nil {
		return time.Time{}, false, c.http.Fail(tracker.FailMalformed, 0, fmt.Errorf("order %s: detail has no target", orderNo))
	}
	if a.Target.Status != "WAIT_BUYER_ACCEPT_GOODS" {
		return time.Time{}, false, nil
	}
	end, err := parseTime("over_time_left", a.Target.OverTimeLeft)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("aliexpress order %s: %w", orderNo, err)
	}
	return end, !end.IsZero(), nil
}

var _ tracker.ProtectionReader = (*Client)(nil)
