package shopifyfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// C's vector (computed there with Python's hmac).
func TestSignVector(t *testing.T) {
	if got := Sign("shpss_test", []byte(`{"id":1}`)); got != "1GxccvotnkOedTjSm8S0m/VA3yAUKshyqT52ccNYHj4=" {
		t.Fatalf("Sign = %s", got)
	}
}

const query = `query($first:Int!,$after:String,$q:String){orders(first:$first, after:$after, sortKey:UPDATED_AT, query:$q){pageInfo{hasNextPage endCursor} nodes{id name updatedAt}}}`

type answer struct {
	Status int
	Data   struct {
		Orders struct {
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
			Nodes []struct {
				ID, Name, UpdatedAt string
				Fulfillments        []struct{ TrackingInfo []struct{ Number string } }
			}
		}
	}
	Errors     json.RawMessage
	Extensions struct {
		Cost struct {
			RequestedQueryCost float64
			ActualQueryCost    *float64
			ThrottleStatus     struct{ MaximumAvailable, CurrentlyAvailable, RestoreRate float64 }
		}
	}
}

func call(t *testing.T, srv *httptest.Server, path, token string, vars map[string]any) answer {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader(b))
	req.Header.Set("X-Shopify-Access-Token", token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	a.Status = resp.StatusCode
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil && resp.StatusCode == 200 {
		t.Fatal(err)
	}
	return a
}

func TestShop(t *testing.T) {
	now := time.Date(2025, 5, 7, 8, 37, 0, 0, time.UTC)
	s := &Shop{Token: "shpat_ok", Now: func() time.Time { return now }, MaxAvailable: 100, RestoreRate: 10}
	for i := int64(1); i <= 5; i++ {
		s.Put(Order{ID: 1000 + i, Name: "#" + string(rune('0'+i)), Updated: now.Add(time.Duration(i) * time.Hour * -1),
			Fulfillments: []Fulfillment{{ID: i, Tracking: []Tracking{{Number: "1Z999AA10123456784", Company: "UPS"}}}}})
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	const path = "/admin/api/2025-01/graphql.json"

	if a := call(t, srv, path, "wrong", map[string]any{"first": 2}); a.Status != 401 {
		t.Fatalf("bad token: HTTP %d, want 401", a.Status)
	}
	if a := call(t, srv, "/admin/api/latest/graphql.json", "shpat_ok", map[string]any{"first": 2}); a.Status != 404 {
		t.Fatalf("bad version: HTTP %d, want 404", a.Status)
	}

	// Pages of 2, oldest update first, since filters by updated_at.
	var names []string
	var after any
	for n := 0; n < 5; n++ {
		a := call(t, srv, path, "shpat_ok", map[string]any{"first": 2, "after": after, "q": "updated_at:>='" + now.Add(-4*time.Hour).Format(time.RFC3339) + "'"})
		if a.Errors != nil {
			t.Fatalf("errors: %s", a.Errors)
		}
		for _, o := range a.Data.Orders.Nodes {
			names = append(names, o.Name)
			if len(o.Fulfillments) != 1 || o.Fulfillments[0].TrackingInfo[0].Number != "1Z999AA10123456784" {
				t.Errorf("%s: fulfillments %+v", o.Name, o.Fulfillments)
			}
		}
		if c := a.Extensions.Cost; c.ThrottleStatus.MaximumAvailable != 100 || c.ThrottleStatus.RestoreRate != 10 || c.RequestedQueryCost != 3 {
			t.Errorf("cost %+v", c)
		}
		if !a.Data.Orders.PageInfo.HasNextPage {
			break
		}
		after = *a.Data.Orders.PageInfo.EndCursor
	}
	if got := len(names); got != 4 || names[0] != "#4" || names[3] != "#1" {
		t.Fatalf("pages gave %v, want #4 #3 #2 #1", names)
	}

	// The bucket: 250 first costs 251 > 100 available → MAX_COST_EXCEEDED;
	// draining it → THROTTLED with actualQueryCost null, until it restores.
	s.Drain()
	a := call(t, srv, path, "shpat_ok", map[string]any{"first": 50})
	if a.Status != 200 || !bytes.Contains(a.Errors, []byte(`"THROTTLED"`)) || a.Extensions.Cost.ActualQueryCost != nil {
		t.Fatalf("drained bucket: HTTP %d %s %+v", a.Status, a.Errors, a.Extensions.Cost)
	}
	now = now.Add(6 * time.Second) // 60 points restored, 51 asked
	if a := call(t, srv, path, "shpat_ok", map[string]any{"first": 50}); a.Errors != nil {
		t.Fatalf("restored bucket: %s", a.Errors)
	} else if got := a.Extensions.Cost.ThrottleStatus.CurrentlyAvailable; got != 60-6 {
		t.Fatalf("available after a 6-point call = %v, want 54 (unused cost refunded)", got)
	}
	if a := call(t, srv, path, "shpat_ok", map[string]any{"first": 300}); !bytes.Contains(a.Errors, []byte("250")) {
		t.Fatalf("first 300: %s, want the 250 cap", a.Errors)
	}
}
