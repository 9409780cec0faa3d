package sim

import (
	"cmp"
	"slices"
	"time"
)

// noRestDay is a weekday that never matches: services that work every day.
const noRestDay time.Weekday = -1

// chinaTZ is China Standard Time in hours from UTC.
const chinaTZ = 8

// airport is a line-haul airport; loc is the event location ("Shenzhen, CN").
type airport struct {
	code, city, cc string
	loc            string
}

// airports are the origin, transit and arrival airports the journeys use.
var airports = func() map[string]*airport {
	list := []airport{
		// origin
		{code: "SZX", city: "Shenzhen", cc: "CN"},
		{code: "CAN", city: "Guangzhou", cc: "CN"},
		{code: "PVG", city: "Shanghai", cc: "CN"},
		{code: "HGH", city: "Hangzhou", cc: "CN"},
		{code: "NGB", city: "Ningbo", cc: "CN"},
		{code: "XMN", city: "Xiamen", cc: "CN"},
		{code: "CGO", city: "Zhengzhou", cc: "CN"},
		{code: "PEK", city: "Beijing", cc: "CN"},
		{code: "HKG", city: "Hong Kong", cc: "HK"},
		// transit hubs
		{code: "ANC", city: "Anchorage", cc: "US"},
		{code: "DOH", city: "Doha", cc: "QA"},
		{code: "DXB", city: "Dubai", cc: "AE"},
		{code: "IST", city: "Istanbul", cc: "TR"},
		{code: "AMS", city: "Amsterdam", cc: "NL"},
		{code: "LGG", city: "Liège", cc: "BE"},
		{code: "FRA", city: "Frankfurt", cc: "DE"},
		{code: "HEL", city: "Helsinki", cc: "FI"},
		// arrival
		{code: "SVO", city: "Moscow", cc: "RU"},
		{code: "LAX", city: "Los Angeles", cc: "US"},
		{code: "JFK", city: "New York", cc: "US"},
		{code: "ORD", city: "Chicago", cc: "US"},
		{code: "GRU", city: "São Paulo", cc: "BR"},
		{code: "MAD", city: "Madrid", cc: "ES"},
		{code: "CDG", city: "Paris", cc: "FR"},
		{code: "WAW", city: "Warsaw", cc: "PL"},
		{code: "LHR", city: "London", cc: "GB"},
		{code: "LEJ", city: "Leipzig", cc: "DE"},
		{code: "MXP", city: "Milan", cc: "IT"},
		{code: "FCO", city: "Rome", cc: "IT"},
		{code: "TLV", city: "Tel Aviv", cc: "IL"},
		{code: "ICN", city: "Incheon", cc: "KR"},
		{code: "SCL", city: "Santiago", cc: "CL"},
		{code: "MEX", city: "Mexico City", cc: "MX"},
		{code: "YYZ", city: "Toronto", cc: "CA"},
		{code: "YVR", city: "Vancouver", cc: "CA"},
		{code: "SYD", city: "Sydney", cc: "AU"},
		{code: "MEL", city: "Melbourne", cc: "AU"},
		{code: "NRT", city: "Tokyo", cc: "JP"},
		{code: "KIX", city: "Osaka", cc: "JP"},
		{code: "RUH", city: "Riyadh", cc: "SA"},
		{code: "JED", city: "Jeddah", cc: "SA"},
		{code: "ARN", city: "Stockholm", cc: "SE"},
		{code: "BRU", city: "Brussels", cc: "BE"},
		{code: "ZRH", city: "Zurich", cc: "CH"},
		{code: "PRG", city: "Prague", cc: "CZ"},
		{code: "LIS", city: "Lisbon", cc: "PT"},
		{code: "ALA", city: "Almaty", cc: "KZ"},
		{code: "MSQ", city: "Minsk", cc: "BY"},
		{code: "AKL", city: "Auckland", cc: "NZ"},
		{code: "DUB", city: "Dublin", cc: "IE"},
		{code: "VIE", city: "Vienna", cc: "AT"},
	}
	m := make(map[string]*airport, len(list))
	for i := range list {
		a := &list[i]
		a.loc = a.city + ", " + a.cc
		m[a.code] = a
	}
	return m
}()

