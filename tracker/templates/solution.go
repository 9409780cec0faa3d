package templates

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"text/template"
)

// The sentences that name step 3's decision in a message (Data.Solution),
// one set per built-in language. Each is a small text/template over
// phraseData; a language without its own set (an override language) gets
// the English one.
const (
	phNewETA        = "new_eta"        // .Date
	phReissue       = "reissue"        // .TrackingNo, .Carrier (may be empty), .URL (may be empty)
	phRefundFull    = "refund_full"    // .Amount
	phRefundPartial = "refund_partial" // .Amount
	phCustomsDocs   = "customs_docs"   // .Documents
	phDutiesBuyer   = "duties_buyer"   // .Total (may be empty)
	phDutiesSeller  = "duties_seller"  // .Total (may be empty)
	phDutiesShared  = "duties_shared"  // .Total, .Share, .Rest
	phRedelivery    = "redelivery"     // .Address (may be empty)
	phPickup        = "pickup"         // .Address (may be empty)
	phClaim         = "claim"          // .Reference (may be empty)
	phResendItems   = "resend_items"   // missing items sent again
	phResendReplace = "resend_replace" // a damaged order replaced
	phResendLater   = "resend_later"   // sent again once it is back
	phResendNow     = "resend_now"     // sent again, the parcel being back
	phReturn        = "return"
	phNone          = "none"
)

var phraseKeys = []string{phNewETA, phReissue, phRefundFull, phRefundPartial, phCustomsDocs,
	phDutiesBuyer, phDutiesSeller, phDutiesShared, phRedelivery, phPickup, phClaim,
	phResendItems, phResendReplace, phResendLater, phResendNow, phReturn, phNone}

// phraseData fills a solution sentence; every value is already written in
// the sentence's language.
type phraseData struct {
	Date, TrackingNo, Carrier, URL string
	Amount, Total, Share, Rest     string
	Documents, Address, Reference  string
}

// phrasebook is one language's solution sentences, the names of the
// customs documents (in the order of tracker.CustomsDocuments), the word
// that joins the last two items of a list, and what separates sentences.
type phrasebook struct {
	phrases   map[string]string
	documents []string
	and       string
	sentence  string // between two sentences: " ", or "" in Chinese and Japanese
	// comma and last join a list's items ("a, b and c"): empty means ", "
	// and " "+and+" ". Chinese and Japanese list with "、" and no spaces;
	// Arabic and Hebrew write "and" as a prefix of the last item.
	comma, last string
}

