package tracker

import (
	"sync"
	"time"
)

// Why a call to a tracking service failed, in our words around the
// service's (carriers/carrierhttp writes them; a CarrierError's cause). The
// host, the address and the library's or the service's words are values.
const (
	CarrierCannotResolve = "cannot resolve %s (DNS: %s)"
	CarrierDNSSilent     = "the DNS server did not answer"
	CarrierTLSFailed     = "TLS handshake with %s failed: %s"
	CarrierNoTLS         = "TLS handshake with %s failed: it does not speak TLS (an http:// base_url?)"
	CarrierNoAnswer      = "no answer within %s"
	CarrierRefused       = "connection refused by %s"
	CarrierClosed        = "%s closed the connection before answering"
	CarrierTooLarge      = "answer larger than %d bytes"
	// What an adapter was doing: the service's own name for the call
	// ("register", "gettrackinfo") and how many numbers it carried.
	CarrierCallNumbers        = "%s %d numbers"
	CarrierCallNumbersRefused = "%s %d numbers: every one refused"
	CarrierCallNumbersCause   = "%s %d numbers: %s"
	CarrierAnswersFor         = "%d answers for %d numbers"
	// A parcel no service checks (the refresher's noService).
	CheckDemoParcel = "demo parcel: no simulator to check it"
	CheckNoService  = "no tracking service configured for carrier %q: set one up in the config ([carriers.17track], aftership, ship24, … — README, Carriers)"
	// A marketplace's sync that stopped (tracker's MarketSync), around
	// the marketplace's error; the marketplace's name, times and page
	// tokens are values.
	MarketOrdersSince  = "%s orders since %s page %q: %s"
	MarketOrdersPage   = "%s orders page %q: %s"
	MarketWhereStopped = "%s orders: where the last sync stopped: %s"
	MarketTooManyPages = "%s orders: more than %d pages: stopped"
	MarketPageLoops    = "%s orders: page %q names itself as the next"
	MarketOrdersCause  = "%s orders: %s"
	// What to do after a marketplace's refusal (carriers/shopify,
	// carriers/aliexpress), after its own words.
	MarketCheckShopify    = "%s: check access_token_env (or access_token) and shop in [marketplaces.shopify]"
	MarketCheckAliExpress = "%s: check app_key and app_secret in [marketplaces.aliexpress]"
	MarketReconnect       = "%s: run waybill connect aliexpress again"
	MarketNoRefreshToken  = "no refresh token: run waybill connect aliexpress again"
	MarketListRefused     = "%s list refused: %s"
	MarketThrottled       = "throttled: the query-cost bucket needs %s more to restore"
	MarketNoData          = "no data in %s"
	// AliExpress's own steps (carriers/aliexpress, tracker.Wrapf with
	// the cause as %s, which a reader reads back from text): a call by its
	// API method's name, the seller's tokens and their file.
	MarketCall            = "aliexpress %s: %s"
	MarketNotConnected    = "not connected to AliExpress: run waybill connect aliexpress"
	MarketTokenFile       = "AliExpress token file %s: %s"
	MarketTokenUnreadable = "AliExpress token file %s: unreadable; run waybill connect aliexpress again"
	MarketExchangeCode    = "exchanging the AliExpress code: %s"
	MarketRefreshing      = "refreshing the AliExpress token: %s"
)

// carrierCauses reads the causes above back from a CarrierError's text;
// a cause in none of them (the service's own words) reads as it is.
func carrierCauses() *phraseReader {
	causesOnce.Do(func() { causes = readCauses() })
	return causes
}

// A sync.Once and a variable, not sync.OnceValue: the reader refers to
// itself (a cause may hold a cause), which an initialized variable may not.
var (
	causesOnce sync.Once
	causes     *phraseReader
)

