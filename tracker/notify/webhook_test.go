package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"waybill/tracker"
)

// hook records the requests a webhook receiver in the test got.
type hook struct {
	mu     sync.Mutex
	reqs   []*http.Request
	bodies [][]byte
	status int
}

func startHook(t *testing.T) (*hook, *httptest.Server) {
	h := &hook{status: http.StatusNoContent}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.reqs = append(h.reqs, r)
		h.bodies = append(h.bodies, body)
		status := h.status
		h.mu.Unlock()
		w.WriteHeader(status)
		if status >= 300 {
			io.WriteString(w, `{"error":"receiver is down"}`)
		}
	}))
	t.Cleanup(srv.Close)
	return h, srv
}

// verify checks a signature as a receiver would, computed here rather than
// with the package's own Sign.
func verify(body []byte, header, secret string) bool {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	want := "sha256=" + hex.EncodeToString(m.Sum(nil))
	return hmac.Equal([]byte(header), []byte(want))
}

func TestWebhookJSONIsSigned(t *testing.T) {
	h, srv := startHook(t)
	w, err := NewWebhook(tracker.WebhookAlertConfig{URL: srv.URL + "/hooks/waybill", SecretEnv: "HOOK_SECRET"},
		func(k string) string { return map[string]string{"HOOK_SECRET": "topsecret"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	a := testAlert(1, "exc-7-opened")
	if err := w.Send(context.Background(), []tracker.Alert{a}); err != nil {
		t.Fatal(err)
	}
	if len(h.reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(h.reqs))
	}
	r, body := h.reqs[0], h.bodies[0]
	if r.Method != http.MethodPost || r.URL.Path != "/hooks/waybill" || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("%s %s %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
	}
	if sig := r.Header.Get("X-Waybill-Signature"); !verify(body, sig, "topsecret") {
		t.Errorf("signature %q does not verify over %s", sig, body)
	}
	if verify(body, r.Header.Get("X-Waybill-Signature"), "other") {
		t.Error("signature verifies under another secret")
	}
	if k := r.Header.Get("X-Waybill-Alert-Key"); k != "exc-7-opened" {
		t.Errorf("X-Waybill-Alert-Key %q", k)
	}
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"key": "exc-7-opened", "kind": "lost", "severity": "critical", "subject": a.Subject, "body": a.Body,
		"exception_id": 7.0, "shipment_id": 3.0, "created_at": "2026-11-21T09:00:00Z",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("body has fields %v, want exactly %v", got, want)
	}
}

func TestWebhookSlackIsSignedAndEscaped(t *testing.T) {
	h, srv := startHook(t)
	w, err := NewWebhook(tracker.WebhookAlertConfig{URL: srv.URL, Secret: "s", Format: "slack"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := testAlert(1, "exc-7-opened")
	a.Body = "Detail: carrier: <!channel> & <https://evil.example|click>\n"
	if err := w.Send(context.Background(), []tracker.Alert{a}); err != nil {
		t.Fatal(err)
	}
	body := h.bodies[0]
	if !verify(body, h.reqs[0].Header.Get("X-Waybill-Signature"), "s") {
		t.Errorf("slack body not signed: %s", body)
	}
	var got map[string]string
	if err := json.Unmarshal(body, &got); err != nil || len(got) != 1 {
		t.Fatalf("slack body %s: want only text", body)
	}
	want := a.Subject + "\nDetail: carrier: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;\n"
	if got["text"] != want {
		t.Errorf("text %q, want %q", got["text"], want)
	}
}

func TestWebhookDigest(t *testing.T) {
	h, srv := startHook(t)
	w, _ := NewWebhook(tracker.WebhookAlertConfig{URL: srv.URL, Secret: "s"}, nil)
	watch := testAlert(2, "watch-3-abc")
	watch.Kind, watch.ExceptionID = tracker.AlertWatch, 0
	if err := w.Send(context.Background(), []tracker.Alert{testAlert(1, "exc-7-opened"), watch}); err != nil {
		t.Fatal(err)
	}
	if len(h.reqs) != 1 {
		t.Fatalf("%d requests for a digest, want 1", len(h.reqs))
	}
	var d WebhookDigest
	if err := json.Unmarshal(h.bodies[0], &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Alerts) != 2 || d.Alerts[0].Key != "exc-7-opened" || d.Alerts[1].ExceptionID != nil || d.Key != h.reqs[0].Header.Get("X-Waybill-Alert-Key") {
		t.Errorf("digest %+v", d)
	}
}

func TestWebhookFailures(t *testing.T) {
	h, srv := startHook(t)
	h.status = http.StatusBadGateway
	w, _ := NewWebhook(tracker.WebhookAlertConfig{URL: srv.URL + "/T000/B000/XXXXsecretXXXX"}, nil)
	err := w.Send(context.Background(), []tracker.Alert{testAlert(1, "k")})
	if err == nil || !strings.Contains(err.Error(), "502") || !strings.Contains(err.Error(), "receiver is down") {
		t.Fatalf("err = %v, want the status and the receiver's words", err)
	}
	if h.reqs[0].Header.Get("X-Waybill-Signature") != "" {
		t.Error("signed without a secret")
	}
	srv.Close()
	err = w.Send(context.Background(), []tracker.Alert{testAlert(1, "k")})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("err = %v: want a failure that does not show the URL's path", err)
	}
	if _, err := NewWebhook(tracker.WebhookAlertConfig{URL: srv.URL, SecretEnv: "UNSET"}, func(string) string { return "" }); err == nil {
		t.Error("an unset secret_env was accepted")
	}
}

// Alerts and an SMS provider's key go to the receiver configured, not to
// whatever host it redirects to.
func TestSendersRefuseRedirectsToAnotherHost(t *testing.T) {
	other, otherSrv := startHook(t)
	away := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherSrv.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(away.Close)

	w, err := NewWebhook(tracker.WebhookAlertConfig{URL: away.URL + "/hook", Secret: "s"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = w.Send(context.Background(), []tracker.Alert{testAlert(1, "k")})
	if err == nil || !strings.Contains(err.Error(), "redirect to another host refused") {
		t.Fatalf("webhook: err = %v, want the redirect refused", err)
	}
	s, err := NewSMS(tracker.SMSAlertConfig{BaseURL: away.URL, AccountSID: "AC1", AuthToken: "t", From: "+15550100", To: []string{"+15550111"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), []tracker.Alert{testAlert(1, "k")}); err == nil || !strings.Contains(err.Error(), "redirect to another host refused") {
		t.Fatalf("sms: err = %v, want the redirect refused", err)
	}
	other.mu.Lock()
	defer other.mu.Unlock()
	if len(other.reqs) != 0 {
		t.Fatalf("the other host received %d requests", len(other.reqs))
	}
}
