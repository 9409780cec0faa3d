package number

import "sort"

// CarrierInfo describes one carrier slug the detector can return.
type CarrierInfo struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Website string `json:"website,omitempty"` // home page; empty where we have not confirmed one
}

// carrierTable is every slug Detect can return. Slugs are lowercase with dashes; names
// are what a person sees on the label or the carrier's site.
var carrierTable = []CarrierInfo{
	// Express and parcel carriers.
	{"ups", "UPS", "https://www.ups.com"},
	{"fedex", "FedEx", "https://www.fedex.com"},
	{"dhl-express", "DHL Express", "https://www.dhl.com"},
	{"dhl-ecommerce", "DHL eCommerce", "https://www.dhl.com"},
	{"aramex", "Aramex", "https://www.aramex.com"},

	// Carriers that move AliExpress and other China cross-border parcels.
	{"cainiao", "Cainiao", "https://global.cainiao.com"},
	{"yunexpress", "YunExpress", "https://www.yuntrack.com"},
	{"4px", "4PX", "https://www.4px.com"},
	{"yanwen", "Yanwen", ""},
	{"sf-express", "SF Express", "https://www.sf-express.com"},
	{"jt-express", "J&T Express", ""},
	{"sunyou", "SunYou (SYPost)", "https://www.sypost.net"},

	// National posts (UPU S10 issuers).
	{"china-post", "China Post", "https://www.chinapost.com.cn"},
	{"china-ems", "China EMS", "https://www.ems.com.cn"},
	{"usps", "USPS", "https://www.usps.com"},
	{"royal-mail", "Royal Mail", "https://www.royalmail.com"},
	{"deutsche-post", "Deutsche Post", "https://www.deutschepost.de"},
	{"la-poste", "La Poste (Colissimo)", "https://www.laposte.fr"},
	{"russian-post", "Russian Post", "https://www.pochta.ru"},
	{"correios", "Correios (Brazil)", "https://www.correios.com.br"},
	{"correos", "Correos (Spain)", "https://www.correos.es"},
	{"poste-italiane", "Poste Italiane", "https://www.poste.it"},
	{"postnl", "PostNL", "https://www.postnl.nl"},
	{"canada-post", "Canada Post", "https://www.canadapost-postescanada.ca"},
	{"australia-post", "Australia Post", "https://auspost.com.au"},
	{"japan-post", "Japan Post", "https://www.post.japanpost.jp"},
	{"korea-post", "Korea Post", "https://www.epost.go.kr"},
	{"poczta-polska", "Poczta Polska", "https://www.poczta-polska.pl"},
	{"ukrposhta", "Ukrposhta", "https://www.ukrposhta.ua"},
	{"israel-post", "Israel Post", "https://www.israelpost.co.il"},
	{"correos-mexico", "Correos de México", ""},
	{"correos-chile", "Correos de Chile", "https://www.correos.cl"},
	{"postnord", "PostNord", "https://www.postnord.com"},
	{"posten-norge", "Posten Norge", "https://www.posten.no"},
	{"posti", "Posti", "https://www.posti.fi"},
	{"bpost", "bpost", "https://www.bpost.be"},
	{"swiss-post", "Swiss Post", "https://www.post.ch"},
	{"austrian-post", "Austrian Post", "https://www.post.at"},
	{"czech-post", "Czech Post", ""},
	{"ctt", "CTT Correios de Portugal", "https://www.ctt.pt"},
	{"ptt", "PTT (Türkiye)", ""},
	{"india-post", "India Post", "https://www.indiapost.gov.in"},
	{"saudi-post", "Saudi Post (SPL)", ""},
	{"emirates-post", "Emirates Post", ""},
	{"nz-post", "NZ Post", "https://www.nzpost.co.nz"},
	{"singpost", "SingPost", "https://www.singpost.com"},
	{"pos-malaysia", "Pos Malaysia", "https://www.pos.com.my"},
	{"thailand-post", "Thailand Post", ""},
	{"hongkong-post", "Hongkong Post", "https://www.hongkongpost.hk"},
	{"chunghwa-post", "Chunghwa Post", ""},
	{"an-post", "An Post", "https://www.anpost.com"},
	{"magyar-posta", "Magyar Posta", ""},
	{"posta-romana", "Poșta Română", ""},
	{"elta", "ELTA Hellenic Post", ""},
	{"kazpost", "Kazpost", ""},
	{"belpost", "Belpost", ""},
	{"pos-indonesia", "Pos Indonesia", ""},
	{"phlpost", "PHLPost", ""},
	{"vnpost", "Vietnam Post (VNPost)", ""},
	{"sa-post", "South African Post Office", ""},
	{"correo-argentino", "Correo Argentino", "https://www.correoargentino.com.ar"},
	{"4-72", "4-72 (Colombia)", ""},
	{"slovak-post", "Slovenská pošta", ""},
	{"posta-slovenije", "Pošta Slovenije", ""},
	{"hrvatska-posta", "Hrvatska pošta", ""},
	{"bulgarian-posts", "Bulgarian Posts", ""},
	{"posta-srbije", "Pošta Srbije", ""},
	{"lietuvos-pastas", "Lietuvos paštas", ""},
	{"latvijas-pasts", "Latvijas Pasts", ""},
	{"omniva", "Omniva", ""},
	{"post-luxembourg", "POST Luxembourg", ""},
	{"cyprus-post", "Cyprus Post", ""},
	{"maltapost", "MaltaPost", ""},
	{"iceland-post", "Iceland Post", ""},
	{"posta-moldovei", "Poșta Moldovei", ""},
	{"georgian-post", "Georgian Post", ""},
	{"haypost", "HayPost", ""},
	{"azerpost", "Azerpost", ""},
	{"serpost", "Serpost", ""},
	{"correo-uruguayo", "Correo Uruguayo", ""},
	{"egypt-post", "Egypt Post", ""},
	{"poste-maroc", "Poste Maroc (Barid Al-Maghrib)", ""},
	{"nipost", "NIPOST", ""},
	{"posta-kenya", "Posta Kenya", ""},
	{"pakistan-post", "Pakistan Post", ""},
	{"sri-lanka-post", "Sri Lanka Post", ""},
	{"qatar-post", "Qatar Post", ""},
	{"jordan-post", "Jordan Post", ""},
	{"libanpost", "LibanPost", ""},
	{"macao-post", "Macao Post", ""},
}

