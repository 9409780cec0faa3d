package templates

import (
	"net/url"
	"strings"
)

// trackingPages are the public tracking pages of major carriers, keyed by the
// carrier slugs of tracker/number; "{n}" stands for the tracking number.
// Carriers not listed (and those whose page needs more than the number, such
// as a postcode) get a 17TRACK link, which covers almost every carrier.
var trackingPages = map[string]string{
	"ups":            "https://www.ups.com/track?tracknum={n}",
	"fedex":          "https://www.fedex.com/fedextrack/?trknbr={n}",
	"usps":           "https://tools.usps.com/go/TrackConfirmAction?tLabels={n}",
	"usps-impb":      "https://tools.usps.com/go/TrackConfirmAction?tLabels={n}",
	"dhl":            "https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}&submit=1",
	"dhl-express":    "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={n}",
	"dhl-ecommerce":  "https://www.dhl.com/global-en/home/tracking/tracking-ecommerce.html?submit=1&tracking-id={n}",
	"deutsche-post":  "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={n}",
	"parcel-de":      "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={n}",
	"royal-mail":     "https://www.royalmail.com/track-your-item#/tracking-results/{n}",
	"la-poste":       "https://www.laposte.fr/outils/suivre-vos-envois?code={n}",
	"correos":        "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={n}",
	"poste-italiane": "https://www.poste.it/cerca/index.html#/risultati-spedizioni/{n}",
	"russian-post":   "https://www.pochta.ru/tracking?barcode={n}",
	"poczta-polska":  "https://emonitoring.poczta-polska.pl/?numer={n}",
	"canada-post":    "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={n}",
	"australia-post": "https://auspost.com.au/mypost/track/details/{n}",
	"japan-post":     "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={n}&locale=en",
	"swiss-post":     "https://service.post.ch/ekp-web/ui/entry/search/{n}",
	"austrian-post":  "https://www.post.at/s/sendungsdetails?snr={n}",
	"an-post":        "https://www.anpost.com/Post-Parcels/Track/History?item={n}",
	"nz-post":        "https://www.nzpost.co.nz/tools/tracking/item/{n}",
	"postnord":       "https://www.postnord.se/en/our-tools/track-and-trace?shipmentId={n}",
	"cainiao":        "https://global.cainiao.com/newDetail.htm?mailNoList={n}",
	"yunexpress":     "https://www.yuntrack.com/parcelTracking?id={n}",
}

// TrackingURL is a public page where the buyer can follow the parcel: the
// carrier's own tracking page for major carriers (by slug, any case), else
// 17TRACK's. Spaces inside the number are dropped. An empty number gives "".
func TrackingURL(carrierSlug, trackingNo string) string {
	n := strings.Join(strings.Fields(trackingNo), "")
	if n == "" {
		return ""
	}
	n = url.QueryEscape(n)
	if page, ok := trackingPages[strings.ToLower(strings.TrimSpace(carrierSlug))]; ok {
		return strings.ReplaceAll(page, "{n}", n)
	}
	return "https://www.17track.net/en/track?nums=" + n
}
