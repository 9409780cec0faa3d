package aliexpress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
)

// MaxPageSize is the most the sibling list APIs allow (D12); the same cap
// for the order list and issue list is UNCONFIRMED, so the page size is
// [marketplaces.aliexpress] page_size, 50 unless set (1 to 50).
const MaxPageSize = 50

// pageSize is the orders or disputes a list call asks for.
func (c *Client) pageSize() int {
	if n := c.opt.PageSize; n >= 1 && n <= MaxPageSize {
		return n
	}
	return MaxPageSize
}

// MaxExtendDays implements tracker.ExtendCapper: the most days one
// extension asks for, [marketplaces.aliexpress] max_extend_days. AliExpress
// publishes no cap (its refusal 201 proves one exists, MARKETPLACES.md A6),
// so the default is waybill's own bound, tracker.MaxExtendDays.
func (c *Client) MaxExtendDays() (int, string) {
	if n := c.opt.MaxExtendDays; n >= tracker.MinExtendDays && n <= tracker.MaxExtendDays {
		return n, "marketplaces.aliexpress.max_extend_days"
	}
	return tracker.MaxExtendDays, "marketplaces.aliexpress.max_extend_days"
}

// window is the longest create-date window the order list takes (A6).
const window = 180 * 24 * time.Hour

// openStatuses are the order statuses worth syncing: not final (FINISH,
// ARCHIVE) and not before payment.
var openStatuses = []string{"WAIT_SELLER_EXAMINE_MONEY", "RISK_CONTROL", "RISK_CONTROL_HOLD", "WAIT_SELLER_SEND_GOODS",
	"SELLER_PART_SEND_GOODS", "WAIT_BUYER_ACCEPT_GOODS", "IN_CANCEL", "IN_ISSUE", "IN_FROZEN", "FUND_PROCESSING"}

type listAnswer struct {
	Result struct {
		Success      bool   `json:"success"`
		ErrorCode    str    `json:"error_code"`
		ErrorMessage string `json:"error_message"`
		TotalPage    int    `json:"total_page"`
		CurrentPage  int    `json:"current_page"`
		TargetList   list[struct {
			OrderID     str           `json:"order_id"`
			Status      string        `json:"order_status"`
			Created     string        `json:"gmt_create"`
			Updated     string        `json:"gmt_update"`
			BuyerLogin  string        `json:"buyer_login_id"`
			BuyerName   string        `json:"buyer_signer_fullname"`
			PayAmount   money         `json:"pay_amount"`
			ProductList list[product] `json:"product_list"`
		}] `json:"target_list"`
	} `json:"result"`
}

type product struct {
	ServiceName      string `json:"logistics_service_name"`
	FreightCommitDay str    `json:"freight_commit_day"`
}

type detailAnswer struct {
	Target *struct {
		Status         string `json:"order_status"`
		Modified       string `json:"gmt_modified"`
		OverTimeLeft   string `json:"over_time_left"`
		ReceiptAddress struct {
			Country string `json:"country"`
		} `json:"receipt_address"`
		BuyerInfo struct {
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
		} `json:"buyer_info"`
		Logistics list[struct {
			No      string `json:"logistics_no"`
			Service string `json:"logistics_service_name"`
			Sent    string `json:"gmt_send"`
		}] `json:"logistic_info_list"`
	} `json:"target"`
}

func pageNo(page string) (int, error) {
	if page == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(page)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("aliexpress page %q: want a page number from 1", page)
	}
	return n, nil
}

