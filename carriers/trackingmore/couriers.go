package trackingmore

import "strings"

// courierCodes maps our carrier slugs (tracker/number) to TrackingMore
// courier codes. Only codes seen in TrackingMore's own material are here:
// "usps" in the official SDKs' READMEs (github.com/TrackingMore-API), and
// "china-post", "china-ems", "cainiao", "yunexpress" in the examples of
// TrackingMore's PHP SDK (github.com/trackingmore100/tracking-sdk-php). A
// carrier missing here is asked of POST /v4/couriers/detect (free in v4,
// support.trackingmore.com/en/article/how-to-calculate-the-quota-bill-1puhz6j),
// whose first answer is taken, as TrackingMore advises ("please choose the
// first courier to create a tracking, otherwise it will consume you
// duplicate or more quotas"). A wrong guess of ours would bill a tracking
// under the wrong courier, so none is made.
var courierCodes = map[string]string{
	"usps":       "usps",
	"china-post": "china-post",
	"china-ems":  "china-ems",
	"cainiao":    "cainiao",
	"yunexpress": "yunexpress",
}

// CourierCode is TrackingMore's code for our carrier slug, "" when we do
// not know it.
func CourierCode(slug string) string { return courierCodes[strings.TrimSpace(slug)] }

// ourSlug names a TrackingMore courier code with our slug when the table
// has it, else keeps TrackingMore's code (tracker.LastMile's rule).
func ourSlug(code string) string {
	code = strings.TrimSpace(code)
	for slug, c := range courierCodes {
		if c == code {
			return slug
		}
	}
	return code
}
