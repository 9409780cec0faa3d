package notify

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"waybill/tracker"
)

type smsRequest struct {
	method, path, contentType string
	user, pass                string
	basic                     bool
	form                      url.Values
}

// startTwilio is a Twilio-compatible Messages API that fails for the
// numbers in fail.
func startTwilio(t *testing.T, fail map[string]bool) (*[]smsRequest, *sync.Mutex, string) {
	var mu sync.Mutex
	var got []smsRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		var req smsRequest
		req.method, req.path, req.contentType, req.form = r.Method, r.URL.Path, r.Header.Get("Content-Type"), form
		req.user, req.pass, req.basic = r.BasicAuth()
		mu.Lock()
		got = append(got, req)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if fail[form.Get("To")] {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"sid": "SM123", "status": "queued"}`)
	}))
	t.Cleanup(srv.Close)
	return &got, &mu, srv.URL
}

func TestSMSRequests(t *testing.T) {
	got, _, base := startTwilio(t, nil)
	s, err := NewSMS(tracker.SMSAlertConfig{BaseURL: base + "/", AccountSID: "AC0123", AuthTokenEnv: "SMS_TOKEN",
		From: "+15550100", To: []string{"+15550111", "+447700900123"}}, func(k string) string { return map[string]string{"SMS_TOKEN": "tok"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	a := testAlert(1, "exc-7-opened")
	if err := s.Send(context.Background(), []tracker.Alert{a}); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 2 {
		t.Fatalf("%d requests, want one per recipient (2)", len(*got))
	}
	for i, to := range []string{"+15550111", "+447700900123"} {
		r := (*got)[i]
		if r.method != http.MethodPost || r.path != "/2010-04-01/Accounts/AC0123/Messages.json" || r.contentType != "application/x-www-form-urlencoded" {
			t.Errorf("request %d: %s %s (%s)", i, r.method, r.path, r.contentType)
		}
		if !r.basic || r.user != "AC0123" || r.pass != "tok" {
			t.Errorf("request %d: basic auth %v %q:%q, want AC0123:tok", i, r.basic, r.user, r.pass)
		}
		if r.form.Get("To") != to || r.form.Get("From") != "+15550100" || r.form.Get("Body") != a.Subject+"\n"+a.Body {
			t.Errorf("request %d form %v", i, r.form)
		}
		if len(r.form) != 3 {
			t.Errorf("request %d has fields %v, want To, From, Body", i, r.form)
		}
	}
}

func TestSMSBodyIsCutAt1600Characters(t *testing.T) {
	got, _, base := startTwilio(t, nil)
	s, _ := NewSMS(tracker.SMSAlertConfig{BaseURL: base, AccountSID: "AC1", AuthToken: "t", From: "+15550100", To: []string{"+15550111"}}, nil)
	a := testAlert(1, "k")
	a.Body = strings.Repeat("ü", 3000)
	if err := s.Send(context.Background(), []tracker.Alert{a}); err != nil {
		t.Fatal(err)
	}
	body := (*got)[0].form.Get("Body")
	if n := utf8.RuneCountInString(body); n != MaxSMSBody || !strings.HasSuffix(body, "…") {
		t.Errorf("body of %d characters, want %d ending in …", n, MaxSMSBody)
	}
}

func TestSMSFailures(t *testing.T) {
	got, _, base := startTwilio(t, map[string]bool{"+15550111": true})
	s, _ := NewSMS(tracker.SMSAlertConfig{BaseURL: base, AccountSID: "AC1", AuthToken: "t", From: "+15550100", To: []string{"+15550111", "+15550122"}}, nil)
	err := s.Send(context.Background(), []tracker.Alert{testAlert(1, "k")})
	if err == nil || !strings.Contains(err.Error(), "+15550111") || !strings.Contains(err.Error(), "not a valid phone number") {
		t.Fatalf("err = %v, want the number and Twilio's message", err)
	}
	if len(*got) != 2 {
		t.Errorf("%d requests: a failing number must not keep the others from theirs", len(*got))
	}
	for _, c := range []tracker.SMSAlertConfig{
		{AccountSID: "AC1", AuthToken: "t", From: "+1555", To: []string{"555-0111"}},
		{AccountSID: "AC1", AuthTokenEnv: "UNSET", From: "+15550100", To: []string{"+15550111"}},
		{BaseURL: "ftp://x", AccountSID: "AC1", AuthToken: "t", From: "+15550100", To: []string{"+15550111"}},
	} {
		if _, err := NewSMS(c, func(string) string { return "" }); err == nil {
			t.Errorf("NewSMS(%+v) accepted", c)
		}
	}
}
