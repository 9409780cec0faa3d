package carriers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"waybill/tracker"
)

// Every adapter's key stays with the host it was configured for: a base_url
// (a proxy, a sandbox, a hijacked DNS name) that answers with a redirect to
// another host gets a refusal, and the other host never sees a request.
// Adapters come from documentedRate so that a new one is checked too.
func TestNoAdapterFollowsARedirectToAnotherHost(t *testing.T) {
	var stolen atomic.Int32
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer thief.Close()
	var asked atomic.Int32
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.Redirect(w, r, thief.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()

	if len(documentedRate) < 5 {
		t.Fatalf("documentedRate lists %d services; every adapter must be in it", len(documentedRate))
	}
	for name := range documentedRate {
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf("[carriers.%s]\napi_key = \"secret-key-123\"\ncustomer = \"cust\"\nbase_url = %q\ntimeout = \"2s\"\n",
				name, redirector.URL)
			set, err := Build(cfgOf(t, src), func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			c := set.services[name]
			before := asked.Load()
			_, err = c.Track(context.Background(), []tracker.TrackRequest{{
				ShipmentID: 1, TrackingNo: "RB123456785CN", Carrier: "china-post", ShippedAt: time.Now().Add(-48 * time.Hour), Destination: "DE"}})
			if asked.Load() == before {
				t.Fatalf("the adapter never called its base_url; err %v", err)
			}
			if !errors.Is(err, tracker.ErrCrossHostRedirect) || tracker.FailKindOf(err) != tracker.FailRequest {
				t.Fatalf("err = %v, want a refused cross-host redirect", err)
			}
			if strings.Contains(err.Error(), "secret-key-123") {
				t.Fatalf("the error shows the key: %v", err)
			}
		})
	}
	if n := stolen.Load(); n != 0 {
		t.Fatalf("the other host received %d requests", n)
	}
}
