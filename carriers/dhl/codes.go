package dhl

import (
	"regexp"
	"strings"

	"waybill/tracker"
)

// Mapping is where one DHL code lands in our model.
type Mapping struct {
	Status    tracker.Status
	Exception tracker.ExceptionKind
}

// statusCodes maps the five values of statusCode, the only code every DHL
// business unit fills (spec track v1.5.x, enum of supermodelIoLogisticsTrackingShipmentEvent.statusCode).
// It is coarse: "transit" covers customs, pickup points and delivery rounds,
// and "failure" covers failed attempts, returns and losses, so events are
// refined by their sub-code (eventCodes) or, failing that, their text
// (refine).
var statusCodes = map[string]Mapping{
	"pre-transit": {tracker.StatusInfoReceived, ""},
	"transit":     {tracker.StatusInTransit, ""},
	"delivered":   {tracker.StatusDelivered, ""},
	// failure: "not delivered, returned, lost". Failed delivery is the
	// commonest and its first action (check the address with the buyer)
	// suits an unexplained failure best.
	"failure": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	// unknown: DHL has an event it does not classify. It is still a scan of
	// a parcel DHL holds.
	"unknown": {tracker.StatusInTransit, ""},
}

// eventCodes maps the short codes some business units put in the event's
// status field, keyed "service:CODE". Sources: DHL's status code list
// (developer.dhl.com, status_1.csv) as quoted by two independent
// integrations: the 40 Express event codes (plus SD, seen in answers but not
// in the list, and the numeric 101–104 DHL sets on an Express shipment's
// status) and the Post & Parcel Germany codes that "status" has carried
// since the 29 Apr 2024 change. We have not read the CSV itself.
var eventCodes = map[string]Mapping{
	// Express: the normal journey.
	"express:PU": {tracker.StatusInTransit, ""},                            // shipment pick up
	"express:SA": {tracker.StatusInTransit, ""},                            // shipment acceptance
	"express:PL": {tracker.StatusInTransit, ""},                            // processed at location
	"express:DF": {tracker.StatusInTransit, ""},                            // depart facility
	"express:AF": {tracker.StatusInTransit, ""},                            // arrived facility
	"express:AR": {tracker.StatusInTransit, ""},                            // arrival in delivery facility
	"express:WC": {tracker.StatusOutForDelivery, ""},                       // with delivering courier
	"express:OK": {tracker.StatusDelivered, ""},                            // delivery
	"express:TR": {tracker.StatusInTransit, ""},                            // record of transfer
	"express:SM": {tracker.StatusInTransit, ""},                            // scheduled for movement
	"express:FD": {tracker.StatusInTransit, ""},                            // forward destination (delivery still expected)
	"express:AD": {tracker.StatusInTransit, ""},                            // agreed delivery
	"express:SC": {tracker.StatusInTransit, ""},                            // service changed
	"express:SD": {tracker.StatusInfoReceived, ""},                         // shipment information received (not in the list)
	"express:TP": {tracker.StatusInTransit, ""},                            // forwarded to 3rd party, no delivery details
	"express:MS": {tracker.StatusInTransit, ""},                            // mis-sort, being rerouted
	"express:MC": {tracker.StatusInTransit, ""},                            // miscode
	"express:CS": {tracker.StatusExpired, ""},                              // closed shipment: DHL stops reporting
	"express:OH": {tracker.StatusException, ""},                            // on hold at DHL, usually resolved by DHL
	"express:SS": {tracker.StatusException, ""},                            // shipment stopped
	"express:IC": {tracker.StatusCustoms, ""},                              // in clearance processing
	"express:RR": {tracker.StatusCustoms, ""},                              // response received (customs)
	"express:BN": {tracker.StatusCustoms, ""},                              // customer broker notified
	"express:PY": {tracker.StatusCustoms, ""},                              // payment (of duties) received
	"express:CR": {tracker.StatusInTransit, ""},                            // clearance release
	"express:BR": {tracker.StatusInTransit, ""},                            // broker release
	"express:CD": {tracker.StatusCustoms, tracker.ExCustoms},               // controllable clearance delay: documents missing
	"express:UD": {tracker.StatusCustoms, tracker.ExCustoms},               // uncontrollable clearance delay: inspection
	"express:HP": {tracker.StatusCustoms, tracker.ExCustoms},               // held for payment of duties and taxes
	"express:ND": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // not delivered
	"express:NH": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // not home
	"express:CA": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // closed on arrival
	"express:BA": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // bad address
	"express:CM": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // customer moved
	"express:RD": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // refused delivery
	"express:MD": {tracker.StatusDeliveryFailed, ""},                       // missed delivery cycle: DHL's miss, it retries
	"express:CC": {tracker.StatusAvailableForPickup, ""},                   // awaiting consignee collection
	"express:RT": {tracker.StatusReturning, tracker.ExReturning},           // returned to consignor
	"express:DD": {tracker.StatusDelivered, tracker.ExDamaged},             // delivered damaged
	"express:PD": {tracker.StatusDelivered, tracker.ExMissingItems},        // partial delivery
	"express:DS": {tracker.StatusException, tracker.ExLost},                // destroyed / disposal
	// Express: the numeric status of a shipment, one per statusCode.
	"express:101": {tracker.StatusDelivered, ""},
	"express:102": {tracker.StatusInTransit, ""},
	"express:103": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"express:104": {tracker.StatusInfoReceived, ""},

	// Post & Parcel Germany (service parcel-de).
	"parcel-de:VA": {tracker.StatusInfoReceived, ""},                         // electronic pre-advice
	"parcel-de:ES": {tracker.StatusInTransit, ""},                            // first processed by DHL
	"parcel-de:AA": {tracker.StatusInTransit, ""},                            // departed
	"parcel-de:EE": {tracker.StatusInTransit, ""},                            // arrived
	"parcel-de:NB": {tracker.StatusInTransit, ""},                            // normal processing
	"parcel-de:PO": {tracker.StatusOutForDelivery, ""},                       // in delivery
	"parcel-de:LA": {tracker.StatusAvailableForPickup, ""},                   // in storage, e.g. waiting for pickup
	"parcel-de:ZF": {tracker.StatusAvailableForPickup, ""},                   // delivered to a branch, agency or Packstation
	"parcel-de:ZN": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // delivery attempt not successful
	"parcel-de:ZU": {tracker.StatusDelivered, ""},                            // delivery successful
	"parcel-de:AE": {tracker.StatusInTransit, ""},                            // pickup from sender successful
	"parcel-de:AN": {tracker.StatusInfoReceived, ""},                         // pickup from sender not successful
	"parcel-de:BV": {tracker.StatusException, ""},                            // exception: the text tells which
	"parcel-de:ZO": {tracker.StatusCustoms, ""},                              // customs
	"parcel-de:DD": {tracker.StatusInTransit, ""},                            // data service (informational)
	"parcel-de:GT": {tracker.StatusInTransit, ""},                            // money transfer (cash on delivery)
}