// countryPost maps the country code at the end of a UPU S10 number to the national post
// that issued it. S10 numbers from other countries are still valid; they just get no
// carrier slug, and the note names the country.
var countryPost = map[string]string{
	"CN": "china-post", "US": "usps", "GB": "royal-mail", "DE": "deutsche-post",
	"FR": "la-poste", "RU": "russian-post", "BR": "correios", "ES": "correos",
	"IT": "poste-italiane", "NL": "postnl", "CA": "canada-post", "AU": "australia-post",
	"JP": "japan-post", "KR": "korea-post", "PL": "poczta-polska", "UA": "ukrposhta",
	"IL": "israel-post", "MX": "correos-mexico", "CL": "correos-chile", "SE": "postnord",
	"DK": "postnord", "NO": "posten-norge", "FI": "posti", "BE": "bpost",
	"CH": "swiss-post", "AT": "austrian-post", "CZ": "czech-post", "PT": "ctt",
	"TR": "ptt", "IN": "india-post", "SA": "saudi-post", "AE": "emirates-post",
	"NZ": "nz-post", "SG": "singpost", "MY": "pos-malaysia", "TH": "thailand-post",
	"HK": "hongkong-post", "TW": "chunghwa-post", "IE": "an-post", "HU": "magyar-posta",
	"RO": "posta-romana", "GR": "elta", "KZ": "kazpost", "BY": "belpost",
	"ID": "pos-indonesia", "PH": "phlpost", "VN": "vnpost", "ZA": "sa-post",
	"AR": "correo-argentino", "CO": "4-72", "SK": "slovak-post", "SI": "posta-slovenije",
	"HR": "hrvatska-posta", "BG": "bulgarian-posts", "RS": "posta-srbije",
	"LT": "lietuvos-pastas", "LV": "latvijas-pasts", "EE": "omniva", "LU": "post-luxembourg",
	"CY": "cyprus-post", "MT": "maltapost", "IS": "iceland-post", "MD": "posta-moldovei",
	"GE": "georgian-post", "AM": "haypost", "AZ": "azerpost", "PE": "serpost",
	"UY": "correo-uruguayo", "EG": "egypt-post", "MA": "poste-maroc", "NG": "nipost",
	"KE": "posta-kenya", "PK": "pakistan-post", "LK": "sri-lanka-post", "QA": "qatar-post",
	"JO": "jordan-post", "LB": "libanpost", "MO": "macao-post",
}

// country is what the detector knows about one ISO 3166-1 code.
type country struct {
	name   string
	post   string // slug of the national post, or ""
	issued string // the end of an S10 note: ", issued by Royal Mail (United Kingdom)."
}

// tables are the read-only lookup structures built once from the lists above.
type tables struct {
	country  [26 * 26]*country // indexed by the two letters of the code
	names    map[string]string // slug -> display name
	carriers []CarrierInfo     // sorted by slug
}

var tab = buildTables()

func buildTables() *tables {
	t := &tables{names: make(map[string]string, len(carrierTable))}
	for _, c := range carrierTable {
		if _, dup := t.names[c.Slug]; dup {
			panic("number: duplicate carrier slug " + c.Slug)
		}
		t.names[c.Slug] = c.Name
	}
	for _, c := range countries {
		post := countryPost[c.code]
		if post != "" && t.names[post] == "" {
			panic("number: country " + c.code + " maps to unknown slug " + post)
		}
		issued := ", issued by the national post of " + c.name + "."
		if post != "" {
			issued = ", issued by " + t.names[post] + " (" + c.name + ")."
		}
		t.country[countryIndex(c.code[0], c.code[1])] = &country{name: c.name, post: post, issued: issued}
	}
	for code := range countryPost {
		if t.country[countryIndex(code[0], code[1])] == nil {
			panic("number: countryPost has non-ISO code " + code)
		}
	}
	t.carriers = append([]CarrierInfo(nil), carrierTable...)
	sort.Slice(t.carriers, func(i, j int) bool { return t.carriers[i].Slug < t.carriers[j].Slug })
	return t
}

func countryIndex(a, b byte) int { return int(a-'A')*26 + int(b-'A') }

// lookupCountry returns the country for two upper-case ASCII letters, or nil.
func lookupCountry(a, b byte) *country {
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return nil
	}
	return tab.country[countryIndex(a, b)]
}

// Carriers returns every slug the detector can return, sorted by slug. The slice is a
// fresh copy: callers may modify it.
func Carriers() []CarrierInfo {
	return append([]CarrierInfo(nil), tab.carriers...)
}

// CarrierName returns the display name for a slug, or "" if the slug is unknown.
func CarrierName(slug string) string { return tab.names[slug] }
