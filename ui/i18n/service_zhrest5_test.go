package i18n

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"waybill/tracker"
)

// A tracking service's failure, live (a CarrierError inside another
// error) and as stored text (a parcel's check error, a refresh's reason, a
// quota's read): the frame, the kind, the wait and our causes in Chinese;
// the service's slug, its status and its own words as they are. English
// is the error's text, byte for byte.
func TestServiceErrorsInChinese(t *testing.T) {
	body := `"{\"code\":401,\"message\":\"bad key\"}"`
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"auth with a call", &tracker.CarrierError{Service: "17track", Kind: tracker.FailAuth, Status: 401,
			Err: fmt.Errorf("%s: %w", fmt.Sprintf(tracker.CarrierCallNumbers, "register", 3), errors.New(body))},
			"17track：密钥或权限被拒（HTTP 401）：register（3 个单号）：" + body},
		{"rate limited with a wait", &tracker.CarrierError{Service: "17track", Kind: tracker.FailRateLimited, Status: 429, RetryAfter: 2*time.Minute + 400*time.Millisecond,
			Err: errors.New("slow down")}, "17track：调用过于频繁（HTTP 429），2分钟后重试：slow down"},
		{"a wait of seconds", &tracker.CarrierError{Service: "aliexpress", Kind: tracker.FailRateLimited, RetryAfter: time.Second},
			"aliexpress：调用过于频繁，1秒后重试"},
		{"server", &tracker.CarrierError{Service: "ship24", Kind: tracker.FailServer, Status: 502}, "ship24：服务端出错（HTTP 502）"},
		{"refused connection", &tracker.CarrierError{Service: "dhl", Kind: tracker.FailConnect, Err: fmt.Errorf(tracker.CarrierRefused, "127.0.0.1:9")},
			"dhl：连接失败：127.0.0.1:9 拒绝连接"},
		{"no answer", &tracker.CarrierError{Service: "dhl", Kind: tracker.FailTimeout, Err: fmt.Errorf(tracker.CarrierNoAnswer, 20*time.Second)},
			"dhl：超时：20秒内无应答"},
		{"DNS silent", &tracker.CarrierError{Service: "dhl", Kind: tracker.FailConnect, Err: fmt.Errorf(tracker.CarrierCannotResolve, "api.dhl.com", tracker.CarrierDNSSilent)},
			"dhl：连接失败：无法解析 api.dhl.com（DNS：DNS 服务器无应答）"},
		{"inside a frame", fmt.Errorf("refresh #4: %w", &tracker.CarrierError{Service: "17track", Kind: tracker.FailQuota, Status: 402}),
			"refresh #4: 17track：额度已用完（HTTP 402）"},
		{"shopify's advice", &tracker.CarrierError{Service: "shopify", Kind: tracker.FailAuth, Status: 401, Err: fmt.Errorf(tracker.MarketCheckShopify, errors.New(`"nope"`))},
			`shopify：密钥或权限被拒（HTTP 401）："nope"：请检查 [marketplaces.shopify] 中的 access_token_env（或 access_token）和 shop`},
		{"aliexpress's list", &tracker.CarrierError{Service: "aliexpress", Kind: tracker.FailRequest, Err: fmt.Errorf(tracker.MarketListRefused, "dispute", "E1 no")},
			"aliexpress：请求被拒：纠纷列表请求被拒：E1 no"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(Zh).Err(tt.err); got != tt.want {
				t.Errorf("live: Chinese %q, want %q", got, tt.want)
			}
			if got := New(En).Err(tt.err); got != tt.err.Error() {
				t.Errorf("live: English %q, want %q", got, tt.err.Error())
			}
			// As the store keeps it (a parcel's check error), and inside a
			// pause's reason.
			text := tt.err.Error()
			if errors.As(tt.err, new(*tracker.CarrierError)) && errors.Unwrap(tt.err) == nil {
				if got := New(Zh).ServiceError(text); got != tt.want {
					t.Errorf("stored: Chinese %q, want %q", got, tt.want)
				}
				if got := New(En).ServiceError(text); got != text {
					t.Errorf("stored: English %q", got)
				}
				reason := fmt.Sprintf(tracker.ReasonBreaker, 5, text)
				if got, want := New(Zh).HealthReason(reason), "连续 5 次调用失败，已暂停调用："+tt.want; got != want {
					t.Errorf("reason: Chinese %q, want %q", got, want)
				}
			}
		})
	}
}

