package track17fake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

type answer struct {
	Code int `json:"code"`
	Data struct {
		Accepted []struct {
			Number    string          `json:"number"`
			Carrier   int             `json:"carrier"`
			TrackInfo json.RawMessage `json:"track_info"`
		} `json:"accepted"`
		Rejected []struct {
			Number string `json:"number"`
			Error  struct {
				Code int `json:"code"`
			} `json:"error"`
		} `json:"rejected"`
		Errors []struct {
			Code int `json:"code"`
		} `json:"errors"`
	} `json:"data"`
}

func do(t *testing.T, s *Server, method, op, key, contentType, body string) (int, answer) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+"/track/v2.2/"+op, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("17token", key)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a answer
	_ = json.Unmarshal(raw, &a)
	return resp.StatusCode, a
}

func TestRefusals(t *testing.T) {
	s := New(t, 2)
	cases := []struct {
		name       string
		method, op string
		key, ct    string
		body       string
		status     int
		code       int
	}{
		{"wrong key", "POST", "register", "nope", "application/json", `[{"number":"A1"}]`, 401, CodeBadKey},
		{"GET", "GET", "register", s.Key(), "application/json", ``, 405, 0},
		{"unknown op", "POST", "frobnicate", s.Key(), "application/json", `[]`, 404, 0},
		{"not JSON content", "POST", "register", s.Key(), "text/plain", `[{"number":"A1"}]`, 200, CodeInvalidData},
		{"not an array", "POST", "register", s.Key(), "application/json", `{"number":"A1"}`, 200, CodeInvalidData},
		{"undocumented field", "POST", "register", s.Key(), "application/json", `[{"number":"A1","carier":3011}]`, 200, CodeInvalidData},
		{"no number", "POST", "register", s.Key(), "application/json", `[{"carrier":3011}]`, 200, CodeInvalidData},
		{"register field on gettrackinfo", "POST", "gettrackinfo", s.Key(), "application/json", `[{"number":"A1","auto_detection":true}]`, 200, CodeInvalidData},
		{"over the batch size", "POST", "register", s.Key(), "application/json", `[{"number":"A1"},{"number":"A2"},{"number":"A3"}]`, 200, CodeTooManyNumbers},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, a := do(t, s, c.method, c.op, c.key, c.ct, c.body)
			if status != c.status || a.Code != c.code {
				t.Fatalf("status %d code %d, want %d and %d", status, a.Code, c.status, c.code)
			}
			if c.code != 0 && (len(a.Data.Errors) != 1 || a.Data.Errors[0].Code != c.code) {
				t.Errorf("data.errors %+v", a.Data.Errors)
			}
		})
	}
	if st := s.Stats(); st.BadAuth != 1 || st.MaxBatch != 3 || st.Requests != len(cases) {
		t.Errorf("stats %+v", st)
	}
}

func TestRegistrationLifecycle(t *testing.T) {
	s := New(t, 0)
	s.AddDelivered("RR000000015CN", time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC))
	key, ct := s.Key(), "application/json"

	_, a := do(t, s, "POST", "gettrackinfo", key, ct, `[{"number":"RR000000015CN"}]`)
	if len(a.Data.Rejected) != 1 || a.Data.Rejected[0].Error.Code != CodeNotRegistered {
		t.Fatalf("before registering: %+v", a.Data)
	}
	_, a = do(t, s, "POST", "register", key, ct, `[{"number":"RR000000015CN","auto_detection":true},{"number":"XX1","auto_detection":true}]`)
	if len(a.Data.Accepted) != 1 || a.Data.Accepted[0].Carrier != 3011 || len(a.Data.Rejected) != 1 || a.Data.Rejected[0].Error.Code != CodeCarrierUnknown {
		t.Fatalf("register: %+v", a.Data)
	}
	_, a = do(t, s, "POST", "register", key, ct, `[{"number":"rr000000015cn","carrier":3011}]`)
	if len(a.Data.Rejected) != 1 || a.Data.Rejected[0].Error.Code != CodeAlreadyRegistered {
		t.Fatalf("register again: %+v", a.Data)
	}
	_, a = do(t, s, "POST", "gettrackinfo", key, ct, `[{"number":"RR000000015CN","carrier":21051}]`)
	if len(a.Data.Rejected) != 1 || a.Data.Rejected[0].Error.Code != CodeNotRegistered {
		t.Fatalf("under another carrier: %+v", a.Data)
	}
	_, a = do(t, s, "POST", "gettrackinfo", key, ct, `[{"number":"RR000000015CN"}]`)
	if len(a.Data.Accepted) != 1 {
		t.Fatalf("after registering: %+v", a.Data)
	}
	var ti struct {
		LatestStatus struct{ Status, SubStatus string } `json:"latest_status"`
		Tracking     struct {
			Providers []struct {
				Provider struct{ Key int } `json:"provider"`
				Events   []struct {
					TimeISO string `json:"time_iso"`
					TimeUTC string `json:"time_utc"`
				} `json:"events"`
			} `json:"providers"`
		} `json:"tracking"`
	}
	if err := json.Unmarshal(a.Data.Accepted[0].TrackInfo, &ti); err != nil {
		t.Fatal(err)
	}
	p := ti.Tracking.Providers
	if ti.LatestStatus.Status != "Delivered" || len(p) != 2 || p[0].Provider.Key != 21051 || p[1].Provider.Key != 3011 {
		t.Fatalf("track_info %+v", ti)
	}
	if got := fmt.Sprint(len(p[0].Events), len(p[1].Events)); got != "5 4" {
		t.Errorf("events per provider %s, want 5 4", got)
	}
	if e := p[1].Events[len(p[1].Events)-1]; e.TimeISO != "2026-01-02T11:00:00+08:00" || e.TimeUTC != "2026-01-02T03:00:00Z" {
		t.Errorf("oldest China Post scan at %s / %s", e.TimeISO, e.TimeUTC)
	}
}