func readCauses() *phraseReader {
	cause := phraseArg(carrierCauses)
	return newPhraseReader(form(CarrierCannotResolve, nil, phraseArg(dnsWords)), form(CarrierNoTLS),
		form(CarrierTLSFailed), form(CarrierNoAnswer, waitArg), form(CarrierRefused), form(CarrierClosed),
		form(CarrierTooLarge), form(CarrierCallNumbersRefused), form(CarrierCallNumbersCause, nil, nil, cause),
		form(CarrierCallNumbers), form(CarrierAnswersFor),
		form(MarketCheckShopify), form(MarketCheckAliExpress), form(MarketNoRefreshToken), form(MarketReconnect),
		form(MarketListRefused, listArg), form(MarketThrottled, waitArg), form(MarketNoData))
}

var dnsWordsReader = sync.OnceValue(func() *phraseReader { return newPhraseReader(form(CarrierDNSSilent)) })

func dnsWords() *phraseReader { return dnsWordsReader() }

// carrierErrors reads a CarrierError's text back into its Phrase: the
// kind as a FailKind, the wait as a Wait, the cause as one of ours when
// it is one; and a marketplace sync's frames around one.
func carrierErrors() *phraseReader {
	errorsOnce.Do(func() { errorsReader = readErrors() })
	return errorsReader
}

var (
	errorsOnce   sync.Once
	errorsReader *phraseReader
)

func readErrors() *phraseReader {
	cause := phraseArg(carrierCauses)
	inner := phraseArg(carrierErrors)
	return newPhraseReader(
		form(MarketOrdersSince, nil, nil, nil, inner),
		form(MarketOrdersPage, nil, nil, inner),
		form(MarketWhereStopped, nil, inner),
		form(MarketTooManyPages),
		form(MarketPageLoops),
		form(MarketOrdersCause, nil, inner),
		form(MarketNotConnected), form(MarketTokenUnreadable), form(MarketTokenFile),
		form(MarketExchangeCode, inner), form(MarketRefreshing, inner), form(MarketCall, nil, inner),
		form(carrierFailStatusWaitCause, nil, failKindArg, nil, waitArg, cause),
		form(carrierFailStatusWait, nil, failKindArg, nil, waitArg),
		form(carrierFailStatusCause, nil, failKindArg, nil, cause),
		form(carrierFailStatus, nil, failKindArg),
		form(carrierFailWaitCause, nil, failKindArg, waitArg, cause),
		form(carrierFailWait, nil, failKindArg, waitArg),
		form(carrierFailCause, nil, failKindArg, cause),
		form(carrierFail, nil, failKindArg),
		form(CheckDemoParcel), form(CheckNoService))
}

// listArg reads the list a marketplace refused ("order", "dispute") as a
// word of ours.
func listArg(s string) (any, bool) {
	if s == "order" || s == "dispute" {
		return Hint(s), true
	}
	return s, true
}

// failKindArg reads a FailKind by its name ("auth").
func failKindArg(s string) (any, bool) {
	for _, k := range FailKinds {
		if string(k) == s {
			return k, true
		}
	}
	return nil, false
}

// waitArg reads a Wait as Go prints a duration ("2m0s").
func waitArg(s string) (any, bool) {
	d, err := time.ParseDuration(s)
	return Wait(d), err == nil
}

// ServiceErrorPhrase is why a call to a tracking service or a marketplace
// failed (Shipment.CheckError, a refresh's failure reasons, a quota's
// read, a marketplace sync that stopped) as the Phrase it was written from; ok false for text in no
// known form, which reads as written.
func ServiceErrorPhrase(text string) (Phrase, bool) { return carrierErrors().read(text) }

// causePhrase is a CarrierError's cause as one of our phrases when its
// text is one (an adapter's "register 3 numbers: …" around the service's
// words), else the cause itself.
func causePhrase(err error) any {
	if _, ok := err.(interface{ Phrased() Phrase }); ok {
		return err
	}
	if p, ok := carrierCauses().read(err.Error()); ok {
		return p
	}
	return err
}

// carrierFormats are the formats above, for the catalog's test.
func carrierFormats() []string {
	out := append(carrierErrors().formats(), carrierCauses().formats()...)
	return append(out, CarrierDNSSilent)
}