var phrasebooks = map[string]phrasebook{
	"en": {phrases: map[string]string{
		phNewETA:        "We now expect your parcel to arrive by {{.Date}}.",
		phReissue:       "We have sent you a new parcel{{with .Carrier}} with {{.}}{{end}}, tracking number {{.TrackingNo}}.{{with .URL}} You can follow it here: {{.}}{{end}}",
		phRefundFull:    "We are refunding your order in full: {{.Amount}}.",
		phRefundPartial: "We are giving you a partial refund of {{.Amount}}.",
		phCustomsDocs:   "We have provided customs with the documents they need: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}The import duties of {{.Total}} are{{else}}Any import duties are{{end}} to be paid by you.",
		phDutiesSeller:  "We are paying the import duties{{with .Total}} of {{.}}{{end}}, so there is nothing for you to pay.",
		phDutiesShared:  "As agreed, we are sharing the import duties of {{.Total}} with you: we pay {{.Share}}, and {{.Rest}} is left for you to pay.",
		phRedelivery:    "We have passed your confirmed address to the carrier and asked for a new delivery{{with .Address}} to: {{.}}{{end}}.",
		phPickup:        "We have arranged for you to collect your parcel at a pickup point{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "We have filed a claim with the carrier{{with .Reference}} (reference {{.}}){{end}} and will let you know as soon as they reply.",
		phResendItems:   "We are sending you the missing items.",
		phResendReplace: "We are sending you a replacement.",
		phResendLater:   "As soon as the parcel is back with us, we will send your order to you again.",
		phResendNow:     "We are sending your order to you again.",
		phReturn:        "We have arranged for the parcel to be returned to us.",
		phNone:          "We are glad to hear that your parcel has reached you.",
	}, documents: []string{"commercial invoice", "packing list", "HS code", "certificates"}, and: "and", sentence: " "},

	"es": {phrases: map[string]string{
		phNewETA:        "Ahora esperamos que su paquete llegue, a más tardar, el {{.Date}}.",
		phReissue:       "Le hemos enviado un paquete nuevo{{with .Carrier}} con {{.}}{{end}}, con el número de seguimiento {{.TrackingNo}}.{{with .URL}} Puede seguirlo aquí: {{.}}{{end}}",
		phRefundFull:    "Le estamos reembolsando el importe íntegro de su pedido: {{.Amount}}.",
		phRefundPartial: "Le estamos haciendo un reembolso parcial de {{.Amount}}.",
		phCustomsDocs:   "Hemos entregado a la aduana los documentos necesarios: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Los aranceles de importación, de {{.Total}}, corren{{else}}Los posibles aranceles de importación corren{{end}} por su cuenta.",
		phDutiesSeller:  "Nosotros pagamos los aranceles de importación{{with .Total}} ({{.}}){{end}}, así que usted no tendrá que pagar nada.",
		phDutiesShared:  "Tal como acordamos, compartimos con usted los aranceles de importación de {{.Total}}: nosotros pagamos {{.Share}} y a usted le quedan {{.Rest}} por pagar.",
		phRedelivery:    "Hemos facilitado al transportista su dirección confirmada y le hemos pedido una nueva entrega{{with .Address}} en: {{.}}{{end}}.",
		phPickup:        "Hemos organizado que pueda recoger su paquete en un punto de recogida{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Hemos presentado una reclamación al transportista{{with .Reference}} (referencia {{.}}){{end}} y le informaremos en cuanto nos responda.",
		phResendItems:   "Le estamos enviando los artículos que faltaban.",
		phResendReplace: "Le estamos enviando un reemplazo.",
		phResendLater:   "En cuanto el paquete vuelva a nosotros, le enviaremos de nuevo su pedido.",
		phResendNow:     "Le estamos enviando de nuevo su pedido.",
		phReturn:        "Hemos organizado la devolución del paquete a nosotros.",
		phNone:          "Nos alegra saber que su paquete le ha llegado.",
	}, documents: []string{"factura comercial", "lista de embalaje", "código arancelario (HS)", "certificados"}, and: "y", sentence: " "},

	"fr": {phrases: map[string]string{
		phNewETA:        "Nous prévoyons désormais la livraison de votre colis au plus tard le {{.Date}}.",
		phReissue:       "Nous vous avons envoyé un nouveau colis{{with .Carrier}} par {{.}}{{end}}, numéro de suivi {{.TrackingNo}}.{{with .URL}} Vous pouvez le suivre ici : {{.}}{{end}}",
		phRefundFull:    "Nous vous remboursons l'intégralité de votre commande : {{.Amount}}.",
		phRefundPartial: "Nous vous accordons un remboursement partiel de {{.Amount}}.",
		phCustomsDocs:   "Nous avons fourni à la douane les documents nécessaires : {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Les droits d'importation, soit {{.Total}}, sont{{else}}Les éventuels droits d'importation sont{{end}} à votre charge.",
		phDutiesSeller:  "Nous prenons en charge les droits d'importation{{with .Total}} ({{.}}){{end}} : vous n'aurez rien à payer.",
		phDutiesShared:  "Comme convenu, nous partageons avec vous les droits d'importation de {{.Total}} : nous en payons {{.Share}}, et il vous reste {{.Rest}} à régler.",
		phRedelivery:    "Nous avons transmis votre adresse confirmée au transporteur et demandé une nouvelle livraison{{with .Address}} à l'adresse suivante : {{.}}{{end}}.",
		phPickup:        "Nous avons fait le nécessaire pour que vous puissiez retirer votre colis en point relais{{with .Address}} : {{.}}{{end}}.",
		phClaim:         "Nous avons déposé une réclamation auprès du transporteur{{with .Reference}} (référence {{.}}){{end}} et vous tiendrons au courant dès sa réponse.",
		phResendItems:   "Nous vous envoyons les articles manquants.",
		phResendReplace: "Nous vous envoyons un produit de remplacement.",
		phResendLater:   "Dès que le colis nous sera revenu, nous vous renverrons votre commande.",
		phResendNow:     "Nous vous renvoyons votre commande.",
		phReturn:        "Nous avons organisé le retour du colis jusqu'à nous.",
		phNone:          "Nous sommes ravis d'apprendre que votre colis vous est bien parvenu.",
	}, documents: []string{"facture commerciale", "liste de colisage", "code SH", "certificats"}, and: "et", sentence: " "},

	"pt": {phrases: map[string]string{
		phNewETA:        "Agora a previsão é que sua encomenda chegue até {{.Date}}.",
		phReissue:       "Enviamos uma nova encomenda para você{{with .Carrier}} pela {{.}}{{end}}, com o código de rastreio {{.TrackingNo}}.{{with .URL}} Você pode acompanhá-la aqui: {{.}}{{end}}",
		phRefundFull:    "Estamos reembolsando o valor total do seu pedido: {{.Amount}}.",
		phRefundPartial: "Estamos fazendo um reembolso parcial de {{.Amount}}.",
		phCustomsDocs:   "Enviamos à alfândega os documentos necessários: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Os impostos de importação, no valor de {{.Total}}, ficam{{else}}Eventuais impostos de importação ficam{{end}} por sua conta.",
		phDutiesSeller:  "Nós vamos pagar os impostos de importação{{with .Total}} ({{.}}){{end}}, então você não terá nada a pagar.",
		phDutiesShared:  "Como combinado, vamos dividir com você os impostos de importação de {{.Total}}: nós pagamos {{.Share}} e ficam {{.Rest}} para você pagar.",
		phRedelivery:    "Passamos à transportadora seu endereço confirmado e solicitamos uma nova entrega{{with .Address}} em: {{.}}{{end}}.",
		phPickup:        "Providenciamos para que você retire sua encomenda em um ponto de coleta{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Abrimos uma reclamação com a transportadora{{with .Reference}} (protocolo {{.}}){{end}} e avisaremos você assim que ela responder.",
		phResendItems:   "Estamos enviando para você os itens que faltaram.",
		phResendReplace: "Estamos enviando a troca do seu produto.",
		phResendLater:   "Assim que a encomenda voltar para nós, vamos enviar seu pedido novamente.",
		phResendNow:     "Estamos enviando seu pedido novamente.",
		phReturn:        "Providenciamos a devolução da encomenda para nós.",
		phNone:          "Ficamos felizes em saber que sua encomenda chegou.",
	}, documents: []string{"fatura comercial", "lista de embalagem (packing list)", "código HS", "certificados"}, and: "e", sentence: " "},

	"ru": {phrases: map[string]string{
		phNewETA:        "Теперь мы ожидаем, что посылка будет доставлена не позднее {{.Date}}.",
		phReissue:       "Мы отправили Вам новую посылку{{with .Carrier}} через {{.}}{{end}}, трек-номер {{.TrackingNo}}.{{with .URL}} Отследить её можно здесь: {{.}}{{end}}",
		phRefundFull:    "Мы возвращаем Вам полную стоимость заказа: {{.Amount}}.",
		phRefundPartial: "Мы возвращаем Вам часть стоимости заказа: {{.Amount}}.",
		phCustomsDocs:   "Мы предоставили таможне необходимые документы: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Ввозную пошлину ({{.Total}}) оплачиваете Вы.{{else}}Ввозную пошлину, если она будет начислена, оплачиваете Вы.{{end}}",
		phDutiesSeller:  "Ввозную пошлину{{with .Total}} ({{.}}){{end}} оплачиваем мы, так что Вам ничего платить не нужно.",
		phDutiesShared:  "Как мы договорились, ввозную пошлину в размере {{.Total}} мы делим с Вами: мы оплачиваем {{.Share}}, а на Вашу долю остаётся {{.Rest}}.",
		phRedelivery:    "Мы передали перевозчику Ваш подтверждённый адрес и запросили повторную доставку{{with .Address}} по адресу: {{.}}{{end}}.",
		phPickup:        "Мы договорились, что Вы сможете забрать посылку в пункте выдачи{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Мы подали претензию перевозчику{{with .Reference}} (номер {{.}}){{end}} и сообщим Вам, как только получим ответ.",
		phResendItems:   "Мы отправляем Вам недостающие товары.",
		phResendReplace: "Мы отправляем Вам замену.",
		phResendLater:   "Как только посылка вернётся к нам, мы отправим Вам заказ повторно.",
		phResendNow:     "Мы отправляем Вам заказ повторно.",
		phReturn:        "Мы договорились о возврате посылки к нам.",
		phNone:          "Мы рады, что посылка до Вас дошла.",
	}, documents: []string{"коммерческий инвойс", "упаковочный лист", "код ТН ВЭД", "сертификаты"}, and: "и", sentence: " "},

	"de": {phrases: map[string]string{
		phNewETA:        "Wir erwarten Ihr Paket jetzt bis spätestens {{.Date}}.",
		phReissue:       "Wir haben Ihnen ein neues Paket{{with .Carrier}} mit {{.}}{{end}} geschickt, Sendungsnummer {{.TrackingNo}}.{{with .URL}} Sie können es hier verfolgen: {{.}}{{end}}",
		phRefundFull:    "Wir erstatten Ihnen den vollen Betrag Ihrer Bestellung: {{.Amount}}.",
		phRefundPartial: "Wir erstatten Ihnen einen Teilbetrag von {{.Amount}}.",
		phCustomsDocs:   "Wir haben dem Zoll die nötigen Unterlagen vorgelegt: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Die Einfuhrabgaben in Höhe von {{.Total}} übernehmen Sie.{{else}}Eventuelle Einfuhrabgaben übernehmen Sie.{{end}}",
		phDutiesSeller:  "Die Einfuhrabgaben{{with .Total}} ({{.}}){{end}} übernehmen wir, Sie müssen also nichts bezahlen.",
		phDutiesShared:  "Wie vereinbart teilen wir uns die Einfuhrabgaben von {{.Total}} mit Ihnen: Wir übernehmen {{.Share}}, für Sie bleiben {{.Rest}} zu zahlen.",
		phRedelivery:    "Wir haben beim Versanddienstleister eine erneute Zustellung an Ihre bestätigte Adresse beauftragt{{with .Address}}: {{.}}{{end}}.",
		phPickup:        "Wir haben veranlasst, dass Sie Ihr Paket an einer Abholstelle abholen können{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Wir haben beim Versanddienstleister eine Reklamation eingereicht{{with .Reference}} (Referenz {{.}}){{end}} und melden uns, sobald er antwortet.",
		phResendItems:   "Wir senden Ihnen die fehlenden Artikel zu.",
		phResendReplace: "Wir senden Ihnen Ersatz zu.",
		phResendLater:   "Sobald das Paket wieder bei uns ist, senden wir Ihnen Ihre Bestellung erneut zu.",
		phResendNow:     "Wir senden Ihnen Ihre Bestellung erneut zu.",
		phReturn:        "Wir haben die Rücksendung des Pakets an uns veranlasst.",
		phNone:          "Wir freuen uns, dass Ihr Paket bei Ihnen angekommen ist.",
	}, documents: []string{"Handelsrechnung", "Packliste", "HS-Code", "Zertifikate"}, and: "und", sentence: " "},

	"it": {phrases: map[string]string{
		phNewETA:        "Ora prevediamo che il Suo pacco arrivi entro il {{.Date}}.",
		phReissue:       "Le abbiamo inviato un nuovo pacco{{with .Carrier}} con {{.}}{{end}}, numero di tracciamento {{.TrackingNo}}.{{with .URL}} Può seguirlo qui: {{.}}{{end}}",
		phRefundFull:    "Le stiamo rimborsando l'intero importo dell'ordine: {{.Amount}}.",
		phRefundPartial: "Le stiamo effettuando un rimborso parziale di {{.Amount}}.",
		phCustomsDocs:   "Abbiamo fornito alla dogana i documenti necessari: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}I dazi di importazione, pari a {{.Total}}, sono{{else}}Gli eventuali dazi di importazione sono{{end}} a Suo carico.",
		phDutiesSeller:  "I dazi di importazione{{with .Total}} ({{.}}){{end}} sono a nostro carico, quindi Lei non dovrà pagare nulla.",
		phDutiesShared:  "Come concordato, dividiamo con Lei i dazi di importazione di {{.Total}}: noi paghiamo {{.Share}} e a Lei restano da pagare {{.Rest}}.",
		phRedelivery:    "Abbiamo comunicato al corriere il Suo indirizzo confermato e richiesto una nuova consegna{{with .Address}} all'indirizzo: {{.}}{{end}}.",
		phPickup:        "Abbiamo fatto in modo che possa ritirare il Suo pacco presso un punto di ritiro{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Abbiamo aperto un reclamo con il corriere{{with .Reference}} (riferimento {{.}}){{end}} e La informeremo non appena risponderà.",
		phResendItems:   "Le stiamo inviando gli articoli mancanti.",
		phResendReplace: "Le stiamo inviando un articolo sostitutivo.",
		phResendLater:   "Appena il pacco sarà tornato da noi, Le rispediremo l'ordine.",
		phResendNow:     "Le stiamo rispedendo l'ordine.",
		phReturn:        "Abbiamo disposto la restituzione del pacco a noi.",
		phNone:          "Siamo lieti di sapere che il Suo pacco è arrivato.",
	}, documents: []string{"fattura commerciale", "packing list", "codice HS", "certificati"}, and: "e", sentence: " "},

	"nl": {phrases: map[string]string{
		phNewETA:        "We verwachten uw pakket nu uiterlijk op {{.Date}}.",
		phReissue:       "We hebben u een nieuw pakket gestuurd{{with .Carrier}} met {{.}}{{end}}, trackingnummer {{.TrackingNo}}.{{with .URL}} U kunt het hier volgen: {{.}}{{end}}",
		phRefundFull:    "We betalen u het volledige bedrag van uw bestelling terug: {{.Amount}}.",
		phRefundPartial: "We betalen u een deel van het bedrag terug: {{.Amount}}.",
		phCustomsDocs:   "We hebben de douane de benodigde documenten bezorgd: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}De invoerrechten van {{.Total}} zijn{{else}}Eventuele invoerrechten zijn{{end}} voor uw rekening.",
		phDutiesSeller:  "Wij betalen de invoerrechten{{with .Total}} ({{.}}){{end}}, dus u hoeft niets te betalen.",
		phDutiesShared:  "Zoals afgesproken delen we de invoerrechten van {{.Total}} met u: wij betalen {{.Share}} en u betaalt de resterende {{.Rest}}.",
		phRedelivery:    "We hebben bij de vervoerder een nieuwe bezorging aangevraagd op uw bevestigde adres{{with .Address}}: {{.}}{{end}}.",
		phPickup:        "We hebben geregeld dat u uw pakket kunt ophalen bij een afhaalpunt{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "We hebben een claim ingediend bij de vervoerder{{with .Reference}} (referentie {{.}}){{end}} en laten het u weten zodra die reageert.",
		phResendItems:   "We sturen u de ontbrekende artikelen na.",
		phResendReplace: "We sturen u een vervangend artikel.",
		phResendLater:   "Zodra het pakket weer bij ons is, sturen we uw bestelling opnieuw naar u toe.",
		phResendNow:     "We sturen uw bestelling opnieuw naar u toe.",
		phReturn:        "We hebben geregeld dat het pakket naar ons wordt teruggestuurd.",
		phNone:          "Fijn om te horen dat uw pakket is aangekomen.",
	}, documents: []string{"handelsfactuur", "paklijst", "HS-code", "certificaten"}, and: "en", sentence: " "},

	"pl": {phrases: map[string]string{
		phNewETA:        "Obecnie spodziewamy się, że paczka dotrze do Państwa najpóźniej {{.Date}}.",
		phReissue:       "Wysłaliśmy Państwu nową paczkę{{with .Carrier}} przez {{.}}{{end}}, numer przesyłki {{.TrackingNo}}.{{with .URL}} Można ją śledzić tutaj: {{.}}{{end}}",
		phRefundFull:    "Zwracamy Państwu pełną kwotę zamówienia: {{.Amount}}.",
		phRefundPartial: "Zwracamy Państwu część kwoty zamówienia: {{.Amount}}.",
		phCustomsDocs:   "Przekazaliśmy urzędowi celnemu potrzebne dokumenty: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Cło importowe w wysokości {{.Total}} opłacają Państwo.{{else}}Ewentualne cło importowe opłacają Państwo.{{end}}",
		phDutiesSeller:  "Cło importowe{{with .Total}} ({{.}}){{end}} pokrywamy my, więc nie muszą Państwo nic płacić.",
		phDutiesShared:  "Zgodnie z ustaleniami dzielimy się z Państwem cłem importowym w wysokości {{.Total}}: my płacimy {{.Share}}, a do zapłaty po Państwa stronie pozostaje {{.Rest}}.",
		phRedelivery:    "Przekazaliśmy przewoźnikowi potwierdzony adres i zleciliśmy ponowne doręczenie{{with .Address}} na adres: {{.}}{{end}}.",
		phPickup:        "Ustaliliśmy, że mogą Państwo odebrać paczkę w punkcie odbioru{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Złożyliśmy reklamację u przewoźnika{{with .Reference}} (numer {{.}}){{end}} i poinformujemy Państwa, gdy tylko odpowie.",
		phResendItems:   "Wysyłamy Państwu brakujące produkty.",
		phResendReplace: "Wysyłamy Państwu produkt zastępczy.",
		phResendLater:   "Gdy tylko paczka do nas wróci, wyślemy Państwu zamówienie ponownie.",
		phResendNow:     "Wysyłamy Państwu zamówienie ponownie.",
		phReturn:        "Zleciliśmy zwrot paczki do nas.",
		phNone:          "Cieszymy się, że paczka do Państwa dotarła.",
	}, documents: []string{"faktura handlowa", "lista pakunkowa", "kod HS", "certyfikaty"}, and: "i", sentence: " "},

	"tr": {phrases: map[string]string{
		phNewETA:        "Paketinizin en geç {{.Date}} tarihinde size ulaşmasını bekliyoruz.",
		phReissue:       "Size{{with .Carrier}} {{.}} ile{{end}} yeni bir paket gönderdik, takip numarası: {{.TrackingNo}}.{{with .URL}} Buradan takip edebilirsiniz: {{.}}{{end}}",
		phRefundFull:    "Siparişinizin bedelinin tamamını iade ediyoruz: {{.Amount}}.",
		phRefundPartial: "Size {{.Amount}} tutarında kısmi iade yapıyoruz.",
		phCustomsDocs:   "Gerekli belgeleri gümrüğe ilettik: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}{{.Total}} tutarındaki ithalat vergisi{{else}}Olası ithalat vergileri{{end}} size aittir.",
		phDutiesSeller:  "İthalat vergisini{{with .Total}} ({{.}}){{end}} biz ödüyoruz; sizin bir şey ödemeniz gerekmiyor.",
		phDutiesShared:  "Kararlaştırdığımız gibi, {{.Total}} tutarındaki ithalat vergisini sizinle paylaşıyoruz: {{.Share}} tutarını biz ödüyoruz, size ödenecek {{.Rest}} kalıyor.",
		phRedelivery:    "Onayladığınız adresi kargo firmasına ilettik ve yeni bir teslimat talep ettik{{with .Address}}: {{.}}{{end}}.",
		phPickup:        "Paketinizi bir teslim noktasından alabilmeniz için gerekli düzenlemeyi yaptık{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Kargo firmasına tazmin talebinde bulunduk{{with .Reference}} (referans: {{.}}){{end}}; yanıt gelir gelmez size haber vereceğiz.",
		phResendItems:   "Eksik ürünleri size gönderiyoruz.",
		phResendReplace: "Size yenisini gönderiyoruz.",
		phResendLater:   "Paket bize geri ulaşır ulaşmaz siparişinizi yeniden göndereceğiz.",
		phResendNow:     "Siparişinizi yeniden gönderiyoruz.",
		phReturn:        "Paketin bize iade edilmesini sağladık.",
		phNone:          "Paketinizin size ulaştığını duyduğumuza sevindik.",
	}, documents: []string{"ticari fatura", "çeki listesi", "GTİP kodu", "sertifikalar"}, and: "ve", sentence: " "},

	"id": {phrases: map[string]string{
		phNewETA:        "Kini kami memperkirakan paket Anda tiba paling lambat pada {{.Date}}.",
		phReissue:       "Kami telah mengirimkan paket baru untuk Anda{{with .Carrier}} melalui {{.}}{{end}}, dengan nomor resi {{.TrackingNo}}.{{with .URL}} Anda dapat melacaknya di sini: {{.}}{{end}}",
		phRefundFull:    "Kami mengembalikan dana pesanan Anda secara penuh: {{.Amount}}.",
		phRefundPartial: "Kami mengembalikan sebagian dana Anda sebesar {{.Amount}}.",
		phCustomsDocs:   "Kami telah menyerahkan dokumen yang diperlukan ke bea cukai: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Bea masuk sebesar {{.Total}} menjadi{{else}}Bea masuk, jika ada, menjadi{{end}} tanggungan Anda.",
		phDutiesSeller:  "Bea masuk{{with .Total}} ({{.}}){{end}} kami yang menanggung, jadi Anda tidak perlu membayar apa pun.",
		phDutiesShared:  "Sesuai kesepakatan, bea masuk sebesar {{.Total}} kami tanggung bersama: kami membayar {{.Share}}, dan sisanya sebesar {{.Rest}} Anda yang membayar.",
		phRedelivery:    "Kami sudah meneruskan alamat yang Anda konfirmasi kepada ekspedisi dan meminta pengiriman ulang{{with .Address}} ke: {{.}}{{end}}.",
		phPickup:        "Kami sudah mengatur agar Anda dapat mengambil paket di titik ambil{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Kami sudah mengajukan klaim ke ekspedisi{{with .Reference}} (referensi {{.}}){{end}} dan akan segera mengabari Anda begitu ada jawaban.",
		phResendItems:   "Kami sedang mengirimkan barang yang kurang kepada Anda.",
		phResendReplace: "Kami sedang mengirimkan barang pengganti kepada Anda.",
		phResendLater:   "Begitu paket kembali ke kami, kami akan mengirimkan pesanan Anda lagi.",
		phResendNow:     "Kami sedang mengirimkan pesanan Anda lagi.",
		phReturn:        "Kami sudah mengatur agar paket dikembalikan kepada kami.",
		phNone:          "Kami senang mendengar paket Anda sudah sampai.",
	}, documents: []string{"faktur komersial", "packing list", "kode HS", "sertifikat"}, and: "dan", sentence: " "},

	"zh": {phrases: map[string]string{
		phNewETA:        "我们现在预计您的包裹将于{{.Date}}前送达。",
		phReissue:       "我们已为您重新寄出一个包裹{{with .Carrier}}（{{.}}）{{end}}，运单号：{{.TrackingNo}}。{{with .URL}}物流查询：{{.}}{{end}}",
		phRefundFull:    "我们正在为您全额退款：{{.Amount}}。",
		phRefundPartial: "我们正在为您办理部分退款：{{.Amount}}。",
		phCustomsDocs:   "我们已向海关提供所需资料：{{.Documents}}。",
		phDutiesBuyer:   "{{if .Total}}进口关税（{{.Total}}）由您承担。{{else}}如产生进口关税，由您承担。{{end}}",
		phDutiesSeller:  "进口关税{{with .Total}}（{{.}}）{{end}}由我们承担，您无需支付任何费用。",
		phDutiesShared:  "按照约定，进口关税共{{.Total}}，由我们与您分担：我们支付{{.Share}}，您需支付剩余的{{.Rest}}。",
		phRedelivery:    "我们已将您确认的地址转交承运商，并申请重新派送{{with .Address}}至：{{.}}{{end}}。",
		phPickup:        "我们已安排您到自提点取件{{with .Address}}：{{.}}{{end}}。",
		phClaim:         "我们已向承运商提出索赔{{with .Reference}}（编号：{{.}}）{{end}}，收到答复后会第一时间通知您。",
		phResendItems:   "我们正在为您补发缺少的商品。",
		phResendReplace: "我们正在为您补发新的商品。",
		phResendLater:   "包裹退回到我们这里后，我们会立即为您重新发货。",
		phResendNow:     "我们正在为您重新发货。",
		phReturn:        "我们已安排将包裹退回给我们。",
		phNone:          "很高兴得知您已收到包裹。",
	}, documents: []string{"商业发票", "装箱单", "HS编码", "证书"}, and: "和", sentence: "", comma: "、", last: "和"},

	"ar": {phrases: map[string]string{
		phNewETA:        "نتوقع الآن وصول طردكم في موعد أقصاه {{.Date}}.",
		phReissue:       "لقد أرسلنا إليكم طردًا جديدًا{{with .Carrier}} عبر {{.}}{{end}}، ورقم تتبعه {{.TrackingNo}}.{{with .URL}} يمكنكم تتبعه من هنا: {{.}}{{end}}",
		phRefundFull:    "سنرد لكم المبلغ الكامل لطلبكم: {{.Amount}}.",
		phRefundPartial: "سنرد لكم جزءًا من المبلغ بقيمة {{.Amount}}.",
		phCustomsDocs:   "لقد زودنا الجمارك بالمستندات المطلوبة: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}رسوم الاستيراد البالغة {{.Total}} تقع على عاتقكم.{{else}}أي رسوم استيراد تُفرض تقع على عاتقكم.{{end}}",
		phDutiesSeller:  "سنتحمل نحن رسوم الاستيراد{{with .Total}} ({{.}}){{end}}، فلن يكون عليكم دفع أي شيء.",
		phDutiesShared:  "كما اتفقنا، سنتقاسم معكم رسوم الاستيراد البالغة {{.Total}}: ندفع نحن {{.Share}}، ويتبقى عليكم {{.Rest}}.",
		phRedelivery:    "لقد أرسلنا عنوانكم المؤكد إلى شركة الشحن وطلبنا توصيلًا جديدًا{{with .Address}} إلى: {{.}}{{end}}.",
		phPickup:        "لقد رتبنا لكم استلام طردكم من إحدى نقاط الاستلام{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "لقد قدمنا مطالبة لدى شركة الشحن{{with .Reference}} (المرجع {{.}}){{end}}، وسنبلغكم فور تلقي ردها.",
		phResendItems:   "سنرسل إليكم المنتجات الناقصة.",
		phResendReplace: "سنرسل إليكم منتجًا بديلًا.",
		phResendLater:   "بمجرد عودة الطرد إلينا، سنعيد إرسال طلبكم إليكم.",
		phResendNow:     "سنعيد إرسال طلبكم إليكم.",
		phReturn:        "لقد رتبنا لإعادة الطرد إلينا.",
		phNone:          "يسعدنا أن طردكم قد وصل إليكم.",
	}, documents: []string{"الفاتورة التجارية", "قائمة التعبئة", "رمز النظام المنسق (HS)", "الشهادات"}, and: "و", sentence: " ", comma: "، ", last: " و"},

	"he": {phrases: map[string]string{
		phNewETA:        "כעת אנו צופים שהחבילה שלכם תגיע עד {{.Date}}.",
		phReissue:       "שלחנו לכם חבילה חדשה{{with .Carrier}} באמצעות {{.}}{{end}}, מספר מעקב {{.TrackingNo}}.{{with .URL}} ניתן לעקוב אחריה כאן: {{.}}{{end}}",
		phRefundFull:    "אנחנו מחזירים לכם את מלוא סכום ההזמנה: {{.Amount}}.",
		phRefundPartial: "אנחנו מעניקים לכם החזר חלקי בסך {{.Amount}}.",
		phCustomsDocs:   "מסרנו למכס את המסמכים הנדרשים: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}מסי היבוא בסך {{.Total}} הם על חשבונכם.{{else}}מסי יבוא, אם יחולו, יהיו על חשבונכם.{{end}}",
		phDutiesSeller:  "אנחנו משלמים את מסי היבוא{{with .Total}} ({{.}}){{end}}, כך שלא תצטרכו לשלם דבר.",
		phDutiesShared:  "כפי שסיכמנו, אנחנו מתחלקים איתכם במסי היבוא בסך {{.Total}}: אנחנו משלמים {{.Share}}, ונותרו לתשלום מצדכם {{.Rest}}.",
		phRedelivery:    "העברנו לחברת השילוח את הכתובת שאישרתם וביקשנו מסירה חדשה{{with .Address}} לכתובת: {{.}}{{end}}.",
		phPickup:        "דאגנו שתוכלו לאסוף את החבילה מנקודת איסוף{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "הגשנו תביעה לחברת השילוח{{with .Reference}} (אסמכתה {{.}}){{end}}, ונעדכן אתכם ברגע שיענו.",
		phResendItems:   "אנחנו שולחים לכם את הפריטים החסרים.",
		phResendReplace: "אנחנו שולחים לכם מוצר חלופי.",
		phResendLater:   "ברגע שהחבילה תחזור אלינו, נשלח לכם את ההזמנה שוב.",
		phResendNow:     "אנחנו שולחים לכם את ההזמנה שוב.",
		phReturn:        "דאגנו להחזרת החבילה אלינו.",
		phNone:          "שמחים לשמוע שהחבילה הגיעה אליכם.",
	}, documents: []string{"חשבונית מסחרית", "רשימת אריזה", "קוד HS", "תעודות"}, and: "ו", sentence: " ", last: " ו"},

	"ja": {phrases: map[string]string{
		phNewETA:        "現在、お荷物は{{.Date}}までにお届けできる見込みです。",
		phReissue:       "新しいお荷物を{{with .Carrier}}{{.}}にて{{end}}発送いたしました。追跡番号は{{.TrackingNo}}です。{{with .URL}}こちらから追跡いただけます：{{.}}{{end}}",
		phRefundFull:    "ご注文代金の全額（{{.Amount}}）を返金いたします。",
		phRefundPartial: "ご注文代金のうち{{.Amount}}を返金いたします。",
		phCustomsDocs:   "税関に必要書類として、{{.Documents}}を提出いたしました。",
		phDutiesBuyer:   "{{if .Total}}輸入関税（{{.Total}}）はお客様のご負担となります。{{else}}輸入関税が発生した場合は、お客様のご負担となります。{{end}}",
		phDutiesSeller:  "輸入関税{{with .Total}}（{{.}}）{{end}}は当店が負担いたしますので、お客様のお支払いは不要です。",
		phDutiesShared:  "お約束どおり、輸入関税（合計{{.Total}}）のうち{{.Share}}を当店が負担いたします。お客様のご負担は残りの{{.Rest}}です。",
		phRedelivery:    "ご確認いただいた住所を配送業者に伝え、再配達を依頼いたしました{{with .Address}}（お届け先：{{.}}）{{end}}。",
		phPickup:        "お荷物を受取拠点でお受け取りいただけるよう手配いたしました{{with .Address}}（受取場所：{{.}}）{{end}}。",
		phClaim:         "配送業者に補償を請求いたしました{{with .Reference}}（請求番号：{{.}}）{{end}}。回答があり次第お知らせいたします。",
		phResendItems:   "不足していた商品を発送いたします。",
		phResendReplace: "代わりの商品を発送いたします。",
		phResendLater:   "お荷物が当店に戻り次第、ご注文の商品を改めて発送いたします。",
		phResendNow:     "ご注文の商品を改めて発送いたします。",
		phReturn:        "お荷物を当店へ返送する手配をいたしました。",
		phNone:          "お荷物が無事に届いたとのこと、安心いたしました。",
	}, documents: []string{"インボイス", "パッキングリスト", "HSコード", "各種証明書"}, and: "および", sentence: "", comma: "、", last: "および"},

	"ko": {phrases: map[string]string{
		phNewETA:        "현재 소포는 {{.Date}}까지 도착할 것으로 예상됩니다.",
		phReissue:       "새 소포를 발송해 드렸습니다{{with .Carrier}}(배송업체: {{.}}){{end}}. 운송장 번호는 {{.TrackingNo}}입니다.{{with .URL}} 여기에서 조회하실 수 있습니다: {{.}}{{end}}",
		phRefundFull:    "주문 금액 전액({{.Amount}})을 환불해 드리겠습니다.",
		phRefundPartial: "주문 금액 중 일부를 환불해 드리겠습니다. 환불 금액은 {{.Amount}}입니다.",
		phCustomsDocs:   "세관에 필요한 서류를 제출했습니다: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}수입 관세({{.Total}})는 고객님께서 부담하셔야 합니다.{{else}}수입 관세가 부과되는 경우 고객님께서 부담하셔야 합니다.{{end}}",
		phDutiesSeller:  "수입 관세{{with .Total}}({{.}}){{end}}는 저희가 부담하므로 고객님께서 따로 내실 금액은 없습니다.",
		phDutiesShared:  "약속드린 대로 수입 관세(총 {{.Total}})는 나누어 부담합니다. 저희 부담분은 {{.Share}}, 고객님 부담분은 {{.Rest}}입니다.",
		phRedelivery:    "확인해 주신 주소를 배송업체에 전달하고 재배송을 요청했습니다{{with .Address}}(배송지: {{.}}){{end}}.",
		phPickup:        "소포를 픽업 장소에서 찾아가실 수 있도록 준비했습니다{{with .Address}}(픽업 장소: {{.}}){{end}}.",
		phClaim:         "배송업체에 배상을 청구했으며{{with .Reference}}(접수 번호: {{.}}){{end}}, 답변을 받는 대로 알려 드리겠습니다.",
		phResendItems:   "누락된 상품을 보내 드리겠습니다.",
		phResendReplace: "교환품을 보내 드리겠습니다.",
		phResendLater:   "소포가 저희에게 돌아오는 대로 주문하신 상품을 다시 보내 드리겠습니다.",
		phResendNow:     "주문하신 상품을 다시 보내 드리겠습니다.",
		phReturn:        "소포를 저희에게 반송하도록 조치했습니다.",
		phNone:          "소포를 무사히 받으셨다니 다행입니다.",
	}, documents: []string{"상업 송장", "포장 명세서", "HS 코드", "각종 인증서"}, and: "및", sentence: " "},

	"uk": {phrases: map[string]string{
		phNewETA:        "Тепер ми очікуємо, що посилку буде доставлено не пізніше {{.Date}}.",
		phReissue:       "Ми надіслали Вам нову посилку{{with .Carrier}} через {{.}}{{end}}, трек-номер {{.TrackingNo}}.{{with .URL}} Відстежити її можна тут: {{.}}{{end}}",
		phRefundFull:    "Ми повертаємо Вам повну вартість замовлення: {{.Amount}}.",
		phRefundPartial: "Ми повертаємо Вам частину вартості замовлення: {{.Amount}}.",
		phCustomsDocs:   "Ми надали митниці необхідні документи: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Ввізне мито ({{.Total}}) сплачуєте Ви.{{else}}Ввізне мито, якщо його буде нараховано, сплачуєте Ви.{{end}}",
		phDutiesSeller:  "Ввізне мито{{with .Total}} ({{.}}){{end}} сплачуємо ми, тож Вам нічого платити не потрібно.",
		phDutiesShared:  "Як ми домовилися, ввізне мито в розмірі {{.Total}} ми ділимо з Вами: ми сплачуємо {{.Share}}, а на Вашу частку припадає {{.Rest}}.",
		phRedelivery:    "Ми передали службі доставки Вашу підтверджену адресу і замовили повторну доставку{{with .Address}} за адресою: {{.}}{{end}}.",
		phPickup:        "Ми домовилися, що Ви зможете забрати посилку в пункті видачі{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Ми подали претензію до служби доставки{{with .Reference}} (номер {{.}}){{end}} і повідомимо Вас, щойно отримаємо відповідь.",
		phResendItems:   "Ми надсилаємо Вам відсутні товари.",
		phResendReplace: "Ми надсилаємо Вам заміну.",
		phResendLater:   "Щойно посилка повернеться до нас, ми надішлемо Вам замовлення повторно.",
		phResendNow:     "Ми надсилаємо Вам замовлення повторно.",
		phReturn:        "Ми домовилися про повернення посилки до нас.",
		phNone:          "Ми раді, що посилка до Вас дійшла.",
	}, documents: []string{"комерційний інвойс", "пакувальний лист", "код УКТ ЗЕД", "сертифікати"}, and: "і", sentence: " "},

	"cs": {phrases: map[string]string{
		phNewETA:        "Nyní očekáváme, že Vaše zásilka dorazí nejpozději {{.Date}}.",
		phReissue:       "Poslali jsme Vám novou zásilku{{with .Carrier}} přes {{.}}{{end}}, sledovací číslo {{.TrackingNo}}.{{with .URL}} Sledovat ji můžete zde: {{.}}{{end}}",
		phRefundFull:    "Vracíme Vám plnou částku objednávky: {{.Amount}}.",
		phRefundPartial: "Vracíme Vám část ceny ve výši {{.Amount}}.",
		phCustomsDocs:   "Celnici jsme poskytli potřebné doklady: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Dovozní clo ve výši {{.Total}} hradíte Vy.{{else}}Případné dovozní clo hradíte Vy.{{end}}",
		phDutiesSeller:  "Dovozní clo{{with .Total}} ({{.}}){{end}} uhradíme my, takže nemusíte nic platit.",
		phDutiesShared:  "Jak jsme se domluvili, dovozní clo ve výši {{.Total}} si s Vámi rozdělíme: my uhradíme {{.Share}} a na Vás zbývá {{.Rest}}.",
		phRedelivery:    "Předali jsme dopravci Vaši potvrzenou adresu a požádali o nové doručení{{with .Address}} na adresu: {{.}}{{end}}.",
		phPickup:        "Zajistili jsme, abyste si zásilku mohli vyzvednout na výdejním místě{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "U dopravce jsme podali reklamaci{{with .Reference}} (číslo {{.}}){{end}} a dáme Vám vědět, jakmile odpoví.",
		phResendItems:   "Posíláme Vám chybějící zboží.",
		phResendReplace: "Posíláme Vám náhradní zboží.",
		phResendLater:   "Jakmile se zásilka vrátí k nám, pošleme Vám objednávku znovu.",
		phResendNow:     "Posíláme Vám objednávku znovu.",
		phReturn:        "Zajistili jsme vrácení zásilky zpět k nám.",
		phNone:          "Jsme rádi, že Vám zásilka dorazila.",
	}, documents: []string{"obchodní faktura", "balicí list", "kód HS", "certifikáty"}, and: "a", sentence: " "},

	"sv": {phrases: map[string]string{
		phNewETA:        "Vi räknar nu med att ditt paket kommer fram senast {{.Date}}.",
		phReissue:       "Vi har skickat ett nytt paket till dig{{with .Carrier}} med {{.}}{{end}}, spårningsnummer {{.TrackingNo}}.{{with .URL}} Du kan följa det här: {{.}}{{end}}",
		phRefundFull:    "Vi betalar tillbaka hela beloppet för din beställning: {{.Amount}}.",
		phRefundPartial: "Vi betalar tillbaka en del av beloppet: {{.Amount}}.",
		phCustomsDocs:   "Vi har lämnat de handlingar tullen behöver: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Importavgifterna på {{.Total}} betalas av dig.{{else}}Eventuella importavgifter betalas av dig.{{end}}",
		phDutiesSeller:  "Vi betalar importavgifterna{{with .Total}} ({{.}}){{end}}, så du behöver inte betala något.",
		phDutiesShared:  "Som vi kom överens om delar vi på importavgifterna på {{.Total}}: vi betalar {{.Share}}, och {{.Rest}} återstår för dig att betala.",
		phRedelivery:    "Vi har lämnat din bekräftade adress till transportören och begärt en ny leverans{{with .Address}} till: {{.}}{{end}}.",
		phPickup:        "Vi har ordnat så att du kan hämta ditt paket hos ett ombud{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Vi har gjort en reklamation hos transportören{{with .Reference}} (referens {{.}}){{end}} och hör av oss så snart de svarar.",
		phResendItems:   "Vi skickar de saknade varorna till dig.",
		phResendReplace: "Vi skickar en ersättningsvara till dig.",
		phResendLater:   "Så snart paketet är tillbaka hos oss skickar vi din beställning igen.",
		phResendNow:     "Vi skickar din beställning till dig igen.",
		phReturn:        "Vi har ordnat så att paketet skickas tillbaka till oss.",
		phNone:          "Vad roligt att ditt paket har kommit fram.",
	}, documents: []string{"handelsfaktura", "packlista", "HS-nummer", "certifikat"}, and: "och", sentence: " "},

	"ro": {phrases: map[string]string{
		phNewETA:        "Acum estimăm că veți primi coletul cel târziu pe {{.Date}}.",
		phReissue:       "V-am trimis un colet nou{{with .Carrier}} prin {{.}}{{end}}, cu numărul de urmărire {{.TrackingNo}}.{{with .URL}} Îl puteți urmări aici: {{.}}{{end}}",
		phRefundFull:    "Vă rambursăm integral valoarea comenzii: {{.Amount}}.",
		phRefundPartial: "Vă rambursăm parțial suma de {{.Amount}}.",
		phCustomsDocs:   "Am pus la dispoziția vămii documentele necesare: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Taxele de import, în valoare de {{.Total}}, sunt{{else}}Eventualele taxe de import sunt{{end}} în sarcina dumneavoastră.",
		phDutiesSeller:  "Plătim noi taxele de import{{with .Total}} ({{.}}){{end}}, așa că nu trebuie să plătiți nimic.",
		phDutiesShared:  "Așa cum am convenit, împărțim cu dumneavoastră taxele de import de {{.Total}}: noi plătim {{.Share}}, iar dumneavoastră vă rămâne de plătit {{.Rest}}.",
		phRedelivery:    "Am transmis curierului adresa confirmată de dumneavoastră și am solicitat o nouă livrare{{with .Address}} la: {{.}}{{end}}.",
		phPickup:        "Am aranjat să vă puteți ridica coletul de la un punct de colectare{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Am depus o reclamație la curier{{with .Reference}} (referința {{.}}){{end}} și vă anunțăm imediat ce primim răspunsul.",
		phResendItems:   "Vă trimitem produsele lipsă.",
		phResendReplace: "Vă trimitem un produs de înlocuire.",
		phResendLater:   "Imediat ce coletul ajunge înapoi la noi, vă retrimitem comanda.",
		phResendNow:     "Vă retrimitem comanda.",
		phReturn:        "Am aranjat returnarea coletului către noi.",
		phNone:          "Ne bucurăm că ați primit coletul.",
	}, documents: []string{"factura comercială", "lista de colisaj", "codul HS", "certificatele"}, and: "și", sentence: " "},

	"hu": {phrases: map[string]string{
		phNewETA:        "Csomagja most várhatóan legkésőbb {{.Date}} napjáig megérkezik.",
		phReissue:       "Új csomagot küldtünk Önnek{{with .Carrier}} ({{.}}){{end}}, nyomkövetési szám: {{.TrackingNo}}.{{with .URL}} Itt követheti nyomon: {{.}}{{end}}",
		phRefundFull:    "Visszatérítjük rendelése teljes árát: {{.Amount}}.",
		phRefundPartial: "Részleges visszatérítést adunk Önnek, összege: {{.Amount}}.",
		phCustomsDocs:   "Átadtuk a vámhatóságnak a szükséges dokumentumokat: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Az importvámot ({{.Total}}) Ön fizeti.{{else}}Az esetleges importvámot Ön fizeti.{{end}}",
		phDutiesSeller:  "Az importvámot{{with .Total}} ({{.}}){{end}} mi fizetjük, így Önnek semmit sem kell fizetnie.",
		phDutiesShared:  "A megállapodás szerint megosztjuk Önnel az importvámot (összesen {{.Total}}): {{.Share}} összeget mi fizetünk, Önre {{.Rest}} marad.",
		phRedelivery:    "Továbbítottuk a futárszolgálatnak az Ön által megerősített címet, és újbóli kézbesítést kértünk{{with .Address}} erre a címre: {{.}}{{end}}.",
		phPickup:        "Intézkedtünk, hogy csomagját egy csomagponton vehesse át{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Kárigényt nyújtottunk be a futárszolgálatnál{{with .Reference}} (hivatkozási szám: {{.}}){{end}}, és amint válaszolnak, értesítjük.",
		phResendItems:   "Elküldjük Önnek a hiányzó termékeket.",
		phResendReplace: "Küldünk Önnek egy csereterméket.",
		phResendLater:   "Amint a csomag visszaér hozzánk, újra elküldjük Önnek a rendelését.",
		phResendNow:     "Újra elküldjük Önnek a rendelését.",
		phReturn:        "Intézkedtünk, hogy a csomag visszakerüljön hozzánk.",
		phNone:          "Örülünk, hogy csomagja megérkezett.",
	}, documents: []string{"kereskedelmi számla", "csomagjegyzék", "HS-kód", "tanúsítványok"}, and: "és", sentence: " "},

	"el": {phrases: map[string]string{
		phNewETA:        "Πλέον αναμένουμε ότι το δέμα σας θα φτάσει έως τις {{.Date}}.",
		phReissue:       "Σας στείλαμε ένα νέο δέμα{{with .Carrier}} μέσω {{.}}{{end}}, με αριθμό αποστολής {{.TrackingNo}}.{{with .URL}} Μπορείτε να το παρακολουθήσετε εδώ: {{.}}{{end}}",
		phRefundFull:    "Σας επιστρέφουμε ολόκληρο το ποσό της παραγγελίας σας: {{.Amount}}.",
		phRefundPartial: "Σας επιστρέφουμε μέρος του ποσού: {{.Amount}}.",
		phCustomsDocs:   "Προσκομίσαμε στο τελωνείο τα απαραίτητα έγγραφα: {{.Documents}}.",
		phDutiesBuyer:   "{{if .Total}}Οι δασμοί εισαγωγής, ύψους {{.Total}}, βαρύνουν{{else}}Τυχόν δασμοί εισαγωγής βαρύνουν{{end}} εσάς.",
		phDutiesSeller:  "Αναλαμβάνουμε εμείς τους δασμούς εισαγωγής{{with .Total}} ({{.}}){{end}}, οπότε δεν χρειάζεται να πληρώσετε τίποτα.",
		phDutiesShared:  "Όπως συμφωνήσαμε, μοιραζόμαστε μαζί σας τους δασμούς εισαγωγής ύψους {{.Total}}: εμείς πληρώνουμε {{.Share}} και απομένουν {{.Rest}} για εσάς.",
		phRedelivery:    "Δώσαμε στην εταιρεία μεταφοράς τη διεύθυνση που επιβεβαιώσατε και ζητήσαμε νέα παράδοση{{with .Address}} στη διεύθυνση: {{.}}{{end}}.",
		phPickup:        "Κανονίσαμε να παραλάβετε το δέμα σας από σημείο παραλαβής{{with .Address}}: {{.}}{{end}}.",
		phClaim:         "Υποβάλαμε αίτημα αποζημίωσης στην εταιρεία μεταφοράς{{with .Reference}} (αριθμός αναφοράς {{.}}){{end}} και θα σας ενημερώσουμε μόλις απαντήσει.",
		phResendItems:   "Σας στέλνουμε τα προϊόντα που έλειπαν.",
		phResendReplace: "Σας στέλνουμε ένα προϊόν αντικατάστασης.",
		phResendLater:   "Μόλις το δέμα επιστρέψει σε εμάς, θα σας στείλουμε ξανά την παραγγελία σας.",
		phResendNow:     "Σας στέλνουμε ξανά την παραγγελία σας.",
		phReturn:        "Κανονίσαμε την επιστροφή του δέματος σε εμάς.",
		phNone:          "Χαιρόμαστε που το δέμα σας έφτασε.",
	}, documents: []string{"εμπορικό τιμολόγιο", "λίστα συσκευασίας", "κωδικός HS", "πιστοποιητικά"}, and: "και", sentence: " "},
}