// Orders implements tracker.Marketplace: the open orders created in the
// last 180 days and modified at or after since, one page of 50, each with
// its detail (ship-to country, parcels, protection end).
func (c *Client) Orders(ctx context.Context, since time.Time, page string) (tracker.MarketPage[tracker.MarketOrder], error) {
	var out tracker.MarketPage[tracker.MarketOrder]
	n, err := pageNo(page)
	if err != nil {
		return out, err
	}
	now := c.opt.Now()
	q := map[string]any{
		"create_date_start": formatTime(now.Add(-window)), "create_date_end": formatTime(now),
		"order_status_list": openStatuses, "current_page": n, "page_size": c.pageSize(),
	}
	if !since.IsZero() {
		// A modified window needs the create window too (A6).
		q["modified_date_start"], q["modified_date_end"] = formatTime(since), formatTime(now)
	}
	b, _ := json.Marshal(q)
	var a listAnswer
	if err := c.call(ctx, "aliexpress.trade.seller.orderlist.get", url.Values{"param_aeop_order_query": {string(b)}}, &a); err != nil {
		return out, err
	}
	if !a.Result.Success {
		return out, c.http.Fail(tracker.FailRequest, 0, fmt.Errorf(tracker.MarketListRefused, "order", string(a.Result.ErrorCode)+" "+tracker.Sanitize(a.Result.ErrorMessage)))
	}
	for _, it := range a.Result.TargetList {
		o := tracker.MarketOrder{MarketStatus: it.Status}
		d := &o.Detail
		d.Marketplace, d.OrderNo = Name, string(it.OrderID)
		d.Buyer = tracker.Sanitize(it.BuyerName)
		if d.OrderedAt, err = parseTime("gmt_create", it.Created); err != nil {
			return out, fmt.Errorf("aliexpress order %s: %w", d.OrderNo, err)
		}
		if o.UpdatedAt, err = parseTime("gmt_update", it.Updated); err != nil {
			return out, fmt.Errorf("aliexpress order %s: %w", d.OrderNo, err)
		}
		if it.PayAmount.Amount != "" {
			if d.Amount, err = tracker.ParseMoney(it.PayAmount.Amount); err != nil {
				return out, fmt.Errorf("aliexpress order %s: pay_amount %q: %w", d.OrderNo, it.PayAmount.Amount, err)
			}
			d.Currency = it.PayAmount.CurrencyCode
		}
		days := 0
		for _, p := range it.ProductList {
			if v, err := strconv.Atoi(string(p.FreightCommitDay)); err == nil && v > days {
				days = v
			}
			if d.ShippingMethod == "" {
				d.ShippingMethod = tracker.Sanitize(p.ServiceName)
			}
		}
		if err := c.detail(ctx, &o, days); err != nil {
			return out, err
		}
		out.Items = append(out.Items, o)
	}
	if a.Result.CurrentPage < a.Result.TotalPage {
		out.Next = strconv.Itoa(n + 1)
	}
	return out, nil
}

// detail fills what only findorderbyid has: the ship-to country, the
// parcels, and the protection end.
func (c *Client) detail(ctx context.Context, o *tracker.MarketOrder, days int) error {
	d := &o.Detail
	b, _ := json.Marshal(map[string]json.Number{"order_id": json.Number(d.OrderNo)})
	var a detailAnswer
	if err := c.call(ctx, "aliexpress.trade.new.redefining.findorderbyid", url.Values{"param1": {string(b)}}, &a); err != nil {
		return err
	}
	t := a.Target
	if t == nil {
		return c.http.Fail(tracker.FailMalformed, 0, fmt.Errorf("order %s: detail has no target", d.OrderNo))
	}
	if t.BuyerInfo.FirstName != "" || t.BuyerInfo.LastName != "" {
		if d.Buyer == "" {
			d.Buyer = tracker.Sanitize(strings.TrimSpace(t.BuyerInfo.FirstName + " " + t.BuyerInfo.LastName))
		}
	}
	d.Country = Country(t.ReceiptAddress.Country)
	var last time.Time
	for _, l := range t.Logistics {
		sent, err := parseTime("gmt_send", l.Sent)
		if err != nil {
			return fmt.Errorf("aliexpress order %s: %w", d.OrderNo, err)
		}
		if sent.After(last) {
			last = sent
		}
		no := strings.TrimSpace(tracker.Sanitize(l.No))
		if no == "" {
			continue
		}
		d.Shipments = append(d.Shipments, tracker.ShipmentDetail{Shipment: tracker.Shipment{TrackingNo: no, Destination: d.Country, ShippedAt: sent}})
	}
	otl, err := parseTime("over_time_left", t.OverTimeLeft)
	if err != nil {
		return fmt.Errorf("aliexpress order %s: %w", d.OrderNo, err)
	}
	promised := time.Time{}
	if !last.IsZero() && days > 0 {
		promised = last.Add(time.Duration(days) * 24 * time.Hour)
		d.PromisedAt = promised
	}
	switch {
	case o.MarketStatus == "WAIT_BUYER_ACCEPT_GOODS" && !otl.IsZero():
		o.ProtectionEnd = otl // the marketplace's own clock
	case !promised.IsZero():
		o.ProtectionEnd, o.ProtectionDerived = promised, true
	}
	if o.MarketStatus == "WAIT_SELLER_SEND_GOODS" && !otl.IsZero() {
		o.ShipBy = otl
	}
	return nil
}

