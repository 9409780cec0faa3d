package track17

import (
	"encoding/json"
	"fmt"

	"waybill/tracker"
)

// The wire shapes of 17TRACK API v2.2. Every answer is an envelope
// {"code": 0, "data": {"accepted": [...], "rejected": [...]}}; a failed call
// puts a non-zero code at the top and may list data.errors.

// Error codes from 17TRACK's documented table that change what we do.
const (
	errIPNotAllowed      = -18010001
	errBadKey            = -18010002
	errInternal          = -18010003
	errAccountDisabled   = -18010004
	errUnauthorized      = -18010005
	errTooManyNumbers    = -18010014 // more than 40 numbers in one call
	errAlreadyRegistered = -18019901
	errNotRegistered     = -18019902
	errCarrierUnknown    = -18019903 // the carrier cannot be detected
	errDailyLimit        = -18019907
	errQuotaUsed         = -18019908
	errNoInfoYet         = -18019909
)

// kindOf sorts a 17TRACK error code into our failure kinds.
func kindOf(code int) tracker.FailKind {
	switch code {
	case errIPNotAllowed, errBadKey, errAccountDisabled, errUnauthorized:
		return tracker.FailAuth
	case errDailyLimit, errQuotaUsed:
		return tracker.FailQuota
	case errInternal:
		return tracker.FailServer
	}
	return tracker.FailRequest
}

// callLevel reports whether a code, even when given for one number, says
// something about the whole account: no call can succeed until it changes.
func callLevel(code int) bool { return kindOf(code) == tracker.FailAuth }

type envelope struct {
	Code int             `json:"code"`
	Data json.RawMessage `json:"data"`
}

type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e apiError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("code %d", e.Code)
	}
	return fmt.Sprintf("code %d: %s", e.Code, e.Message)
}

// registerItem is one element of a register request body.
type registerItem struct {
	Number        string `json:"number"`
	Carrier       int    `json:"carrier,omitempty"`
	AutoDetection bool   `json:"auto_detection,omitempty"`
}

// numberItem is one element of a gettrackinfo request body.
type numberItem struct {
	Number  string `json:"number"`
	Carrier int    `json:"carrier,omitempty"`
}

type rejected struct {
	Number string   `json:"number"`
	Error  apiError `json:"error"`
}

// errorLister is an answer's data, which may list errors.
type errorLister interface{ errorList() []apiError }

type registerData struct {
	Accepted []struct {
		Number  string `json:"number"`
		Carrier int    `json:"carrier"`
	} `json:"accepted"`
	Rejected []rejected `json:"rejected"`
	Errors   []apiError `json:"errors"`
}

func (d *registerData) errorList() []apiError { return d.Errors }

type trackData struct {
	Accepted []trackAccepted `json:"accepted"`
	Rejected []rejected      `json:"rejected"`
	Errors   []apiError      `json:"errors"`
}

func (d *trackData) errorList() []apiError { return d.Errors }

type trackAccepted struct {
	Number    string     `json:"number"`
	Carrier   int        `json:"carrier"`
	Tag       string     `json:"tag"`
	TrackInfo *trackInfo `json:"track_info"`
}

type trackInfo struct {
	LatestStatus struct {
		Status    string `json:"status"`
		SubStatus string `json:"sub_status"`
	} `json:"latest_status"`
	LatestEvent *apiEvent `json:"latest_event"`
	TimeMetrics struct {
		DaysAfterLastUpdate   *int `json:"days_after_last_update"` // lifecycle.go: stop candidates
		EstimatedDeliveryDate *struct {
			Source string `json:"source"`
			From   string `json:"from"`
			To     string `json:"to"`
		} `json:"estimated_delivery_date"`
	} `json:"time_metrics"`
	// MiscInfo is read leniently, for the last-mile number (lastmile.go).
	MiscInfo json.RawMessage `json:"misc_info"`
	Tracking struct {
		Providers []struct {
			Provider struct {
				Key  int    `json:"key"`
				Name string `json:"name"`
			} `json:"provider"`
			Events []apiEvent `json:"events"`
		} `json:"providers"`
	} `json:"tracking"`
}

type apiEvent struct {
	TimeISO string `json:"time_iso"`
	TimeUTC string `json:"time_utc"`
	TimeRaw struct {
		Date     string `json:"date"`
		Time     string `json:"time"`
		Timezone string `json:"timezone"`
	} `json:"time_raw"`
	Description string `json:"description"`
	Location    string `json:"location"`
	Stage       string `json:"stage"`
	SubStatus   string `json:"sub_status"`
	Address     struct {
		Country string `json:"country"`
		State   string `json:"state"`
		City    string `json:"city"`
		Street  string `json:"street"`
	} `json:"address"`
}

// webhookBody is what 17TRACK posts to our webhook.
type webhookBody struct {
	Event string `json:"event"` // TRACKING_UPDATED or TRACKING_STOPPED
	Data  struct {
		Number    string     `json:"number"`
		Carrier   int        `json:"carrier"`
		Tag       string     `json:"tag"`
		TrackInfo *trackInfo `json:"track_info"`
	} `json:"data"`
}
