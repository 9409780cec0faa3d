package templates

import (
	"slices"
	"strings"
	"time"

	"waybill/tracker"
)

// builtinLanguages are the languages every built-in text exists in, in the
// order the language switcher shows them.
var builtinLanguages = []string{"en", "es", "fr", "pt", "ru", "de", "it", "nl", "pl", "tr", "id", "zh",
	"ar", "he", "ja", "ko", "uk", "cs", "sv", "ro", "hu", "el"}

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
// contentious choices (BE → fr, CH → de, MA → ar).
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
	"ar": {"بانتظار شركة الشحن", "تم إنشاء بوليصة الشحن", "قيد الشحن", "لدى الجمارك", "خرج للتوصيل", "جاهز للاستلام",
		"تعذّر التسليم", "تم التسليم", "مشكلة في التوصيل", "في طريق العودة إلى المرسل", "أُعيد إلى المرسل", "انتهت صلاحية التتبع"},
	"he": {"ממתין לחברת השילוח", "נוצרה תווית משלוח", "בדרך", "במכס", "בדרך למסירה", "ממתין לאיסוף",
		"ניסיון מסירה נכשל", "נמסר", "בעיה במסירה", "בדרך חזרה לשולח", "הוחזר לשולח", "תוקף המעקב פג"},
	"ja": {"集荷待ち", "伝票作成済み", "輸送中", "通関手続き中", "配達中", "受取待ち",
		"配達未完了", "配達完了", "配送トラブル", "差出人へ返送中", "差出人へ返送済み", "追跡期限切れ"},
	"ko": {"집하 대기", "운송장 등록", "배송 중", "통관 중", "배송 출발", "수령 대기",
		"배송 실패", "배송 완료", "배송 문제 발생", "반송 중", "반송 완료", "조회 기간 만료"},
	"uk": {"Очікує передачі службі доставки", "Дані про відправлення отримано", "У дорозі", "На митниці", "Передано кур’єру", "Очікує в пункті видачі",
		"Невдала спроба доставки", "Вручено", "Проблема з доставкою", "Повертається відправнику", "Повернуто відправнику", "Термін відстеження минув"},
	"cs": {"Čeká na převzetí dopravcem", "Údaje o zásilce přijaty", "Na cestě", "V celním řízení", "V doručování", "Připravena k vyzvednutí",
		"Neúspěšný pokus o doručení", "Doručena", "Problém s doručením", "Vrací se odesílateli", "Vrácena odesílateli", "Sledování vypršelo"},
	"sv": {"Väntar på transportören", "Fraktsedel skapad", "På väg", "I tullen", "Ute för leverans", "Redo att hämtas",
		"Leveransförsök misslyckades", "Levererad", "Leveransproblem", "På väg tillbaka till avsändaren", "Returnerad till avsändaren", "Spårningen har upphört"},
	"ro": {"În așteptarea curierului", "Etichetă creată", "În tranzit", "La vamă", "În curs de livrare", "Gata de ridicare",
		"Livrare eșuată", "Livrat", "Problemă la livrare", "În curs de returnare la expeditor", "Returnat la expeditor", "Urmărire expirată"},
	"hu": {"Feladásra vár", "Címke elkészült", "Úton", "Vámkezelés alatt", "Kézbesítés alatt", "Átvehető",
		"Sikertelen kézbesítés", "Kézbesítve", "Kézbesítési probléma", "Visszaküldés a feladónak", "Visszaküldve a feladónak", "A nyomkövetés lejárt"},
	"el": {"Σε αναμονή της εταιρείας μεταφοράς", "Δημιουργήθηκε ετικέτα", "Σε μεταφορά", "Στο τελωνείο", "Σε διανομή", "Έτοιμο για παραλαβή",
		"Αποτυχία παράδοσης", "Παραδόθηκε", "Πρόβλημα παράδοσης", "Επιστρέφεται στον αποστολέα", "Επιστράφηκε στον αποστολέα", "Η παρακολούθηση έληξε"},
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
// Arabic dates are written with the Western digits Gulf and Maghreb shops
// use, Gregorian; Czech and Hungarian keep their spaces and points
// ("14. 3. 2026", "2026. 03. 14."); Swedish writes ISO dates.
var dateLayouts = map[string]string{
	"en": "2 Jan 2006",
	"es": "02/01/2006", "fr": "02/01/2006", "pt": "02/01/2006", "it": "02/01/2006",
	"id": "02/01/2006", "tr": "02.01.2006",
	"de": "02.01.2006", "ru": "02.01.2006", "pl": "02.01.2006",
	"nl": "02-01-2006",
	"zh": "2006年1月2日",
	"ar": "02/01/2006", "el": "02/01/2006",
	"he": "02.01.2006", "uk": "02.01.2006", "ro": "02.01.2006",
	"ja": "2006年1月2日",
	"ko": "2006년 1월 2일",
	"cs": "2. 1. 2006",
	"sv": "2006-01-02",
	"hu": "2006. 01. 02.",
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