// aeCountries are AliExpress's codes that are not ISO 3166-1 alpha-2
// (MARKETPLACES.md D, to_area list), by the ISO code of the place.
var aeCountries = map[string]string{
	"UK": "GB", "SRB": "RS", "MNE": "ME", "KS": "XK", "EAZ": "TZ", "BLM": "BL", "MAF": "MF", "GGY": "GG", "JEY": "JE",
	"SGS": "GS", "TLS": "TL", "ALA": "AX", "GBA": "GG", "ASC": "SH", "ZR": "CD", "TP": "TL", "YU": "RS", "FX": "FR",
}

// Country is the ISO code of an AliExpress country code, "" when it names
// none (Other, AN).
func Country(ae string) string {
	ae = strings.ToUpper(strings.TrimSpace(ae))
	if iso, ok := aeCountries[ae]; ok {
		ae = iso
	}
	if ae == "XK" {
		return ae // Kosovo: user-assigned, not in the ISO list
	}
	iso, err := tracker.ParseCountry(ae)
	if err != nil {
		return ""
	}
	return iso
}

type issueListAnswer struct {
	Result struct {
		Success      *bool  `json:"success"`
		ErrorCode    str    `json:"error_code"`
		ErrorMessage string `json:"error_message"`
		CurrentPage  int    `json:"current_page"`
		PageSize     int    `json:"page_size"`
		TotalItem    int    `json:"total_item"`
		DataList     list[struct {
			IssueID    str    `json:"issue_id"`
			ParentID   str    `json:"parent_order_id"`
			OrderID    str    `json:"order_id"`
			Status     string `json:"issue_status"`
			ReasonCN   string `json:"reason_chinese"`
			ReasonEN   string `json:"reason_english"`
			Modified   string `json:"gmt_modified"`
			BuyerLogin string `json:"buyer_login_id"`
		}] `json:"data_list"`
	} `json:"result"`
}

type solution struct {
	Type     string `json:"solution_type"`
	Money    string `json:"refund_money"`
	Currency string `json:"refund_money_currency"`
}

type issueDetailAnswer struct {
	Result struct {
		Object *struct {
			TimeoutType    string         `json:"timeout_type"`
			TimeoutTrigger string         `json:"timeout_trigger_time"`
			Buyer          list[solution] `json:"buyer_solution_list"`
			Seller         list[solution] `json:"seller_solution_list"`
		} `json:"result_object"`
	} `json:"result"`
}

// Disputes implements tracker.Marketplace: the processing disputes (the
// list has no time filter, A6), each with its detail's reply clock.
func (c *Client) Disputes(ctx context.Context, since time.Time, page string) (tracker.MarketPage[tracker.Dispute], error) {
	var out tracker.MarketPage[tracker.Dispute]
	n, err := pageNo(page)
	if err != nil {
		return out, err
	}
	b, _ := json.Marshal(map[string]any{"current_page": n, "page_size": c.pageSize(), "issue_status": "processing"})
	var a issueListAnswer
	if err := c.call(ctx, "aliexpress.issue.issuelist.get", url.Values{"query_dto": {string(b)}}, &a); err != nil {
		return out, err
	}
	if a.Result.Success != nil && !*a.Result.Success {
		return out, c.http.Fail(tracker.FailRequest, 0, fmt.Errorf(tracker.MarketListRefused, "dispute", string(a.Result.ErrorCode)+" "+tracker.Sanitize(a.Result.ErrorMessage)))
	}
	for _, it := range a.Result.DataList {
		d := tracker.Dispute{Marketplace: Name, ID: string(it.IssueID), OrderNo: string(it.ParentID), Status: it.Status,
			Open: it.Status == "processing", ReasonCN: tracker.Sanitize(it.ReasonCN), ReasonEN: tracker.Sanitize(it.ReasonEN)}
		if d.OrderNo == "" {
			d.OrderNo = string(it.OrderID)
		}
		d.Kind = DisputeKind(d.ReasonEN)
		if d.UpdatedAt, err = parseTime("gmt_modified", it.Modified); err != nil {
			return out, fmt.Errorf("aliexpress dispute %s: %w", d.ID, err)
		}
		var det issueDetailAnswer
		if err := c.call(ctx, "aliexpress.issue.detail.get", url.Values{"issue_id": {d.ID}, "buyer_login_id": {it.BuyerLogin}}, &det); err != nil {
			return out, err
		}
		if o := det.Result.Object; o != nil {
			d.ReplyKind = o.TimeoutType
			if d.ReplyBy, err = parseTime("timeout_trigger_time", o.TimeoutTrigger); err != nil {
				return out, fmt.Errorf("aliexpress dispute %s: %w", d.ID, err)
			}
			d.BuyerWants, d.SellerOffer = solutions(o.Buyer), solutions(o.Seller)
		}
		out.Items = append(out.Items, d)
	}
	if a.Result.CurrentPage*max(a.Result.PageSize, 1) < a.Result.TotalItem {
		out.Next = strconv.Itoa(n + 1)
	}
	return out, nil
}

