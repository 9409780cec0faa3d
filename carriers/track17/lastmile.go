package track17

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"waybill/tracker"
)

// The last-mile number: 17TRACK API v2.2 puts the number a parcel travels
// under at the destination in track_info.misc_info.local_number, with the
// carrier's name in local_provider and its 17TRACK carrier key in
// local_key (https://asset.17track.net/api/document/v2.2_en/index.html,
// gettrackinfo and the TRACKING_UPDATED push share track_info; field names
// and types as in the Go SDK github.com/wksw/17track-golang-sdk,
// models/v2/track.go: LocalNumber string, LocalProvider string, LocalKey
// int32). The stored copy of the documentation page could not be read as
// far as the misc_info table, so the fields are read leniently: a value of
// another type than the SDK's, or a misc_info that is not an object, gives
// no last mile rather than failing the whole answer.
//
// The providers list (tracking.providers) also names the destination
// carrier, but not the number it uses, so it is not read for this.

// lastMile reads a track_info's last-mile number for the parcel shipped as
// own, cleaned (tracker.CleanLastMile); the carrier is our slug when we know
// 17TRACK's key, else 17TRACK's name for it.
func lastMile(ti *trackInfo, own string) tracker.LastMile {
	if ti == nil || len(ti.MiscInfo) == 0 {
		return tracker.LastMile{}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(ti.MiscInfo, &m); err != nil {
		return tracker.LastMile{}
	}
	lm := tracker.LastMile{TrackingNo: looseText(m["local_number"]), Carrier: looseText(m["local_provider"])}
	if key, err := strconv.Atoi(looseText(m["local_key"])); err == nil {
		if slug, ok := slugOf[key]; ok {
			lm.Carrier = slug
		}
	}
	return tracker.CleanLastMile(lm, own)
}

// looseText is a JSON value as text: a string's contents, a number's
// digits, "" for null, objects, arrays and booleans.
func looseText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return ""
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ""
		}
		return strings.TrimSpace(s)
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return string(raw)
	}
	return ""
}

// slugOf maps 17TRACK carrier keys back to our slugs (carrierCodes turned
// around). It is built once and only read.
var slugOf = func() map[int]string {
	m := make(map[int]string, len(carrierCodes))
	for slug, key := range carrierCodes {
		m[key] = slug
	}
	return m
}()
