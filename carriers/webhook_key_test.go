package carriers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"waybill/carriers/track123/track123fake"
	"waybill/carriers/track17"
	"waybill/carriers/track17/track17fake"
	"waybill/tracker"
)

// 17TRACK signs its pushes with the account's security key, which is the
// API key: with no webhook_secret configured, the API key verifies them.
// A configured webhook_secret still wins, and AfterShip (whose webhook
// secret is its own) still gets no endpoint without one.
func TestWebhookSecretDefaultsTo17TrackKey(t *testing.T) {
	const key = "17token-of-the-account"
	fake := track17fake.New(t, 0)
	fake.AddDelivered("RR123456785CN", time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC))
	body := fake.PushBody(track17.EventUpdated, "RR123456785CN")

	tests := []struct {
		name, extra string
		signKey     string
		want        int
	}{
		{"signed with the API key, no webhook_secret", "", key, http.StatusOK},
		{"signed with another key, no webhook_secret", "", "someone-else", http.StatusUnauthorized},
		{"a configured webhook_secret wins", "webhook_secret = \"own\"\n", key, http.StatusUnauthorized},
		{"signed with the configured webhook_secret", "webhook_secret = \"own\"\n", "own", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := cfgOf(t, "[tracking]\ndefault = \"17track\"\n[carriers.17track]\napi_key = \""+key+"\"\n"+tt.extra+"[carriers.aftership]\napi_key = \"b\"\n")
			set, err := Build(cfg, func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			stored := 0
			h, paths := set.Webhooks(func(_ context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
				stored += len(pushes)
				return tracker.ApplySummary{}, nil
			})
			if strings.Join(paths, " ") != "/webhooks/17track" {
				t.Fatalf("webhook paths %v, want /webhooks/17track alone (aftership has no secret)", paths)
			}
			req := httptest.NewRequest(http.MethodPost, "/webhooks/17track", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("sign", track17.Sign(body, tt.signKey))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("push answered %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.want == http.StatusOK]; stored != want {
				t.Fatalf("%d pushes stored, want %d", stored, want)
			}
		})
	}
}

// Track123 signs with its API key too: with no webhook_secret the key
// verifies its pushes, so a user need not repeat it.
func TestWebhookSecretDefaultsToTrack123Key(t *testing.T) {
	fake := track123fake.New(t, 0)
	fake.AddDelivered("RB123456785GB", time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC))
	cfg := cfgOf(t, "[tracking]\ndefault = \"track123\"\n[carriers.track123]\napi_key = \""+fake.Key()+"\"\n")
	set, err := Build(cfg, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	h, paths := set.Webhooks(func(_ context.Context, service string, pushes []tracker.Push) (tracker.ApplySummary, error) {
		stored += len(pushes)
		return tracker.ApplySummary{}, nil
	})
	if strings.Join(paths, " ") != "/webhooks/track123" {
		t.Fatalf("webhook paths %v, want /webhooks/track123", paths)
	}
	req := httptest.NewRequest(http.MethodPost, "/webhooks/track123", strings.NewReader(string(fake.WebhookBody("RB123456785GB", time.Now()))))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || stored != 1 {
		t.Fatalf("push signed with the API key answered %d and stored %d, want 200 and 1: %s", rec.Code, stored, rec.Body)
	}
}
