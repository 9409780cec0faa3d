package templates

import (
	"slices"
	"strings"
	"time"

	"waybill/tracker"
)

// builtinLanguages are the languages every built-in text exists in, in the
// order the language switcher shows them.
var builtinLanguages = []string{"en", "es", "fr", "pt", "ru", "de", "it", "nl", "pl", "tr", "id", "zh"}

// Languages lists the built-in languages (ISO 639-1 codes).
func Languages() []string { return slices.Clone(builtinLanguages) }

// NormalizeLanguage turns "pt-BR", "PT", " zh_CN " into "pt", "pt", "zh";
// empty becomes DefaultLanguage.
func NormalizeLanguage(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if lang == "" {
		return DefaultLanguage
	}
	return lang
}

// LanguageFor picks the message language for a buyer's country (ISO 3166-1
// alpha-2, any case): tracker.BuyerLanguage, which says why for the
// contentious choices (UA → en, BE → fr, CH → de).
func LanguageFor(country string) string { return tracker.BuyerLanguage(country) }

// statusLabels are buyer-facing status names, in the order of tracker.Statuses.
var statusLabels = map[string][]string{
	"en": {"Awaiting the carrier", "Label created", "In transit", "At customs", "Out for delivery", "Ready for pickup",
		"Delivery attempt failed", "Delivered", "Delivery problem", "Returning to sender", "Returned to sender", "Tracking expired"},
	"es": {"Pendiente", "Etiqueta creada", "En tránsito", "En aduanas", "En reparto", "Listo para recoger",
		"Intento de entrega fallido", "Entregado", "Incidencia en la entrega", "En devolución al remitente", "Devuelto al remitente", "Seguimiento caducado"},
	"fr": {"En attente", "Étiquette créée", "En transit", "En douane", "En cours de livraison", "Disponible au retrait",
		"Échec de livraison", "Livré", "Incident de livraison", "En retour vers l'expéditeur", "Retourné à l'expéditeur", "Suivi expiré"},
	"pt": {"Aguardando a transportadora", "Etiqueta criada", "Em trânsito", "Na alfândega", "Saiu para entrega", "Disponível para retirada",
		"Tentativa de entrega sem sucesso", "Entregue", "Problema na entrega", "Em devolução ao remetente", "Devolvido ao remetente", "Rastreio expirado"},
	"ru": {"Ожидает передачи перевозчику", "Данные об отправлении получены", "В пути", "На таможне", "Передано курьеру", "Ожидает в пункте выдачи",
		"Неудачная попытка доставки", "Вручено", "Проблема с доставкой", "Возвращается отправителю", "Возвращено отправителю", "Срок отслеживания истёк"},
	"de": {"Ausstehend", "Sendungsdaten übermittelt", "Unterwegs", "In der Zollabfertigung", "In Zustellung", "Zur Abholung bereit",
		"Zustellversuch fehlgeschlagen", "Zugestellt", "Problem bei der Zustellung", "Rücksendung an Absender", "An Absender zurückgesendet", "Sendungsverfolgung abgelaufen"},
	"it": {"In attesa", "Etichetta creata", "In transito", "In dogana", "In consegna", "Pronto per il ritiro",
		"Tentativo di consegna non riuscito", "Consegnato", "Problema di consegna", "In restituzione al mittente", "Restituito al mittente", "Tracciamento scaduto"},
	"nl": {"In afwachting", "Label aangemaakt", "Onderweg", "Bij de douane", "Wordt bezorgd", "Klaar om op te halen",
		"Bezorgpoging mislukt", "Bezorgd", "Probleem met de bezorging", "Onderweg terug naar afzender", "Teruggestuurd naar afzender", "Tracking verlopen"},
	"pl": {"Oczekuje na nadanie", "Dane przesyłki przekazane", "W drodze", "W odprawie celnej", "Wydana do doręczenia", "Gotowa do odbioru",
		"Nieudana próba doręczenia", "Doręczona", "Problem z doręczeniem", "Zwracana do nadawcy", "Zwrócona do nadawcy", "Śledzenie wygasło"},
	"tr": {"Beklemede", "Gönderi bilgisi alındı", "Yolda", "Gümrükte", "Dağıtımda", "Teslim alınmaya hazır",
		"Teslimat denemesi başarısız", "Teslim edildi", "Teslimat sorunu", "Göndericiye iade ediliyor", "Göndericiye iade edildi", "Takip süresi doldu"},
	"id": {"Menunggu", "Data pengiriman diterima", "Dalam perjalanan", "Di bea cukai", "Sedang diantar", "Siap diambil",
		"Pengiriman gagal", "Terkirim", "Kendala pengiriman", "Dalam proses retur ke pengirim", "Dikembalikan ke pengirim", "Pelacakan kedaluwarsa"},
	"zh": {"待揽收", "已创建运单", "运输中", "清关中", "派送中", "待取件",
		"派送失败", "已签收", "物流异常", "退回中", "已退回", "跟踪已过期"},
}

// StatusLabel is the buyer-facing name of a status in lang; a language
// without labels falls back to English, an unknown status to
// tracker.Status.Label.
func StatusLabel(s tracker.Status, lang string) string {
	i := slices.Index(tracker.Statuses, s)
	if i < 0 {
		return s.Label()
	}
	labels, ok := statusLabels[NormalizeLanguage(lang)]
	if !ok {
		labels = statusLabels[DefaultLanguage]
	}
	if i >= len(labels) {
		return s.Label()
	}
	return labels[i]
}

// dateLayouts are numeric date layouts per language (no month names, so no
// translation tables); English spells the month, which Go does in English.
var dateLayouts = map[string]string{
	"en": "2 Jan 2006",
	"es": "02/01/2006", "fr": "02/01/2006", "pt": "02/01/2006", "it": "02/01/2006",
	"id": "02/01/2006", "tr": "02.01.2006",
	"de": "02.01.2006", "ru": "02.01.2006", "pl": "02.01.2006",
	"nl": "02-01-2006",
	"zh": "2006年1月2日",
}

// FormatDate writes a date the way buyers of lang read it; the zero time is "".
func FormatDate(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	layout, ok := dateLayouts[NormalizeLanguage(lang)]
	if !ok {
		layout = "2006-01-02"
	}
	return t.Format(layout)
}
