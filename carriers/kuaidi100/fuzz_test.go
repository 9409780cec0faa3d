package kuaidi100

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// FuzzDecodeQuery feeds arbitrary answers to Interpret: it must never
// panic, and a result it returns must be usable.
func FuzzDecodeQuery(f *testing.F) {
	f.Add([]byte(`{"message":"ok","nu":"RR1","state":"3","data":[{"time":"2026-10-20 10:00:00","statusCode":"301","context":"x"}]}`))
	f.Add([]byte(`{"result":false,"returnCode":"500","message":"查询无结果，请隔段时间再查"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := Interpret(body, "RR1")
		if err != nil {
			return
		}
		if res.NotFound && (len(res.Events) > 0 || res.Err != nil) {
			t.Fatalf("NotFound with more: %+v", res)
		}
		for _, e := range res.Events {
			if !e.Status.Valid() || e.Time.IsZero() || e.Time.Location() != time.UTC {
				t.Fatalf("bad event %+v", e)
			}
		}
	})
}

// FuzzWebhook posts arbitrary bodies, signed correctly or not, to the
// handler: it must never panic, must answer with a known status, and must
// only reach the sink with a valid signature.
func FuzzWebhook(f *testing.F) {
	const salt = "fuzz-salt"
	f.Add("application/x-www-form-urlencoded", []byte(`{"status":"shutdown","lastResult":{"nu":"RR1","state":"3","data":[{"time":"2026-10-20 10:00:00","statusCode":"301"}]}}`), true)
	f.Add("application/x-www-form-urlencoded", []byte(`{}`), false)
	f.Add("", []byte(`not json`), true)
	f.Fuzz(func(t *testing.T, contentType string, param []byte, signIt bool) {
		called := false
		h := WebhookHandler(salt, func(ctx context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
			called = true
			for _, p := range pushes {
				if p.TrackingNo == "" {
					t.Fatalf("push without a number")
				}
				for _, e := range p.Events {
					if !e.Status.Valid() || e.Time.Location() != time.UTC {
						t.Fatalf("bad event %+v", e)
					}
				}
			}
			return tracker.ApplySummary{}, nil
		})
		v := "param=" + url.QueryEscape(string(param))
		if signIt {
			v += "&sign=" + SignPush(string(param), salt)
		}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(v))
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case 200, 400, 401, 413:
		default:
			t.Fatalf("status %d", w.Code)
		}
		if called && (!signIt || w.Code != 200) {
			t.Fatalf("sink reached with signIt=%v status %d", signIt, w.Code)
		}
	})
}
