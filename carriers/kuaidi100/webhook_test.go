package kuaidi100_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/kuaidi100"
	"waybill/carriers/kuaidi100/kuaidi100fake"
	"waybill/tracker"
)

const salt = "s3cr3t-salt"

// Signatures computed outside Go:
//
//	printf '%s%s' "$(cat testdata/push_shutdown.param.json)" 's3cr3t-salt' | md5sum | tr a-f A-F
//	printf '%s%s' "$(cat testdata/push_shutdown.param.json)" 's3cr3t-salt' | openssl dgst -md5 -hex
const (
	shutdownSign = "51836AD6709610D6D35A27318D813581"
	abortParam   = `{"status":"abort","billstatus":"got","message":"3天查询无记录","autoCheck":"0","comOld":"","comNew":"","lastResult":{"message":"ok","state":"0","status":"200","condition":"","ischeck":"0","com":"yuntrack","nu":"YT2629100123456789","data":[]}}`
	abortSign    = "01DBDB76C7BD8F2F2EFECACD0B966156"
)

type sinkSpy struct {
	mu      sync.Mutex
	calls   int
	service string
	pushes  []tracker.Push
	err     error
}

func (s *sinkSpy) sink(ctx context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.service = service
	s.pushes = append(s.pushes, pushes...)
	return tracker.ApplySummary{}, s.err
}

func shutdownParam(t *testing.T) string {
	b, err := os.ReadFile("testdata/push_shutdown.param.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func post(t *testing.T, h http.Handler, method, contentType, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/hooks/kuaidi100", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

const form = "application/x-www-form-urlencoded"

func TestSignPushVector(t *testing.T) {
	if got := kuaidi100.SignPush(shutdownParam(t), salt); got != shutdownSign {
		t.Fatalf("SignPush = %s, want %s", got, shutdownSign)
	}
	if got := kuaidi100fake.SignPush(abortParam, salt); got != abortSign {
		t.Fatalf("fake SignPush = %s, want %s", got, abortSign)
	}
}

func TestWebhookStoresASignedPush(t *testing.T) {
	for _, sign := range []string{shutdownSign, strings.ToLower(shutdownSign)} {
		spy := &sinkSpy{}
		h := kuaidi100.WebhookHandler(salt, spy.sink)
		body := url.Values{"param": {shutdownParam(t)}, "sign": {sign}}.Encode()
		w := post(t, h, http.MethodPost, form+"; charset=UTF-8", body)
		if w.Code != 200 || w.Body.String() != `{"result":true,"returnCode":"200","message":"成功"}` {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if spy.calls != 1 || spy.service != "kuaidi100" || len(spy.pushes) != 1 {
			t.Fatalf("sink %+v", spy)
		}
		p := spy.pushes[0]
		if p.TrackingNo != "YT2629100123456789" || len(p.Events) != 3 || !p.ETA.IsZero() {
			t.Fatalf("push %+v", p)
		}
		e := p.Events[0]
		want := tracker.Event{Time: time.Date(2026, 10, 27, 20, 12, 0, 0, time.UTC), Status: tracker.StatusDelivered, RawStatus: "301", Location: "美国,迈阿密", Description: "Delivered, In/At Mailbox, MIAMI, FL 33101"}
		if e != want {
			t.Fatalf("event\n got %+v\nwant %+v", e, want)
		}
	}
}

func TestWebhookRefuses(t *testing.T) {
	good := url.Values{"param": {shutdownParam(t)}, "sign": {shutdownSign}}.Encode()
	cases := []struct {
		name, method, ctype, body, secret string
		code                              int
	}{
		{"wrong sign", http.MethodPost, form, url.Values{"param": {shutdownParam(t)}, "sign": {abortSign}}.Encode(), salt, 401},
		{"sign of another salt", http.MethodPost, form, url.Values{"param": {shutdownParam(t)}, "sign": {kuaidi100.SignPush(shutdownParam(t), "other")}}.Encode(), salt, 401},
		{"missing sign", http.MethodPost, form, url.Values{"param": {shutdownParam(t)}}.Encode(), salt, 401},
		{"sign not hex", http.MethodPost, form, url.Values{"param": {shutdownParam(t)}, "sign": {"zz" + shutdownSign[2:]}}.Encode(), salt, 401},
		{"param changed after signing", http.MethodPost, form, url.Values{"param": {strings.Replace(shutdownParam(t), "301", "201", 1)}, "sign": {shutdownSign}}.Encode(), salt, 401},
		{"no secret configured", http.MethodPost, form, good, "", 401},
		{"GET", http.MethodGet, "", "", salt, 405},
		{"PUT", http.MethodPut, form, good, salt, 405},
		{"oversized body", http.MethodPost, form, "param=" + strings.Repeat("a", kuaidi100.MaxPushBody+1), salt, 413},
		{"JSON body instead of a form", http.MethodPost, "application/json", `{"param":"x"}`, salt, 400},
		{"signed param that is not JSON", http.MethodPost, form, url.Values{"param": {"not json"}, "sign": {kuaidi100.SignPush("not json", salt)}}.Encode(), salt, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spy := &sinkSpy{}
			w := post(t, kuaidi100.WebhookHandler(tc.secret, spy.sink), tc.method, tc.ctype, tc.body)
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.code, w.Body)
			}
			if spy.calls != 0 {
				t.Fatalf("sink called %d times", spy.calls)
			}
			if !strings.Contains(w.Body.String(), `"result":false`) {
				t.Fatalf("body %s", w.Body)
			}
		})
	}
}

