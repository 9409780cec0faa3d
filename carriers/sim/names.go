package sim

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// A name pool holds buyers' given names (male and female) and family names
// for one language. An entry is "native|Latin" when the native script is not
// Latin, or just the name when it is; a family name may be "masculine/feminine"
// (Петров/Петрова, Novák/Nováková, Kowalski/Kowalska).
type namePool struct {
	male, female, family []string
	// native is the share of buyers who write their name in the native
	// script; the rest type the Latin transliteration.
	native float64
	// order is how a native-script name is written: "fl" first name first,
	// "lf" family name first, "lf0" family first without a space.
	order string
}

var namePools = map[string]namePool{
	"en": {
		male:   strings.Fields("James John Michael David Robert William Daniel Matthew Christopher Joshua Ryan Thomas"),
		female: strings.Fields("Mary Jennifer Sarah Jessica Emily Ashley Olivia Emma Hannah Rebecca Laura Megan"),
		family: strings.Fields("Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin Thompson White Clark Walker O'Brien Murphy Hughes"),
		native: 1, order: "fl",
	},
	"ru": {
		male:   strings.Fields("Александр|Aleksandr Дмитрий|Dmitry Сергей|Sergey Андрей|Andrey Алексей|Alexey Иван|Ivan Максим|Maxim Михаил|Mikhail Никита|Nikita Артём|Artyom Евгений|Evgeny Владимир|Vladimir"),
		female: strings.Fields("Анна|Anna Елена|Elena Ольга|Olga Наталья|Natalia Екатерина|Ekaterina Мария|Maria Татьяна|Tatiana Ирина|Irina Светлана|Svetlana Юлия|Yulia Анастасия|Anastasia Дарья|Darya"),
		family: strings.Fields("Иванов/Иванова|Ivanov/Ivanova Смирнов/Смирнова|Smirnov/Smirnova Кузнецов/Кузнецова|Kuznetsov/Kuznetsova Попов/Попова|Popov/Popova Васильев/Васильева|Vasiliev/Vasilieva Петров/Петрова|Petrov/Petrova Соколов/Соколова|Sokolov/Sokolova Михайлов/Михайлова|Mikhailov/Mikhailova Новиков/Новикова|Novikov/Novikova Фёдоров/Фёдорова|Fedorov/Fedorova Морозов/Морозова|Morozov/Morozova Волков/Волкова|Volkov/Volkova Лебедев/Лебедева|Lebedev/Lebedeva Козлов/Козлова|Kozlov/Kozlova Никитин/Никитина|Nikitin/Nikitina Зайцев/Зайцева|Zaitsev/Zaitseva Павлов/Павлова|Pavlov/Pavlova Ковальский/Ковальская|Kovalsky/Kovalskaya"),
		native: 0.6, order: "fl",
	},
	"uk": {
		male:   strings.Fields("Олександр|Oleksandr Андрій|Andriy Сергій|Serhiy Дмитро|Dmytro Володимир|Volodymyr Максим|Maksym Іван|Ivan Богдан|Bohdan Тарас|Taras Юрій|Yuriy"),
		female: strings.Fields("Олена|Olena Наталія|Nataliia Оксана|Oksana Тетяна|Tetiana Ірина|Iryna Юлія|Yuliia Марія|Mariia Анна|Anna Світлана|Svitlana Катерина|Kateryna"),
		family: strings.Fields("Шевченко|Shevchenko Коваленко|Kovalenko Бондаренко|Bondarenko Ткаченко|Tkachenko Кравченко|Kravchenko Олійник|Oliinyk Шевчук|Shevchuk Поліщук|Polishchuk Лисенко|Lysenko Мельник|Melnyk Бойко|Boiko Савченко|Savchenko Руденко|Rudenko Марченко|Marchenko"),
		native: 0.5, order: "fl",
	},
	"kk": {
		male:   strings.Fields("Нурлан|Nurlan Ерлан|Yerlan Асхат|Askhat Данияр|Daniyar Арман|Arman Бауыржан|Baurzhan Айдос|Aidos Ержан|Yerzhan"),
		female: strings.Fields("Айгерим|Aigerim Динара|Dinara Гульнара|Gulnara Асель|Assel Жанар|Zhanar Айжан|Aizhan Мадина|Madina Салтанат|Saltanat"),
		family: strings.Fields("Нурланов/Нурланова|Nurlanov/Nurlanova Ахметов/Ахметова|Akhmetov/Akhmetova Сулейменов/Сулейменова|Suleimenov/Suleimenova Жумабаев/Жумабаева|Zhumabayev/Zhumabayeva Касымов/Касымова|Kassymov/Kassymova Абенов/Абенова|Abenov/Abenova Омаров/Омарова|Omarov/Omarova Искаков/Искакова|Iskakov/Iskakova"),
		native: 0.5, order: "fl",
	},
	"pt": {
		male:   strings.Fields("João José Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Gabriel Rafael Thiago Gonçalo"),
		female: strings.Fields("Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Letícia Beatriz Conceição Inês"),
		family: strings.Fields("Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Ribeiro Carvalho Araújo Magalhães Gonçalves Simões Brandão Conceição"),
		native: 1, order: "fl",
	},
	"es": {
		male:   strings.Fields("José Antonio Juan Manuel Francisco David Javier Daniel Carlos Alejandro Miguel Jesús Sergio Pablo"),
		female: strings.Fields("María Carmen Ana Laura Isabel Lucía Marta Cristina Paula Elena Sofía Valentina Camila"),
		family: strings.Fields("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Núñez Castillo Rojas"),
		native: 1, order: "fl",
	},
	"fr": {
		male:   strings.Fields("Jean Pierre Nicolas Julien Thomas François Mathieu Antoine Hugo Lucas Louis Jérôme Sébastien"),
		female: strings.Fields("Marie Camille Léa Chloé Manon Julie Sophie Céline Hélène Élodie Amélie Inès Nathalie"),
		family: strings.Fields("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Fournier Girard Bonnet Rousseau Benoît Tremblay"),
		native: 1, order: "fl",
	},
	"de": {
		male:   strings.Fields("Lukas Jonas Leon Felix Maximilian Paul Thomas Michael Stefan Jürgen Andreas Tobias Sebastian"),
		female: strings.Fields("Anna Laura Julia Lena Sarah Katharina Lea Hannah Sabine Petra Jana Ursula Birgit Mia"),
		family: strings.Fields("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Zimmermann Krüger Groß"),
		native: 1, order: "fl",
	},
	"it": {
		male:   strings.Fields("Marco Alessandro Giuseppe Francesco Luca Andrea Matteo Lorenzo Davide Simone Nicolò Giovanni"),
		female: strings.Fields("Giulia Francesca Chiara Sara Martina Valentina Alessia Elena Federica Silvia Paola Giorgia"),
		family: strings.Fields("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Mancini Costa Giordano Rizzo Lombardi Moretti"),
		native: 1, order: "fl",
	},
	"nl": {
		male:   strings.Fields("Jan Daan Sem Lucas Pieter Bram Thijs Ruben Jeroen Sander Niels Joost"),
		female: strings.Fields("Emma Sophie Julia Anna Lotte Fleur Sanne Anouk Femke Eva Iris Marieke"),
		family: strings.Split("de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,de Boer,Mulder,de Groot,Bos,Vos,Peeters,Hendriks,van Leeuwen", ","),
		native: 1, order: "fl",
	},
	"pl": {
		male:   strings.Fields("Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Jakub Łukasz Kamil Mateusz Grzegorz Wojciech"),
		female: strings.Fields("Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Magdalena Joanna Aleksandra Zofia Natalia"),
		family: strings.Fields("Nowak Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kowalczyk Kamiński/Kamińska Lewandowski/Lewandowska Zieliński/Zielińska Szymański/Szymańska Woźniak Dąbrowski/Dąbrowska Kozłowski/Kozłowska Jankowski/Jankowska Mazur Kwiatkowski/Kwiatkowska Krawczyk Piotrowski/Piotrowska Grabowski/Grabowska"),
		native: 1, order: "fl",
	},
	"cs": {
		male:   strings.Fields("Jan Jiří Petr Josef Pavel Martin Tomáš Jaroslav Miroslav Lukáš Jakub Ondřej"),
		female: strings.Fields("Jana Marie Eva Hana Anna Lenka Kateřina Lucie Věra Alena Petra Tereza"),
		family: strings.Fields("Novák/Nováková Svoboda/Svobodová Novotný/Novotná Dvořák/Dvořáková Černý/Černá Procházka/Procházková Kučera/Kučerová Veselý/Veselá Horák/Horáková Němec/Němcová Pokorný/Pokorná Marek/Marková Pospíšil/Pospíšilová Hájek/Hájková Král/Králová Jelínek/Jelínková"),
		native: 1, order: "fl",
	},
	"sv": {
		male:   strings.Fields("Erik Lars Karl Anders Johan Per Nils Mikael Oskar Gustav Björn Åke"),
		female: strings.Fields("Maria Anna Eva Karin Kristina Lena Sara Emma Ingrid Elin Åsa Linnéa"),
		family: strings.Fields("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Lindberg Lindqvist Öberg Bergström Sjöberg Åberg"),
		native: 1, order: "fl",
	},
	"tr": {
		male:   strings.Fields("Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Burak Yusuf Ömer"),
		female: strings.Fields("Fatma Ayşe Emine Hatice Zeynep Elif Merve Büşra Esra Özlem Derya Şule"),
		family: strings.Fields("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara"),
		native: 1, order: "fl",
	},
	"he": {
		male:   strings.Fields("נועם|Noam דוד|David יוסף|Yosef אריאל|Ariel איתי|Itai משה|Moshe אורי|Uri דניאל|Daniel יונתן|Yonatan אבי|Avi"),
		female: strings.Fields("נועה|Noa תמר|Tamar מיכל|Michal שירה|Shira יעל|Yael רחל|Rachel מאיה|Maya אביגיל|Avigail שרה|Sarah הילה|Hila"),
		family: strings.Fields("כהן|Cohen לוי|Levi מזרחי|Mizrahi פרץ|Peretz ביטון|Biton דהן|Dahan אברהם|Avraham פרידמן|Friedman מלכה|Malka אזולאי|Azoulay כץ|Katz שפירא|Shapira"),
		native: 0.3, order: "fl",
	},
	"ar": {
		male:   strings.Fields("محمد|Mohammed أحمد|Ahmed عبدالله|Abdullah خالد|Khalid فهد|Fahad سعود|Saud عمر|Omar يوسف|Yousef سلطان|Sultan فيصل|Faisal ناصر|Nasser علي|Ali"),
		female: strings.Fields("فاطمة|Fatimah نورة|Noura سارة|Sarah مريم|Maryam عائشة|Aisha ريم|Reem هند|Hind لطيفة|Latifa منى|Mona أمل|Amal"),
		family: strings.Fields("القحطاني|Al-Qahtani الغامدي|Al-Ghamdi العتيبي|Al-Otaibi الشمري|Al-Shammari الحربي|Al-Harbi الدوسري|Al-Dosari الزهراني|Al-Zahrani المطيري|Al-Mutairi المنصوري|Al-Mansoori الكعبي|Al-Kaabi الهاشمي|Al-Hashimi النعيمي|Al-Nuaimi"),
		native: 0.2, order: "fl",
	},
	"ko": {
		male:   strings.Fields("민준|Min-jun 서준|Seo-jun 도윤|Do-yun 지훈|Ji-hoon 현우|Hyun-woo 성민|Sung-min 준호|Jun-ho 동현|Dong-hyun 영호|Young-ho"),
		female: strings.Fields("서연|Seo-yeon 지우|Ji-woo 하은|Ha-eun 민지|Min-ji 수빈|Su-bin 지현|Ji-hyun 유진|Yu-jin 은지|Eun-ji 혜진|Hye-jin"),
		family: strings.Fields("김|Kim 이|Lee 박|Park 최|Choi 정|Jung 강|Kang 조|Cho 윤|Yoon 장|Jang 임|Lim 한|Han 오|Oh"),
		native: 0.6, order: "lf0",
	},
	"ja": {
		male:   strings.Fields("翔太|Shota 大輝|Daiki 拓海|Takumi 陽翔|Haruto 健太|Kenta 大翔|Hiroto 蓮|Ren 悠斗|Yuto 直樹|Naoki 誠|Makoto"),
		female: strings.Fields("陽菜|Hina 結衣|Yui 美咲|Misaki さくら|Sakura 葵|Aoi 愛|Ai 優花|Yuka 彩|Aya 真由美|Mayumi 美穂|Miho"),
		family: strings.Fields("佐藤|Sato 鈴木|Suzuki 高橋|Takahashi 田中|Tanaka 伊藤|Ito 渡辺|Watanabe 山本|Yamamoto 中村|Nakamura 小林|Kobayashi 加藤|Kato 吉田|Yoshida 山田|Yamada"),
		native: 0.5, order: "lf",
	},
}