// phraseTemplates are the phrasebooks parsed, by language and key: on
// first use, not at init, since every run of the program (a `waybill
// version`, each of the tests' thousands) paid the 6 ms and 1.3 MB.
var phraseTemplates = sync.OnceValue(func() map[string]map[string]*template.Template {
	parsed := map[string]map[string]*template.Template{}
	for lang, pb := range phrasebooks {
		parsed[lang] = map[string]*template.Template{}
		for k, text := range pb.phrases {
			parsed[lang][k] = template.Must(template.New(lang + "." + k).Option("missingkey=error").Parse(text))
		}
	}
	return parsed
})

// book is the phrasebook of lang, English for a language without one.
func book(lang string) (string, phrasebook) {
	if pb, ok := phrasebooks[lang]; ok {
		return lang, pb
	}
	return DefaultLanguage, phrasebooks[DefaultLanguage]
}

// phrase fills the sentence key in lang.
func phrase(lang, key string, d phraseData) string {
	lang, _ = book(lang)
	var sb strings.Builder
	if err := phraseTemplates()[lang][key].Execute(&sb, d); err != nil {
		// The phrasebooks are tested to fill from phraseData; this is a bug.
		panic(fmt.Sprintf("templates: phrase %s.%s: %v", lang, key, err))
	}
	return sb.String()
}

// documentList names the customs documents in lang, joined as a list ("a, b
// and c"); a document not among tracker.CustomsDocuments keeps its own name.
func documentList(docs []string, known []string, lang string) string {
	_, pb := book(lang)
	names := make([]string, 0, len(docs))
	for _, d := range docs {
		if i := slices.Index(known, d); i >= 0 && i < len(pb.documents) {
			d = pb.documents[i]
		}
		if d = strings.TrimSpace(d); d != "" {
			names = append(names, d)
		}
	}
	comma, and := ", ", " "+pb.and+" "
	if pb.comma != "" {
		comma = pb.comma
	}
	if pb.last != "" {
		and = pb.last
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], comma) + and + names[len(names)-1]
}

// sentences joins sentences the way lang does.
func sentences(lang string, ss ...string) string {
	_, pb := book(lang)
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, pb.sentence)
}
