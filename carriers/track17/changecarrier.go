package track17

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"waybill/tracker"
)

// When 17TRACK cannot tell a number's carrier, or tracks it under another
// carrier than the parcel names, the parcel's own carrier is what helps.
//
// -18019903 is "Carrier cannot be detected. Visit carrier info for carrier
// code and send as a parameter."
// (https://help.17track.net/hc/en-us/articles/37570440168473-Error-Codes-and-Troubleshooting):
// register refuses the number, so it is not registered, and registering it
// again with the carrier is the remedy. Until now the adapter took it for
// "nothing yet", and the parcel stayed pending for ever without a word. It
// is now the number's own error, saying what to do: set the parcel's
// carrier (waybill add --order … --tracking … --carrier …, or the carrier
// field of the screen's add form, which both change a known parcel's);
// the next check registers the number with it.
//
// changecarrier (POST /track/v2.2/changecarrier, body [{number,
// carrier_old, carrier_new}], at most 40 numbers, free for up to five
// changes a number, https://asset.17track.net/api/document/v2.2_en/index.html#changecarrier
// and help.17track.net "How to fix an incorrect carrier registration")
// moves a registered number to the parcel's carrier:
//
//   - when gettrackinfo answers -18019903 for a registered number (the docs
//     name the code for register only; should gettrackinfo give it, the
//     parcel's carrier is set and the number asked about again), and
//   - when this process registered the number by 17TRACK's detection (the
//     parcel had no carrier 17TRACK knows) and the parcel now names another
//     one: the user set it, having seen nothing or the wrong carrier's
//     scans.
//
// A carrier 17TRACK put in place of the one we sent (its "origin" 1,
// corrected) is never changed back, and each number gets one try a
// process, so the five changes are not spent on a disagreement.

const pathChangeCarrier = "/track/v2.2/changecarrier"

// changeItem is one element of a changecarrier request body.
type changeItem struct {
	Number     string `json:"number"`
	CarrierOld int    `json:"carrier_old,omitempty"` // which registration, when known
	CarrierNew int    `json:"carrier_new"`
}

type changeData struct {
	Accepted []struct {
		Number     string `json:"number"`
		CarrierNew int    `json:"carrier_new"`
	} `json:"accepted"`
	Rejected []rejected `json:"rejected"`
	Errors   []apiError `json:"errors"`
}

func (d *changeData) errorList() []apiError { return d.Errors }

// carrierChanges is what the adapter remembers about carriers it did not
// choose: numbers 17TRACK detected the carrier of at our register, and
// numbers already given their one changecarrier try.
type carrierChanges struct {
	mu       sync.Mutex
	detected map[string]int  // normalized number → carrier 17TRACK detected
	tried    map[string]bool // normalized number → changecarrier sent
}

// noteDetected remembers, for a number register accepted, the carrier
// 17TRACK chose when we sent none.
func (c *Carrier) noteDetected(items []item, k string, carrier int) {
	for _, it := range items {
		if it.key != k || it.code != 0 || carrier == 0 {
			continue
		}
		c.changes.mu.Lock()
		if c.changes.detected == nil {
			c.changes.detected = map[string]int{}
		}
		c.changes.detected[k] = carrier
		c.changes.mu.Unlock()
	}
}

// try reports whether a number may be given its one changecarrier call in
// this process, and marks it given.
func (c *Carrier) try(k string) bool {
	c.changes.mu.Lock()
	defer c.changes.mu.Unlock()
	if c.changes.tried[k] {
		return false
	}
	if c.changes.tried == nil {
		c.changes.tried = map[string]bool{}
	}
	c.changes.tried[k] = true
	return true
}

// applyParcelCarriers moves to the parcel's carrier the pending numbers
// this process registered by 17TRACK's detection under another one. A
// refusal leaves the number tracked as it is.
func (c *Carrier) applyParcelCarriers(ctx context.Context, items []item, answers map[string]*answer) error {
	var change []changeItem
	for _, it := range pending(items, answers) {
		c.changes.mu.Lock()
		was, ok := c.changes.detected[it.key]
		c.changes.mu.Unlock()
		if ok && it.code != 0 && was != it.code && c.try(it.key) {
			change = append(change, changeItem{Number: it.number, CarrierOld: was, CarrierNew: it.code})
		}
	}
	_, err := c.changeCarrier(ctx, change)
	return err
}