// AliExpress's own steps, live: a token file the OS refused (its words as
// said) inside the exchange of a code, said by Printer.Err as `connect`
// says it.
func TestAliExpressStepsInChinese(t *testing.T) {
	err := tracker.Wrapf(tracker.MarketExchangeCode, tracker.Wrapf(tracker.MarketTokenFile, "/x/t.json", errors.New("permission denied")))
	if got, want := New(Zh).Err(err), "用速卖通授权码换取令牌：速卖通令牌文件 /x/t.json：permission denied"; got != want {
		t.Errorf("Chinese %q, want %q", got, want)
	}
	if got := New(En).Err(err); got != "exchanging the AliExpress code: AliExpress token file /x/t.json: permission denied" {
		t.Errorf("English %q", got)
	}
}

// A marketplace's sync that stopped, as `waybill sync` prints it: the
// sync's frames, the marketplace's frame and the kind in Chinese, the
// marketplace's name, times, page and its own words as they are; the
// refresher's own lines for a parcel no service checks.
func TestStoredServiceTextInChinese(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{`shopify orders since 0001-01-01T00:00:00Z page "": shopify orders: shopify: server (HTTP 500): "{}"`,
			`shopify 订单（自 0001-01-01T00:00:00Z 起，页 ""）：shopify 订单：shopify：服务端出错（HTTP 500）："{}"`},
		{`aliexpress orders page "3": aliexpress: auth: 27 Invalid session: run waybill connect aliexpress again`,
			`aliexpress 订单（页 "3"）：aliexpress：密钥或权限被拒：27 Invalid session：请重新运行 waybill connect aliexpress`},
		{`shopify orders: more than 10000 pages: stopped`, `shopify 订单：超过 10000 页，已停止`},
		{`aliexpress orders since 2026-12-01T00:00:00Z page "2": not connected to AliExpress: run waybill connect aliexpress`,
			`aliexpress 订单（自 2026-12-01T00:00:00Z 起，页 "2"）：尚未关联速卖通：请运行 waybill connect aliexpress`},
		{`aliexpress orders page "": aliexpress aliexpress.trade.seller.orderlist.get: aliexpress: server (HTTP 500): "{}"`,
			`aliexpress 订单（页 ""）：aliexpress aliexpress.trade.seller.orderlist.get：aliexpress：服务端出错（HTTP 500）："{}"`},
		{`aliexpress orders: refreshing the AliExpress token: aliexpress: auth: no refresh token: run waybill connect aliexpress again`,
			`aliexpress 订单：刷新速卖通令牌：aliexpress：密钥或权限被拒：没有刷新令牌：请重新运行 waybill connect aliexpress`},
		{`AliExpress token file /x/t.json: unreadable; run waybill connect aliexpress again`, `速卖通令牌文件 /x/t.json：无法读取；请重新运行 waybill connect aliexpress`},
		{"demo parcel: no simulator to check it", "演示包裹：没有模拟器可查询"},
		{fmt.Sprintf(tracker.CheckNoService, "yanwen"), `承运商 "yanwen" 未配置查询服务：请在配置中设置（[carriers.17track]、aftership、ship24 等，见 README 的 Carriers 一节）`},
		{"aliexpress: HTTP 502", "aliexpress: HTTP 502"}, // in no form of ours: as written
		{"17track: bogus (HTTP 500)", "17track: bogus (HTTP 500)"},
	} {
		if got := New(Zh).ServiceError(tt.text); got != tt.want {
			t.Errorf("%q: Chinese %q, want %q", tt.text, got, tt.want)
		}
		if got := New(En).ServiceError(tt.text); got != tt.text {
			t.Errorf("%q: English %q", tt.text, got)
		}
	}
}

// Every kind of a service's failure has its Chinese word.
func TestEveryFailKindHasAChineseWord(t *testing.T) {
	for _, k := range tracker.FailKinds {
		p := tracker.Phrase{Format: "%s: %s (HTTP %d)", Args: []any{"x", k, 500}}
		if got := New(Zh).Phrase(p); got == "x："+string(k)+"（HTTP 500）" || got == p.String() {
			t.Errorf("%s: Chinese %q", k, got)
		}
	}
}