func TestWebhookSinkErrorAsksForARetry(t *testing.T) {
	spy := &sinkSpy{err: errors.New("database is locked")}
	w := post(t, kuaidi100.WebhookHandler(salt, spy.sink), http.MethodPost, form, url.Values{"param": {shutdownParam(t)}, "sign": {shutdownSign}}.Encode())
	if w.Code != 500 || spy.calls != 1 || !strings.Contains(w.Body.String(), `"result":false`) {
		t.Fatalf("%d %s calls %d", w.Code, w.Body, spy.calls)
	}
	if strings.Contains(w.Body.String(), "database") {
		t.Fatalf("internal error leaked: %s", w.Body)
	}
}

func TestWebhookAbortWithoutEvents(t *testing.T) {
	spy := &sinkSpy{}
	w := post(t, kuaidi100.WebhookHandler(salt, spy.sink), http.MethodPost, form, url.Values{"param": {abortParam}, "sign": {abortSign}}.Encode())
	if w.Code != 200 || spy.calls != 0 {
		t.Fatalf("%d %s calls %d", w.Code, w.Body, spy.calls)
	}
}

func TestFakePushEndToEnd(t *testing.T) {
	f := kuaidi100fake.New(t, 0)
	shipped := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	n := f.AddDelivered("RR123456785CN", shipped)
	c, _ := newCarrier(f.URL(), f.Key(), time.Second)
	spy := &sinkSpy{}
	srv := httptest.NewServer(c.Webhook(salt, spy.sink))
	defer srv.Close()
	resp, err := f.Push(context.Background(), srv.URL, "RR123456785CN", "shutdown", salt)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || spy.calls != 1 || len(spy.pushes[0].Events) != n {
		t.Fatalf("%d %s %+v", resp.StatusCode, b, spy)
	}
	if e := spy.pushes[0].Events[0]; e.Status != tracker.StatusDelivered || !e.Time.Equal(shipped.Add(102*time.Hour)) {
		t.Fatalf("%+v", e)
	}
	// A push signed with another salt is refused.
	resp, err = f.Push(context.Background(), srv.URL, "RR123456785CN", "shutdown", "wrong")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || spy.calls != 1 {
		t.Fatalf("%d calls %d", resp.StatusCode, spy.calls)
	}
}

func TestDecodePushTrails(t *testing.T) {
	param := `{"status":"polling","lastResult":{"nu":"RR1","state":"0","data":[{"time":"2026-10-20 10:00:00","statusCode":"1002","context":"a"}]},"destResult":{"nu":"RR1","state":"5","data":[{"time":"2026-10-25 10:00:00","statusCode":"5","context":"b"}]}}`
	ps, err := kuaidi100.DecodePush([]byte(param))
	if err != nil || len(ps) != 1 || ps[0].TrackingNo != "RR1" || len(ps[0].Events) != 2 {
		t.Fatalf("%+v %v", ps, err)
	}
	if _, err := kuaidi100.DecodePush([]byte(`{"lastResult":{"data":[{"time":"2026-10-20 10:00:00","statusCode":"0"}]}}`)); err == nil {
		t.Fatal("events without a number were taken")
	}
}
