package shopify

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
)

// ordersQuery is C's sketch query. Order.fulfillments is a plain list, so
// it takes no first: (the argument is UNCONFIRMED and the list is short).
// customer, totalPriceSet and createdAt are Shopify schema names beyond
// C's sources.
const ordersQuery = `query Orders($first: Int!, $after: String, $q: String) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $q) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name createdAt updatedAt displayFulfillmentStatus
      shippingAddress { countryCodeV2 name }
      customer { displayName }
      totalPriceSet { shopMoney { amount currencyCode } }
      fulfillments { id status displayStatus createdAt updatedAt trackingInfo { number company url } }
    }
  }
}`

type ordersData struct {
	Orders struct {
		PageInfo struct {
			HasNextPage bool   `json:"hasNextPage"`
			EndCursor   string `json:"endCursor"`
		} `json:"pageInfo"`
		Nodes []orderNode `json:"nodes"`
	} `json:"orders"`
}

type orderNode struct {
	ID                       string `json:"id"`
	LegacyResourceID         string `json:"legacyResourceId"`
	Name                     string `json:"name"`
	CreatedAt                string `json:"createdAt"`
	UpdatedAt                string `json:"updatedAt"`
	DisplayFulfillmentStatus string `json:"displayFulfillmentStatus"`
	ShippingAddress          *struct {
		CountryCodeV2 string `json:"countryCodeV2"`
		Name          string `json:"name"`
	} `json:"shippingAddress"`
	Customer *struct {
		DisplayName string `json:"displayName"`
	} `json:"customer"`
	TotalPriceSet *struct {
		ShopMoney struct {
			Amount       string `json:"amount"`
			CurrencyCode string `json:"currencyCode"`
		} `json:"shopMoney"`
	} `json:"totalPriceSet"`
	Fulfillments []struct {
		Status       string `json:"status"`
		CreatedAt    string `json:"createdAt"`
		TrackingInfo []struct {
			Number  string `json:"number"`
			Company string `json:"company"`
		} `json:"trackingInfo"`
	} `json:"fulfillments"`
}

// Orders implements tracker.Marketplace: the orders updated at or after
// since (zero: all the shop lets the app read — 60 days without all-orders
// access, C), oldest update first, a page of 100; page is the last page's
// endCursor.
func (c *Client) Orders(ctx context.Context, since time.Time, page string) (tracker.MarketPage[tracker.MarketOrder], error) {
	var out tracker.MarketPage[tracker.MarketOrder]
	vars := map[string]any{"first": pageSize, "after": nil, "q": nil}
	if page != "" {
		vars["after"] = page
	}
	if !since.IsZero() {
		vars["q"] = "updated_at:>='" + since.UTC().Format(time.RFC3339) + "'"
	}
	var d ordersData
	if err := c.query(ctx, ordersQuery, vars, &d); err != nil {
		return out, fmt.Errorf("shopify orders: %w", err) // tracker.MarketOrdersCause
	}
	for _, n := range d.Orders.Nodes {
		o, err := order(n)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, o)
	}
	if d.Orders.PageInfo.HasNextPage {
		if d.Orders.PageInfo.EndCursor == "" {
			return out, c.http.Fail(tracker.FailMalformed, 0, fmt.Errorf("orders page says it has a next page but no endCursor"))
		}
		out.Next = d.Orders.PageInfo.EndCursor
	}
	return out, nil
}

// OrderNo is the order number waybill keeps for a Shopify order: its name
// without the leading '#' ("#1001" → "1001"), the number the seller and
// the buyer see; the legacy id when the name is empty. The name's format
// is UNCONFIRMED (shops may add a prefix or suffix, which is kept).
func OrderNo(name, legacyID string) string {
	no := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), "#"))
	if no == "" {
		no = strings.TrimSpace(legacyID)
	}
	return no
}

func parseTime(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want an ISO 8601 time", field, tracker.ShortValue(v))
	}
	return t.UTC(), nil
}

// order maps one node. A field that does not read is an error naming it;
// the sync reports values the order checks refuse.
func order(n orderNode) (tracker.MarketOrder, error) {
	o := tracker.MarketOrder{MarketStatus: tracker.Sanitize(n.DisplayFulfillmentStatus)}
	d := &o.Detail
	d.Marketplace, d.OrderNo = Name, tracker.Sanitize(OrderNo(n.Name, n.LegacyResourceID))
	fail := func(err error) (tracker.MarketOrder, error) {
		return tracker.MarketOrder{}, fmt.Errorf("shopify order %s: %w", tracker.ShortValue(d.OrderNo), err)
	}
	var err error
	if o.UpdatedAt, err = parseTime("updatedAt", n.UpdatedAt); err != nil {
		return fail(err)
	}
	if d.OrderedAt, err = parseTime("createdAt", n.CreatedAt); err != nil {
		return fail(err)
	}
	if a := n.ShippingAddress; a != nil {
		if a.CountryCodeV2 != "" {
			// countryCodeV2 is ISO 3166-1 alpha-2 (C); one we do not know
			// is left out rather than stored wrong.
			if iso, err := tracker.ParseCountry(a.CountryCodeV2); err == nil {
				d.Country = iso
			}
		}
		d.Buyer = a.Name
	}
	if cu := n.Customer; cu != nil && strings.TrimSpace(cu.DisplayName) != "" {
		d.Buyer = cu.DisplayName
	}
	d.Buyer = tracker.Sanitize(strings.TrimSpace(d.Buyer))
	if p := n.TotalPriceSet; p != nil && p.ShopMoney.Amount != "" {
		if d.Amount, err = tracker.ParseMoney(p.ShopMoney.Amount); err != nil {
			return fail(fmt.Errorf("totalPriceSet amount %q: %w", tracker.ShortValue(p.ShopMoney.Amount), err))
		}
		d.Currency = tracker.Sanitize(p.ShopMoney.CurrencyCode)
	}
	seen := map[string]bool{}
	for _, f := range n.Fulfillments {
		if f.Status == "CANCELLED" {
			continue // the parcel did not go
		}
		sent, err := parseTime("fulfillment createdAt", f.CreatedAt)
		if err != nil {
			return fail(err)
		}
		for _, ti := range f.TrackingInfo {
			no := strings.TrimSpace(tracker.Sanitize(ti.Number))
			if no == "" || seen[no] {
				continue
			}
			seen[no] = true
			d.Shipments = append(d.Shipments, tracker.ShipmentDetail{Shipment: tracker.Shipment{
				TrackingNo: no, Carrier: CarrierSlug(ti.Company), Destination: d.Country, ShippedAt: sent}})
		}
	}
	return o, nil
}

// CarrierSlug is waybill's slug for trackingInfo.company when it names a
// carrier waybill knows ("UPS", "DHL Express", "usps"); "" otherwise, so
// the number's own detection picks the carrier.
func CarrierSlug(company string) string {
	low := strings.ToLower(strings.TrimSpace(company))
	if low == "" {
		return ""
	}
	if number.CarrierName(low) != "" {
		return low
	}
	if dashed := strings.Join(strings.Fields(low), "-"); number.CarrierName(dashed) != "" {
		return dashed
	}
	return carrierByName()[low]
}

var carrierByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range number.Carriers() {
		m[strings.ToLower(c.Name)] = c.Slug
	}
	return m
})

// Disputes implements tracker.Marketplace: Shopify has no disputes in this
// adapter's scope (chargebacks are not read), so every page is empty.
func (c *Client) Disputes(ctx context.Context, since time.Time, page string) (tracker.MarketPage[tracker.Dispute], error) {
	return tracker.MarketPage[tracker.Dispute]{}, nil
}