// airlines flying cargo out of each origin airport, for flight numbers.
var airlines = map[string][]string{
	"SZX": {"CZ", "ZH", "O3"},
	"CAN": {"CZ", "CZ", "O3"},
	"PVG": {"MU", "CK", "CA", "FM"},
	"HGH": {"CA", "MU", "YG"},
	"NGB": {"YG"},
	"XMN": {"MF"},
	"CGO": {"CV", "Y8"},
	"PEK": {"CA"},
	"HKG": {"CX", "LD"},
}

// origin is a seller hub in China with the sorting centre parcels pass
// through and the airports its line haul leaves from.
type origin struct {
	city     string
	center   string
	airports []string
	weight   float64
	loc      string
}

var origins = func() []origin {
	o := []origin{
		{city: "Shenzhen", center: "Shenzhen Longhua Sorting Center", airports: []string{"SZX", "SZX", "HKG"}, weight: 24},
		{city: "Guangzhou", center: "Guangzhou Baiyun Sorting Center", airports: []string{"CAN"}, weight: 17},
		{city: "Dongguan", center: "Dongguan Humen Sorting Center", airports: []string{"SZX", "HKG", "CAN"}, weight: 9},
		{city: "Yiwu", center: "Yiwu Cross-border Sorting Center", airports: []string{"PVG", "HGH", "NGB"}, weight: 15},
		{city: "Shanghai", center: "Shanghai Qingpu Sorting Center", airports: []string{"PVG"}, weight: 6},
		{city: "Hangzhou", center: "Hangzhou Xiaoshan Sorting Center", airports: []string{"HGH", "PVG"}, weight: 8},
		{city: "Ningbo", center: "Ningbo Beilun Sorting Center", airports: []string{"NGB", "PVG"}, weight: 4},
		{city: "Xiamen", center: "Xiamen Gaoqi Sorting Center", airports: []string{"XMN"}, weight: 4},
		{city: "Quanzhou", center: "Quanzhou Jinjiang Sorting Center", airports: []string{"XMN"}, weight: 3},
		{city: "Foshan", center: "Foshan Nanhai Sorting Center", airports: []string{"CAN"}, weight: 4},
		{city: "Zhengzhou", center: "Zhengzhou Airport Sorting Center", airports: []string{"CGO"}, weight: 2},
		{city: "Beijing", center: "Beijing Shunyi Sorting Center", airports: []string{"PEK"}, weight: 2},
	}
	for i := range o {
		o[i].loc = o[i].city + ", CN"
	}
	return o
}()

// gateway is an arrival airport and the city of the office of exchange
// (import customs and the national post's international centre) behind it.
type gateway struct{ airport, exchange string }

// span is a range of days.
type span struct{ lo, hi float64 }

// country is a destination: where parcels land, who delivers them, how long
// each leg takes, and what the buyers there are called.
type country struct {
	code, name string
	weight     float64 // rough share of AliExpress-style cross-border traffic
	gateways   []gateway
	via        []string // transit hubs of long-haul routes, none when direct
	post       string   // last-mile carrier
	pickupAt   string   // what its pickup points are called
	cities     []string
	tz         int          // hours from UTC, standard time: local-ish
	rest       time.Weekday // no deliveries that day
	lineHaul   span         // departure to arrival, transit included
	customs    span         // import clearance
	lastMile   span         // local carrier to delivery
	pickup     float64      // share delivered to a pickup point
	promise    [2]int       // marketplace promise, days after shipping
	langs      []string     // name pools, repeated for weight
	phone      string       // '#' any digit, 'N' 2–9
	domains    []string
}