// person is a generated buyer: the name as they typed it and the ASCII
// pieces their email address is made of.
type person struct {
	name        string
	first, last string // lower-case ASCII
}

// pickPerson draws a buyer from a language's pool.
func pickPerson(r *rand.Rand, lang string) person {
	pool := namePools[lang]
	female := r.IntN(2) == 0
	firsts := pool.male
	if female {
		firsts = pool.female
	}
	fNative, fLatin := splitName(firsts[r.IntN(len(firsts))], female)
	lNative, lLatin := splitName(pool.family[r.IntN(len(pool.family))], female)
	p := person{first: emailPart(fLatin), last: emailPart(lLatin)}
	switch {
	case r.Float64() >= pool.native:
		p.name = fLatin + " " + lLatin
	case pool.order == "lf0":
		p.name = lNative + fNative
	case pool.order == "lf":
		p.name = lNative + " " + fNative
	default:
		p.name = fNative + " " + lNative
	}
	return p
}

// splitName turns a pool entry into its native and Latin forms, picking the
// feminine family name when there is one.
func splitName(entry string, female bool) (native, latin string) {
	native, latin, ok := strings.Cut(entry, "|")
	if !ok {
		latin = native
	}
	return gendered(native, female), gendered(latin, female)
}

func gendered(s string, female bool) string {
	m, f, ok := strings.Cut(s, "/")
	if ok && female {
		return f
	}
	return m
}

// emailPart folds a Latin name to lower-case ASCII letters for an address.
func emailPart(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := fold[r]; ok {
			b.WriteString(f)
			continue
		}
		r = unicode.ToLower(r)
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fold maps the accented letters of the Latin-script pools to ASCII.
var fold = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ı': "i", 'İ': "i", 'ł': "l", 'Ł': "l", 'ø': "o"}
	groups := map[string]string{
		"a": "áàâãäåąÁÀÂÃÄÅĄ", "c": "çćčÇĆČ", "d": "ďĎ", "e": "éèêëęěÉÈÊËĘĚ",
		"g": "ğĞ", "i": "íìîïÍÌÎÏ", "n": "ñńňÑŃŇ", "o": "óòôõöÓÒÔÕÖ",
		"r": "řŘ", "s": "śšşŚŠŞ", "t": "ťŤ", "u": "úùûüůÚÙÛÜŮ", "y": "ýÿÝ", "z": "źżžŹŻŽ",
	}
	for ascii, letters := range groups {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()