func solutions(l list[solution]) string {
	var parts []string
	for _, s := range l {
		w := strings.ReplaceAll(tracker.Sanitize(s.Type), "_", " ")
		if s.Money != "" {
			w += " " + tracker.Sanitize(s.Money) + " " + tracker.Sanitize(s.Currency)
		}
		parts = append(parts, strings.TrimSpace(w))
	}
	return strings.Join(parts, "; ")
}

// KindOther is a dispute whose reason names no logistics problem (not as
// described, quality): tracker.Dispute's "other".
const KindOther tracker.ExceptionKind = "other"

// DisputeKind reads the English reason: not received → lost (the sync may
// call it stale when the parcel still moves), damaged, missing items, and
// everything else (not as described) → other. The reason-id list is
// UNCONFIRMED, so the words are what is read.
func DisputeKind(reasonEN string) tracker.ExceptionKind {
	r := strings.ToLower(reasonEN)
	switch {
	case strings.Contains(r, "damage"), strings.Contains(r, "broken"):
		return tracker.ExDamaged
	case strings.Contains(r, "missing"), strings.Contains(r, "incomplete"), strings.Contains(r, "quantity"), strings.Contains(r, "empty package"):
		return tracker.ExMissingItems
	case strings.Contains(r, "not received"), strings.Contains(r, "not receive"), strings.Contains(r, "didn't receive"),
		strings.Contains(r, "did not receive"), strings.Contains(r, "never arrived"), strings.Contains(r, "delivery"):
		return tracker.ExLost
	}
	return KindOther
}

// extendWords say each refusal (A6) in words a seller can act on.
var extendWords = map[string]string{
	"100": "AliExpress has no such order",
	"200": "AliExpress found no matching business data for the order",
	"201": "the extension is more than AliExpress allows for this order",
	"210": "the order's state does not allow an extension (only while awaiting the buyer's receipt, with no dispute open and not frozen)",
	"601": "the connected account may not extend orders: connect with the seller's main account",
}

type extendAnswer struct {
	IsSuccess    *bool  `json:"is_success"`
	SubErrorCode str    `json:"sub_error_code"`
	Memo         string `json:"memo"`
	Result       *struct {
		IsSuccess    *bool  `json:"is_success"`
		SubErrorCode str    `json:"sub_error_code"`
		Memo         string `json:"memo"`
	} `json:"result"`
}

// ExtendProtection implements tracker.ProtectionExtender.
func (c *Client) ExtendProtection(ctx context.Context, orderNo string, days int) error {
	if _, err := strconv.ParseUint(orderNo, 10, 64); err != nil {
		return fmt.Errorf("aliexpress extend: order %q: want the order id's digits", orderNo)
	}
	if days < 1 {
		return fmt.Errorf("aliexpress extend: days %d: want 1 or more", days)
	}
	var a extendAnswer
	if err := c.call(ctx, "aliexpress.trade.redefining.extendsbuyeracceptgoodstime",
		url.Values{"param0": {orderNo}, "param1": {strconv.Itoa(days)}}, &a); err != nil {
		return err
	}
	ok, code, memo := a.IsSuccess, a.SubErrorCode, a.Memo
	if a.Result != nil && ok == nil { // either shape: fields at the top or under result
		ok, code, memo = a.Result.IsSuccess, a.Result.SubErrorCode, a.Result.Memo
	}
	if ok == nil {
		return c.http.Fail(tracker.FailMalformed, 0, errors.New("extend answer has no is_success"))
	}
	if *ok {
		return nil
	}
	words, known := extendWords[string(code)]
	if !known {
		words = "refused"
	}
	if memo = tracker.Sanitize(memo); memo != "" {
		words += " (" + memo + ")"
	}
	return &tracker.ExtendRefused{Code: string(code), Message: words}
}