// resolveUnknownCarriers turns every -18019903 of the batch into what helps:
// for a registered number whose parcel names a carrier, that carrier set by
// changecarrier and the number asked about again; for the others, an error
// that tells the user to set the parcel's carrier.
func (c *Carrier) resolveUnknownCarriers(ctx context.Context, items []item, answers map[string]*answer) error {
	var change []changeItem
	byKey := map[string]item{}
	for _, it := range items {
		a := answers[it.key]
		var u *unknownCarrier
		if a == nil || !errors.As(a.err, &u) {
			continue
		}
		if it.code != 0 && c.isRegistered(it.key) && c.try(it.key) {
			change = append(change, changeItem{Number: it.number, CarrierOld: c.knownCarrier(it.key), CarrierNew: it.code})
			byKey[it.key] = it
			continue
		}
		a.err = c.client.Fail(tracker.FailRequest, 0, carrierAdvice(it, ""))
	}
	refused, err := c.changeCarrier(ctx, change)
	if err != nil {
		return err
	}
	var again []item
	for k, it := range byKey {
		if msg, no := refused[k]; no {
			answers[k].err = c.client.Fail(tracker.FailRequest, 0, carrierAdvice(it, msg))
			continue
		}
		*answers[k] = answer{}
		again = append(again, it)
	}
	if _, err := c.trackInfo(ctx, again, answers); err != nil {
		return err
	}
	for _, it := range again {
		// Still unknown after the change: say so rather than ask again.
		if a := answers[it.key]; errors.As(a.err, new(*unknownCarrier)) {
			a.err = c.client.Fail(tracker.FailRequest, 0, carrierAdvice(it, "still -18019903 after changecarrier"))
		}
		answers[it.key].done = true
	}
	return nil
}

// changeCarrier sends changes, 40 at a time, and remembers the accepted
// ones as the numbers' carriers. It returns 17TRACK's message for each
// number it refused; an error is a failed call.
func (c *Carrier) changeCarrier(ctx context.Context, change []changeItem) (map[string]string, error) {
	refused := map[string]string{}
	for start := 0; start < len(change); start += MaxBatch {
		part := change[start:min(start+MaxBatch, len(change))]
		var data changeData
		if err := c.call(ctx, pathChangeCarrier, part, &data); err != nil {
			return nil, annotate(err, fmt.Sprintf(tracker.CarrierCallNumbers, "changecarrier", len(part)))
		}
		for _, a := range data.Accepted {
			k := normalize(a.Number)
			for _, ch := range part {
				if normalize(ch.Number) == k {
					c.remember(k, ch.CarrierNew)
				}
			}
			c.changes.mu.Lock()
			delete(c.changes.detected, k)
			c.changes.mu.Unlock()
		}
		for _, r := range data.Rejected {
			if callLevel(r.Error.Code) {
				return nil, annotate(c.client.Fail(kindOf(r.Error.Code), 0, r.Error), "changecarrier "+r.Number)
			}
			refused[normalize(r.Number)] = r.Error.Error()
		}
	}
	return refused, nil
}

func (c *Carrier) isRegistered(k string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.registered[k]
	return ok
}

// unknownCarrier marks a number 17TRACK answered -18019903 for, until
// resolveUnknownCarriers decides what to tell.
type unknownCarrier struct{ err apiError }

func (u *unknownCarrier) Error() string { return u.err.Error() }

// CarrierUnknownAdvice starts the error of a number 17TRACK cannot tell
// the carrier of.
const CarrierUnknownAdvice = "17TRACK cannot tell the carrier"

// carrierAdvice is the number's error when 17TRACK cannot tell its carrier:
// what to do, by what the parcel names. why, when not empty, is 17TRACK's
// refusal of the change.
func carrierAdvice(it item, why string) error {
	set := fmt.Sprintf("set the parcel's carrier: waybill add --order ORDER --tracking %s --carrier SLUG (`waybill detect %s` suggests one), or the carrier field of the add form (a)", it.number, it.number)
	var msg string
	switch {
	case strings.TrimSpace(it.slug) == "":
		msg = fmt.Sprintf("%s of %s: %s", CarrierUnknownAdvice, it.number, set)
	case it.code == 0:
		msg = fmt.Sprintf("%s of %s, and has no code for carrier %q in waybill: %s", CarrierUnknownAdvice, it.number, it.slug, set)
	case why != "":
		msg = fmt.Sprintf("%s of %s and refused to set it to %q (%s): check the parcel's carrier, or set it in 17TRACK's dashboard", CarrierUnknownAdvice, it.number, it.slug, why)
	default:
		msg = fmt.Sprintf("%s of %s, even as %q: check the parcel's carrier; if it is right, 17TRACK cannot track this number", CarrierUnknownAdvice, it.number, it.slug)
	}
	return fmt.Errorf("%s [code %d]", msg, errCarrierUnknown)
}