var countries = []country{
	{code: "RU", name: "Russia", weight: 14, gateways: []gateway{{"SVO", "Moscow"}}, post: "Russian Post", pickupAt: "the post office",
		cities: []string{"Moscow", "Saint Petersburg", "Novosibirsk", "Yekaterinburg", "Kazan", "Nizhny Novgorod", "Chelyabinsk", "Samara", "Rostov-on-Don", "Krasnodar", "Omsk", "Voronezh"},
		tz:     3, rest: time.Sunday, lineHaul: span{1.5, 3.5}, customs: span{1, 4}, lastMile: span{3, 10}, pickup: 0.55, promise: [2]int{25, 45},
		langs: []string{"ru"}, phone: "+7 9## ###-##-##", domains: []string{"mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "rambler.ru"}},
	{code: "US", name: "United States", weight: 10, gateways: []gateway{{"LAX", "Los Angeles"}, {"JFK", "New York"}, {"ORD", "Chicago"}}, via: []string{"ANC"}, post: "USPS", pickupAt: "the post office",
		cities: []string{"New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio", "San Diego", "Dallas", "Austin", "Jacksonville", "Columbus", "Charlotte", "Seattle", "Denver", "Miami"},
		tz:     -6, rest: time.Sunday, lineHaul: span{1.5, 3.5}, customs: span{0.5, 2}, lastMile: span{2, 6}, pickup: 0.03, promise: [2]int{20, 30},
		langs: []string{"en"}, phone: "+1 (N##) N##-####", domains: []string{"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com"}},
	{code: "BR", name: "Brazil", weight: 9, gateways: []gateway{{"GRU", "Curitiba"}}, via: []string{"DOH", "DXB", "AMS", "FRA"}, post: "Correios", pickupAt: "the Correios agency",
		cities: []string{"São Paulo", "Rio de Janeiro", "Belo Horizonte", "Brasília", "Salvador", "Fortaleza", "Curitiba", "Recife", "Porto Alegre", "Manaus", "Goiânia", "Campinas"},
		tz:     -3, rest: time.Sunday, lineHaul: span{2, 4}, customs: span{3, 15}, lastMile: span{3, 12}, pickup: 0.15, promise: [2]int{40, 60},
		langs: []string{"pt"}, phone: "+55 N# 9####-####", domains: []string{"gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br", "uol.com.br", "bol.com.br"}},
	{code: "ES", name: "Spain", weight: 7, gateways: []gateway{{"MAD", "Madrid"}}, post: "Correos", pickupAt: "the Correos office",
		cities: []string{"Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Murcia", "Palma", "Bilbao", "Alicante", "Córdoba", "Valladolid"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{0.5, 3}, lastMile: span{1, 5}, pickup: 0.3, promise: [2]int{20, 35},
		langs: []string{"es"}, phone: "+34 6## ### ###", domains: []string{"gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"}},
	{code: "FR", name: "France", weight: 6, gateways: []gateway{{"CDG", "Roissy"}}, post: "La Poste Colissimo", pickupAt: "the relay point",
		cities: []string{"Paris", "Marseille", "Lyon", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Bordeaux", "Lille", "Rennes", "Reims"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{0.5, 2.5}, lastMile: span{1, 5}, pickup: 0.35, promise: [2]int{20, 35},
		langs: []string{"fr"}, phone: "+33 6 ## ## ## ##", domains: []string{"gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "wanadoo.fr"}},
	{code: "PL", name: "Poland", weight: 5, gateways: []gateway{{"WAW", "Warszawa"}}, post: "InPost", pickupAt: "the InPost Paczkomat locker",
		cities: []string{"Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Szczecin", "Bydgoszcz", "Lublin", "Katowice"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{0.5, 3}, lastMile: span{1, 4}, pickup: 0.65, promise: [2]int{20, 35},
		langs: []string{"pl"}, phone: "+48 5## ### ###", domains: []string{"gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"}},
	{code: "GB", name: "United Kingdom", weight: 3.5, gateways: []gateway{{"LHR", "London"}}, post: "Royal Mail", pickupAt: "the Royal Mail Customer Service Point",
		cities: []string{"London", "Birmingham", "Manchester", "Leeds", "Glasgow", "Liverpool", "Bristol", "Sheffield", "Edinburgh", "Cardiff", "Leicester", "Nottingham"},
		tz:     0, rest: time.Sunday, lineHaul: span{1, 2.5}, customs: span{0.5, 2}, lastMile: span{1, 4}, pickup: 0.05, promise: [2]int{20, 30},
		langs: []string{"en"}, phone: "+44 7### ######", domains: []string{"gmail.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com", "outlook.com", "sky.com"}},
	{code: "DE", name: "Germany", weight: 4, gateways: []gateway{{"FRA", "Frankfurt"}, {"LEJ", "Leipzig"}}, post: "DHL Paket", pickupAt: "the DHL Packstation",
		cities: []string{"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf", "Leipzig", "Dortmund", "Essen", "Bremen", "Dresden"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{0.5, 3}, lastMile: span{1, 4}, pickup: 0.25, promise: [2]int{20, 35},
		langs: []string{"de"}, phone: "+49 15# #######", domains: []string{"gmail.com", "gmx.de", "web.de", "t-online.de", "outlook.de"}},
	{code: "IT", name: "Italy", weight: 3.5, gateways: []gateway{{"MXP", "Milano"}, {"FCO", "Roma"}}, post: "Poste Italiane", pickupAt: "the post office",
		cities: []string{"Roma", "Milano", "Napoli", "Torino", "Palermo", "Genova", "Bologna", "Firenze", "Bari", "Catania", "Verona", "Venezia"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{1, 5}, lastMile: span{2, 7}, pickup: 0.15, promise: [2]int{25, 40},
		langs: []string{"it"}, phone: "+39 3## ### ####", domains: []string{"gmail.com", "libero.it", "hotmail.it", "virgilio.it", "yahoo.it", "alice.it"}},
	{code: "NL", name: "Netherlands", weight: 3, gateways: []gateway{{"AMS", "Amsterdam"}}, post: "PostNL", pickupAt: "the PostNL point",
		cities: []string{"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 2.5}, customs: span{0.5, 2}, lastMile: span{1, 3}, pickup: 0.25, promise: [2]int{20, 30},
		langs: []string{"nl"}, phone: "+31 6 ########", domains: []string{"gmail.com", "hotmail.nl", "ziggo.nl", "kpnmail.nl", "outlook.com"}},
	{code: "IL", name: "Israel", weight: 3, gateways: []gateway{{"TLV", "Modi'in"}}, via: []string{"IST"}, post: "Israel Post", pickupAt: "the Israel Post branch",
		cities: []string{"Tel Aviv", "Jerusalem", "Haifa", "Rishon LeZion", "Petah Tikva", "Ashdod", "Netanya", "Beersheba", "Holon", "Bnei Brak"},
		tz:     2, rest: time.Saturday, lineHaul: span{1.5, 3}, customs: span{1, 5}, lastMile: span{2, 8}, pickup: 0.55, promise: [2]int{25, 45},
		langs: []string{"he", "he", "he", "ru"}, phone: "+972 5#-###-####", domains: []string{"gmail.com", "walla.co.il", "hotmail.com"}},
	{code: "KR", name: "South Korea", weight: 3, gateways: []gateway{{"ICN", "Incheon"}}, post: "CJ Logistics", pickupAt: "the convenience store",
		cities: []string{"Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju", "Suwon", "Ulsan", "Changwon", "Goyang"},
		tz:     9, rest: time.Sunday, lineHaul: span{1, 2}, customs: span{0.5, 2}, lastMile: span{1, 3}, pickup: 0.02, promise: [2]int{20, 25},
		langs: []string{"ko"}, phone: "+82 10-####-####", domains: []string{"naver.com", "daum.net", "gmail.com", "kakao.com"}},
	{code: "MX", name: "Mexico", weight: 3, gateways: []gateway{{"MEX", "Ciudad de México"}}, via: []string{"AMS", "DOH"}, post: "Correos de México", pickupAt: "the post office",
		cities: []string{"Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Tijuana", "León", "Mérida", "Querétaro", "Cancún", "Toluca"},
		tz:     -6, rest: time.Sunday, lineHaul: span{2, 4}, customs: span{2, 7}, lastMile: span{2, 8}, pickup: 0.1, promise: [2]int{30, 50},
		langs: []string{"es"}, phone: "+52 N## ### ####", domains: []string{"gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx"}},
	{code: "UA", name: "Ukraine", weight: 2, gateways: []gateway{{"WAW", "Kyiv"}}, post: "Nova Poshta", pickupAt: "the Nova Poshta branch",
		cities: []string{"Kyiv", "Kharkiv", "Odesa", "Dnipro", "Lviv", "Zaporizhzhia", "Vinnytsia", "Poltava", "Chernihiv", "Ivano-Frankivsk"},
		tz:     2, rest: time.Sunday, lineHaul: span{1.5, 3.5}, customs: span{1, 4}, lastMile: span{2, 6}, pickup: 0.75, promise: [2]int{25, 45},
		langs: []string{"uk"}, phone: "+380 6# ### ## ##", domains: []string{"gmail.com", "ukr.net", "i.ua", "meta.ua"}},
	{code: "CL", name: "Chile", weight: 2, gateways: []gateway{{"SCL", "Santiago"}}, via: []string{"DOH", "AMS"}, post: "Correos de Chile", pickupAt: "the post office",
		cities: []string{"Santiago", "Valparaíso", "Concepción", "La Serena", "Antofagasta", "Temuco", "Rancagua", "Talca", "Arica", "Puerto Montt"},
		tz:     -4, rest: time.Sunday, lineHaul: span{2, 4}, customs: span{2, 7}, lastMile: span{2, 8}, pickup: 0.2, promise: [2]int{30, 50},
		langs: []string{"es"}, phone: "+56 9 #### ####", domains: []string{"gmail.com", "hotmail.com", "outlook.com"}},
	{code: "CA", name: "Canada", weight: 2, gateways: []gateway{{"YYZ", "Mississauga"}, {"YVR", "Richmond"}}, via: []string{"ANC"}, post: "Canada Post", pickupAt: "the post office",
		cities: []string{"Toronto", "Montréal", "Vancouver", "Calgary", "Edmonton", "Ottawa", "Winnipeg", "Québec", "Hamilton", "Halifax"},
		tz:     -5, rest: time.Sunday, lineHaul: span{1.5, 3.5}, customs: span{0.5, 3}, lastMile: span{2, 7}, pickup: 0.2, promise: [2]int{20, 35},
		langs: []string{"en", "en", "en", "fr"}, phone: "+1 (N##) N##-####", domains: []string{"gmail.com", "hotmail.com", "outlook.com", "yahoo.ca", "videotron.ca"}},
	{code: "AU", name: "Australia", weight: 2, gateways: []gateway{{"SYD", "Sydney"}, {"MEL", "Melbourne"}}, post: "Australia Post", pickupAt: "the Parcel Locker",
		cities: []string{"Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Gold Coast", "Canberra", "Newcastle", "Hobart", "Darwin"},
		tz:     10, rest: time.Sunday, lineHaul: span{1.5, 3}, customs: span{1, 3}, lastMile: span{2, 6}, pickup: 0.15, promise: [2]int{20, 35},
		langs: []string{"en"}, phone: "+61 4## ### ###", domains: []string{"gmail.com", "bigpond.com", "outlook.com", "hotmail.com", "icloud.com", "optusnet.com.au"}},
	{code: "JP", name: "Japan", weight: 1.5, gateways: []gateway{{"NRT", "Narita"}, {"KIX", "Osaka"}}, post: "Japan Post", pickupAt: "the post office",
		cities: []string{"Tokyo", "Osaka", "Yokohama", "Nagoya", "Sapporo", "Fukuoka", "Kobe", "Kyoto", "Kawasaki", "Saitama"},
		tz:     9, rest: noRestDay, lineHaul: span{1, 2}, customs: span{0.5, 2}, lastMile: span{1, 3}, pickup: 0.03, promise: [2]int{20, 25},
		langs: []string{"ja"}, phone: "+81 90-####-####", domains: []string{"gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"}},
	{code: "TR", name: "Türkiye", weight: 1.5, gateways: []gateway{{"IST", "İstanbul"}}, post: "PTT", pickupAt: "the PTT branch",
		cities: []string{"İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Adana", "Konya", "Gaziantep", "Kayseri", "Mersin"},
		tz:     3, rest: time.Sunday, lineHaul: span{1.5, 3}, customs: span{1, 5}, lastMile: span{2, 7}, pickup: 0.2, promise: [2]int{25, 40},
		langs: []string{"tr"}, phone: "+90 5## ### ## ##", domains: []string{"gmail.com", "hotmail.com", "yandex.com.tr", "outlook.com"}},
	{code: "SA", name: "Saudi Arabia", weight: 1.5, gateways: []gateway{{"RUH", "Riyadh"}, {"JED", "Jeddah"}}, post: "SPL", pickupAt: "the SPL pickup point",
		cities: []string{"Riyadh", "Jeddah", "Mecca", "Medina", "Dammam", "Khobar", "Tabuk", "Abha"},
		tz:     3, rest: time.Friday, lineHaul: span{1.5, 3}, customs: span{1, 5}, lastMile: span{2, 7}, pickup: 0.2, promise: [2]int{25, 40},
		langs: []string{"ar"}, phone: "+966 5# ### ####", domains: []string{"gmail.com", "hotmail.com", "outlook.com", "yahoo.com"}},
	{code: "AE", name: "United Arab Emirates", weight: 1, gateways: []gateway{{"DXB", "Dubai"}}, post: "Emirates Post", pickupAt: "the Emirates Post office",
		cities: []string{"Dubai", "Abu Dhabi", "Sharjah", "Ajman", "Al Ain", "Ras Al Khaimah"},
		tz:     4, rest: time.Sunday, lineHaul: span{1, 2.5}, customs: span{0.5, 3}, lastMile: span{1, 4}, pickup: 0.1, promise: [2]int{20, 35},
		langs: []string{"ar", "ar", "en"}, phone: "+971 5# ### ####", domains: []string{"gmail.com", "hotmail.com", "outlook.com", "yahoo.com"}},
	{code: "SE", name: "Sweden", weight: 1, gateways: []gateway{{"ARN", "Stockholm"}}, via: []string{"HEL"}, post: "PostNord", pickupAt: "the PostNord service point",
		cities: []string{"Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Linköping", "Helsingborg"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{0.5, 2}, lastMile: span{1, 4}, pickup: 0.85, promise: [2]int{20, 35},
		langs: []string{"sv"}, phone: "+46 7#-### ## ##", domains: []string{"gmail.com", "hotmail.se", "telia.com", "outlook.com", "live.se"}},
	{code: "BE", name: "Belgium", weight: 1.5, gateways: []gateway{{"LGG", "Liège"}, {"BRU", "Brussels"}}, post: "bpost", pickupAt: "the bpost pick-up point",
		cities: []string{"Bruxelles", "Antwerpen", "Gent", "Charleroi", "Liège", "Brugge", "Namur", "Leuven"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 2.5}, customs: span{0.5, 2}, lastMile: span{1, 3}, pickup: 0.3, promise: [2]int{20, 30},
		langs: []string{"nl", "fr"}, phone: "+32 4## ## ## ##", domains: []string{"gmail.com", "skynet.be", "telenet.be", "hotmail.com"}},
	{code: "CH", name: "Switzerland", weight: 1, gateways: []gateway{{"ZRH", "Zürich"}}, post: "Swiss Post", pickupAt: "the post office",
		cities: []string{"Zürich", "Genève", "Basel", "Lausanne", "Bern", "Winterthur", "Luzern", "St. Gallen"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{1, 3}, lastMile: span{1, 3}, pickup: 0.1, promise: [2]int{20, 35},
		langs: []string{"de", "de", "fr"}, phone: "+41 7# ### ## ##", domains: []string{"gmail.com", "bluewin.ch", "gmx.ch", "hotmail.ch"}},
	{code: "CZ", name: "Czechia", weight: 1.5, gateways: []gateway{{"PRG", "Praha"}}, post: "Zásilkovna", pickupAt: "the Zásilkovna pickup point",
		cities: []string{"Praha", "Brno", "Ostrava", "Plzeň", "Liberec", "Olomouc", "České Budějovice", "Hradec Králové"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{0.5, 3}, lastMile: span{1, 4}, pickup: 0.5, promise: [2]int{20, 35},
		langs: []string{"cs"}, phone: "+420 6## ### ###", domains: []string{"seznam.cz", "gmail.com", "email.cz", "centrum.cz"}},
	{code: "PT", name: "Portugal", weight: 1.5, gateways: []gateway{{"LIS", "Lisboa"}}, via: []string{"DOH"}, post: "CTT", pickupAt: "the CTT post office",
		cities: []string{"Lisboa", "Porto", "Braga", "Coimbra", "Funchal", "Setúbal", "Faro", "Aveiro", "Viseu", "Leiria"},
		tz:     0, rest: time.Sunday, lineHaul: span{1.5, 3.5}, customs: span{1, 5}, lastMile: span{2, 6}, pickup: 0.2, promise: [2]int{25, 40},
		langs: []string{"pt"}, phone: "+351 9## ### ###", domains: []string{"gmail.com", "sapo.pt", "hotmail.com", "outlook.pt"}},
	{code: "KZ", name: "Kazakhstan", weight: 1.5, gateways: []gateway{{"ALA", "Almaty"}}, post: "Kazpost", pickupAt: "the Kazpost branch",
		cities: []string{"Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Ust-Kamenogorsk", "Kostanay"},
		tz:     5, rest: time.Sunday, lineHaul: span{1.5, 3}, customs: span{1, 4}, lastMile: span{2, 7}, pickup: 0.6, promise: [2]int{25, 45},
		langs: []string{"kk", "kk", "ru"}, phone: "+7 7## ###-##-##", domains: []string{"mail.ru", "gmail.com", "inbox.ru", "yandex.kz"}},
	{code: "BY", name: "Belarus", weight: 1, gateways: []gateway{{"MSQ", "Minsk"}}, post: "Belpochta", pickupAt: "the post office",
		cities: []string{"Minsk", "Gomel", "Mogilev", "Vitebsk", "Grodno", "Brest"},
		tz:     3, rest: time.Sunday, lineHaul: span{2, 4}, customs: span{1, 4}, lastMile: span{2, 7}, pickup: 0.6, promise: [2]int{25, 45},
		langs: []string{"ru"}, phone: "+375 29 ###-##-##", domains: []string{"mail.ru", "gmail.com", "yandex.by", "tut.by"}},
	{code: "NZ", name: "New Zealand", weight: 0.5, gateways: []gateway{{"AKL", "Auckland"}}, post: "NZ Post", pickupAt: "the PostShop",
		cities: []string{"Auckland", "Wellington", "Christchurch", "Hamilton", "Tauranga", "Dunedin"},
		tz:     12, rest: time.Sunday, lineHaul: span{2, 4}, customs: span{1, 3}, lastMile: span{2, 5}, pickup: 0.1, promise: [2]int{25, 40},
		langs: []string{"en"}, phone: "+64 2# ### ####", domains: []string{"gmail.com", "xtra.co.nz", "hotmail.com"}},
	{code: "IE", name: "Ireland", weight: 0.7, gateways: []gateway{{"DUB", "Dublin"}}, post: "An Post", pickupAt: "the post office",
		cities: []string{"Dublin", "Cork", "Limerick", "Galway", "Waterford", "Drogheda", "Kilkenny"},
		tz:     0, rest: time.Sunday, lineHaul: span{1.5, 3}, customs: span{1, 3}, lastMile: span{1, 4}, pickup: 0.1, promise: [2]int{20, 35},
		langs: []string{"en"}, phone: "+353 8# ### ####", domains: []string{"gmail.com", "eircom.net", "hotmail.com"}},
	{code: "AT", name: "Austria", weight: 0.8, gateways: []gateway{{"VIE", "Wien"}}, post: "Österreichische Post", pickupAt: "the post office",
		cities: []string{"Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt", "Villach"},
		tz:     1, rest: time.Sunday, lineHaul: span{1, 3}, customs: span{0.5, 3}, lastMile: span{1, 4}, pickup: 0.2, promise: [2]int{20, 35},
		langs: []string{"de"}, phone: "+43 6## #######", domains: []string{"gmail.com", "gmx.at", "aon.at", "chello.at"}},
}

// countryByCode indexes countries by ISO code.
var countryByCode = func() map[string]*country {
	m := make(map[string]*country, len(countries))
	for i := range countries {
		m[countries[i].code] = &countries[i]
	}
	return m
}()

// Destinations lists the ISO codes of every destination the simulator knows,
// most frequent first.
func Destinations() []string {
	byWeight := make([]*country, len(countries))
	for i := range countries {
		byWeight[i] = &countries[i]
	}
	slices.SortStableFunc(byWeight, func(a, b *country) int { return cmp.Compare(b.weight, a.weight) })
	out := make([]string, len(byWeight))
	for i, c := range byWeight {
		out[i] = c.code
	}
	return out
}

// genericCountry describes a destination the tables do not know, so any
// ISO code still gets a plausible, if plain, journey.
func genericCountry(cc string) *country {
	return &country{
		code: cc, name: cc, weight: 0,
		gateways: []gateway{{"", "International office of exchange"}},
		post:     "the national post", pickupAt: "the post office",
		cities: []string{"Main post office"},
		tz:     0, rest: time.Sunday,
		lineHaul: span{1.5, 3.5}, customs: span{1, 5}, lastMile: span{2, 7},
		pickup: 0.2, promise: [2]int{25, 45},
		langs: []string{"en"}, phone: "", domains: []string{"gmail.com"},
	}
}