// codeFamily is the eventCodes prefix of a DHL service, "" when DHL
// documents no sub-codes for it.
func codeFamily(service string) string {
	switch strings.ToLower(strings.TrimSpace(service)) {
	case "express":
		return "express"
	case "parcel-de":
		return "parcel-de"
	}
	return ""
}

// isCode reports whether an event's status field holds a short code (DF,
// ZU, 101) rather than free text.
func isCode(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Mapped is one event's place in our model and its raw code.
type Mapped struct {
	Mapping
	// Raw is statusCode, or "statusCode/CODE" when the event's status field
	// holds a sub-code, exactly as DHL sent them.
	Raw string
}

// MapEvent maps one event: its sub-code when the service documents one,
// else its statusCode refined by its text. Unknown codes are kept in Raw
// and fall back to statusCode.
func MapEvent(service, statusCode, status, text string) Mapped {
	statusCode = strings.TrimSpace(statusCode)
	code := ""
	if isCode(status) {
		code = strings.TrimSpace(status)
	}
	raw := statusCode
	if code != "" && !strings.EqualFold(code, statusCode) {
		if raw != "" {
			raw += "/"
		}
		raw += code
	}
	if !isCode(status) {
		text = status + " " + text
	}
	if fam := codeFamily(service); fam != "" && code != "" {
		if m, ok := eventCodes[fam+":"+strings.ToUpper(code)]; ok {
			if m.Status == tracker.StatusException && m.Exception == "" {
				m = refine(m, text)
			}
			return Mapped{m, raw}
		}
	}
	base, ok := statusCodes[strings.ToLower(statusCode)]
	if !ok {
		base = Mapping{tracker.StatusInTransit, ""}
	}
	return Mapped{refine(base, text), raw}
}

// The text rules below are heuristics, not documented codes: DHL's own
// advice is to use structured codes, not descriptions. They only sharpen a
// coarse statusCode (or an unexplained exception) using phrases DHL uses in
// English and German descriptions; they never turn a delivery into anything
// but a return or a damaged delivery.
var (
	reReturn     = regexp.MustCompile(`(?i)\breturn(ed|ing)?\s+(back\s+)?to\s+(the\s+)?(sender|shipper|consignor|origin)|\bbeing returned\b|r(ü|ue)cksendung|zur(ü|ue)ckgesendet|zur(ü|ue)ckgeschickt|an den absender`)
	reDamaged    = regexp.MustCompile(`(?i)\bdamaged\b|besch(ä|ae)digt`)
	reLost       = regexp.MustCompile(`(?i)\blost\b|\bdestroyed\b|\bdisposed\b|\bverloren\b|vernichtet`)
	reFailed     = regexp.MustCompile(`(?i)could not be delivered|\bnot delivered\b|delivery attempt|unsuccessful delivery|\bnot (at )?home\b|\brefused\b|(bad|incorrect|incomplete|insufficient) address|address (is )?(incorrect|incomplete|insufficient)|nicht zugestellt|zustellversuch|verweigert|nicht angetroffen`)
	reCustomsOK  = regexp.MustCompile(`(?i)clearance (processing )?complete|\bcleared\b|customs (clearance )?(released|completed)|released (by|from) customs|verzollt|zollabfertigung abgeschlossen`)
	reCustoms    = regexp.MustCompile(`(?i)\bcustoms\b|\bclearance\b|\bduty\b|\bduties\b|import tax|\bzoll`)
	reCustomsBad = regexp.MustCompile(`(?i)\bdelay|\bheld\b|\bhold\b|required|missing|awaiting payment|pending payment|\bdocuments?\b|\binspection\b|verz(ö|oe)gert|angehalten`)
	rePickup     = regexp.MustCompile(`(?i)ready for (pickup|pick-up|collection)|available for (pickup|pick-up|collection)|awaiting collection|zur abholung|abholbereit`)
	reOutForDel  = regexp.MustCompile(`(?i)out for delivery|with (the )?(delivering )?courier for delivery|zustellfahrzeug|in zustellung`)
)

// refine sharpens m with the event's text. See the heuristics note above.
func refine(m Mapping, text string) Mapping {
	text = strings.TrimSpace(text)
	if text == "" {
		return m
	}
	if m.Status == tracker.StatusDelivered {
		switch {
		case reReturn.MatchString(text):
			return Mapping{tracker.StatusReturned, ""}
		case reDamaged.MatchString(text):
			return Mapping{tracker.StatusDelivered, tracker.ExDamaged}
		}
		return m
	}
	switch {
	case reReturn.MatchString(text):
		return Mapping{tracker.StatusReturning, tracker.ExReturning}
	case reLost.MatchString(text):
		return Mapping{tracker.StatusException, tracker.ExLost}
	case reDamaged.MatchString(text):
		return Mapping{tracker.StatusException, tracker.ExDamaged}
	case reFailed.MatchString(text):
		return Mapping{tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}
	case reCustomsOK.MatchString(text):
		if m.Status == tracker.StatusException || m.Status == tracker.StatusDeliveryFailed {
			return m
		}
		return Mapping{tracker.StatusInTransit, ""}
	case reCustoms.MatchString(text):
		if reCustomsBad.MatchString(text) {
			return Mapping{tracker.StatusCustoms, tracker.ExCustoms}
		}
		if m.Status == tracker.StatusException || m.Status == tracker.StatusDeliveryFailed {
			return Mapping{tracker.StatusCustoms, tracker.ExCustoms}
		}
		return Mapping{tracker.StatusCustoms, ""}
	case rePickup.MatchString(text):
		return Mapping{tracker.StatusAvailableForPickup, ""}
	case reOutForDel.MatchString(text):
		return Mapping{tracker.StatusOutForDelivery, ""}
	}
	return m
}
