package kuaidi100fake

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"waybill/carriers/contract"
)

// SubscribePath is the documented path of the subscription (订阅接口):
// POST https://poll.kuaidi100.com/poll, a form with schema=json and
// param={"company","number","from","to","key","parameters":{"callbackurl",
// "salt","resultv2","phone",…}}. No sign: the key travels in param.
// https://apifox.com/apidoc/project-514987/api-8567477 (Kuaidi100's own
// API site), and the go-demo's base/poll.go, which also puts phone under
// parameters.
const SubscribePath = "/poll"

// The documented answers of a subscription, {"result","returnCode",
// "message"}, as Kuaidi100's own account lists them
// (https://cloud.tencent.com/developer/article/1828132, "快递100API"):
// 200 taken; 501 already subscribed and still followed (status=polling),
// the new one ignored, also the answer past 4 subscriptions of one number
// in a month (api-8567477); 600 not a lawful subscriber (the key is
// wrong); 601 key expired; 700 the subscription's data is wrong (an
// unsupported company, an empty or too long number) or the callback URL
// is; 701 a company that refuses subscriptions; 702 the number's company
// cannot be told; 500 server error.
const (
	SubOK          = "200"
	SubDuplicate   = "501"
	SubBadKey      = "600"
	SubKeyExpired  = "601"
	SubBadData     = "700"
	SubRefusedCom  = "701"
	SubUnknownCom  = "702"
	SubServerError = "500"
)

var subMessages = map[string]string{
	SubOK:          "提交成功",
	SubDuplicate:   "重复订阅",
	SubBadKey:      "您不是合法的订阅者（即授权Key出错）",
	SubKeyExpired:  "POLL:KEY已过期",
	SubBadData:     "订阅方的订阅数据存在错误（如不支持的快递公司、单号为空、单号超长等）或错误的回调地址",
	SubRefusedCom:  "拒绝订阅的快递公司",
	SubUnknownCom:  "POLL:识别不到该单号对应的快递公司",
	SubServerError: "服务器错误",
}

// Subscription is one subscription as the fake saw it.
type Subscription struct {
	Company, Number, Key string
	CallbackURL, Salt    string
	ResultV2, Phone      string
	Schema               string
	ContentType          string
	ReturnCode           string // what the fake answered
}

// Subscriptions returns every subscription request, oldest first.
func (s *Server) Subscriptions() []Subscription {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	return append([]Subscription(nil), s.subs...)
}

// RefuseSubscription makes the fake answer code (700, 701 or 702) to
// subscriptions of number.
func (s *Server) RefuseSubscription(number, code string) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	if s.refuse == nil {
		s.refuse = map[string]string{}
	}
	s.refuse[number] = code
}

// subscribe serves POST /poll.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request, fault contract.Fault, now time.Time) {
	if r.Method != http.MethodPost {
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.ParseForm()
	ct := r.Header.Get("Content-Type")
	var p struct {
		Company    string `json:"company"`
		Number     string `json:"number"`
		Key        string `json:"key"`
		Parameters struct {
			CallbackURL string `json:"callbackurl"`
			Salt        string `json:"salt"`
			ResultV2    string `json:"resultv2"`
			Phone       string `json:"phone"`
		} `json:"parameters"`
	}
	perr := json.Unmarshal([]byte(r.PostForm.Get("param")), &p)
	sub := Subscription{
		Company: p.Company, Number: p.Number, Key: p.Key, CallbackURL: p.Parameters.CallbackURL,
		Salt: p.Parameters.Salt, ResultV2: p.Parameters.ResultV2, Phone: p.Parameters.Phone,
		Schema: r.PostForm.Get("schema"), ContentType: ct,
	}
	answer := func(code string) {
		sub.ReturnCode = code
		s.subMu.Lock()
		s.subs = append(s.subs, sub)
		if code == SubOK {
			if s.polling == nil {
				s.polling = map[string]Subscription{}
			}
			s.polling[p.Company+"|"+p.Number] = sub
		}
		s.subMu.Unlock()
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		json.NewEncoder(w).Encode(map[string]any{"result": code == SubOK, "returnCode": code, "message": subMessages[code]})
	}
	if s.PlainFault(w, r, fault, now) {
		return
	}
	switch fault {
	case contract.FaultBadJSON:
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>系统繁忙</body></html>"))
		return
	case contract.FaultQuota:
		answer(SubKeyExpired)
		return
	case contract.FaultAuthCode:
		s.CountBadAuth()
		answer(SubBadKey)
		return
	}
	mt, _, _ := mime.ParseMediaType(ct)
	s.subMu.Lock()
	_, dup := s.polling[p.Company+"|"+p.Number]
	refused := s.refuse[p.Number]
	s.subMu.Unlock()
	cb, cbErr := url.Parse(p.Parameters.CallbackURL)
	switch {
	case mt != "application/x-www-form-urlencoded" || perr != nil || sub.Schema != "json":
		answer(SubBadData)
	case p.Key != Key:
		s.CountBadAuth()
		answer(SubBadKey)
	case p.Company == "" || p.Number == "" || len(p.Number) > 32:
		answer(SubBadData)
	case cbErr != nil || (cb.Scheme != "http" && cb.Scheme != "https") || cb.Host == "":
		answer(SubBadData) // "或错误的回调地址"
	case refused != "":
		answer(refused)
	case dup:
		answer(SubDuplicate)
	default:
		answer(SubOK)
	}
}

// Subscribed returns the subscription the fake follows for number, if any.
func (s *Server) Subscribed(number string) (Subscription, bool) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for _, sub := range s.polling {
		if sub.Number == number {
			return sub, true
		}
	}
	return Subscription{}, false
}

// PushSubscribed posts number's trail as Kuaidi100 does once it follows
// the number: to the callback URL the subscription gave, signed with its
// salt (sign = UPPER(MD5(param + salt)), the push document
// https://apifox.com/apidoc/project-514987/api-8568518). It fails when
// number was never subscribed: Kuaidi100 pushes nothing else.
func (s *Server) PushSubscribed(ctx context.Context, number, status string) (*http.Response, error) {
	sub, ok := s.Subscribed(number)
	if !ok {
		return nil, fmt.Errorf("kuaidi100fake: %s is not subscribed, so nothing is pushed", number)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.CallbackURL, strings.NewReader(s.PushForm(number, status, sub.Salt).Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return http.DefaultClient.Do(req)
}
