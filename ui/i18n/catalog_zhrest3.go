package i18n

// zhrest3Messages are what issue 26 left in English after catalog_zhrest2.
func zhrest3Messages() []msg {
	return []msg{
		// The detector's notes on a valid S10 number (tracker/number's
		// NoteS10…): the service in its words, the post's name as it is
		// (a carrier's name), the country in the reader's language; and
		// on a USPS number behind a routing prefix: the ZIP code and the
		// number as they are.
		e("%s, issued by %s (%s).", "%s，由 %s（%s）签发。"),
		e("%s, issued by the national post of %s.", "%s，由%s国家邮政签发。"),
		e("%s U… items are not tracked end to end: expect an acceptance scan and perhaps an arrival scan, not delivery.",
			"%sU… 类邮件不提供全程跟踪：通常只有收寄扫描，或许还有到达扫描，没有签收记录。"),
		e("UPU S10 item for domestic or bilateral service (%s)", "UPU S10 国内或双边业务邮件（%s）"),
		e("UPU S10 item with a service indicator (%s) the UPU has not assigned", "UPU S10 邮件，业务标识（%s）未经 UPU 分配"),
		e("USPS barcode with the routing prefix 420 + ZIP %s; track it as %s.", "带路由前缀 420 + 邮编 %s 的 USPS 条码；请按 %s 跟踪。"),
		e("UPU S10 parcel post item (C…)", "UPU S10 包裹（C…）"),
		e("UPU S10 EMS express item (E…)", "UPU S10 EMS 特快专递（E…）"),
		e("UPU S10 e-commerce parcel (H…)", "UPU S10 电商包裹（H…）"),
		e("UPU S10 letter post express item / tracked packet (L…)", "UPU S10 函件快递 / 可跟踪小包（L…）"),
		e("UPU S10 M-bag of printed matter (M…)", "UPU S10 印刷品专袋（M…）"),
		e("UPU S10 International Business Reply item (Q…)", "UPU S10 国际商业回函（Q…）"),
		e("UPU S10 registered letter post item (R…)", "UPU S10 挂号函件（R…）"),
		e("UPU S10 untracked letter post item (U…)", "UPU S10 无跟踪函件（U…）"),
		e("UPU S10 insured letter post item (V…)", "UPU S10 保价函件（V…）"),
		// Why a tracking service is paused or stopped (tracker.Reason…):
		// the carrier's error in it is the service's own text (its slug,
		// its fail kind, its HTTP status and its body), kept verbatim; a
		// count and a reset time are values.
		e("key rejected: %s", "密钥被拒绝：%s"),
		e("redirected to another host, key withheld: %s", "被重定向到其他主机，未发送密钥：%s"),
		e("no trusted TLS connection: %s", "无法建立可信的 TLS 连接：%s"),
		e("circuit open after %d failed calls: %s", "连续 %d 次调用失败，已暂停调用：%s"),
		e("quota used up", "额度已用完"),
		e("rate limited", "调用过于频繁，已限流"),
		e("daily quota used up, resets 00:00 GMT", "今日额度已用完，GMT 00:00 重置"),
		e("plan's request limit used up, resets %s", "套餐请求额度已用完，%s 重置"),
	}
}
