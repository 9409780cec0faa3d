package tracker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"waybill/tracker/number"
)

// MarketOverlap is how far before the newest time a sync saw the next one
// asks from: an order modified in the same second as the last answer, or
// while a marketplace's clock lags ours a little, is read again rather
// than lost, and reading it again changes nothing.
const MarketOverlap = 10 * time.Minute

// The two things a marketplace sync follows, each with its own place.
const (
	StreamOrders   = "orders"
	StreamDisputes = "disputes"
)

// MarketCursor is where a marketplace's sync of one stream stands. Since
// is where the current run asks from; Page the next page of that run (""
// when the run is done and the next starts at Since); High the newest
// time the run has seen, where the next run starts (less MarketOverlap)
// once this one is done.
type MarketCursor struct {
	Since time.Time
	Page  string
	High  time.Time
}

// MarketSent is what a marketplace last sent for one order: its own
// status word, its modified time and each field's value (marketFields),
// so a later sync writes only the fields it changed since.
type MarketSent struct {
	OrderID   int64 // set when read back from the store
	OrderNo   string
	Status    string
	UpdatedAt time.Time
	Fields    map[string]string
}

// MarketDispute is a dispute as the store keeps it: the marketplace's
// last word on it, the order it is on and the case it opened or joined.
type MarketDispute struct {
	Dispute
	OrderID int64
	CaseID  int64 // 0: none (it was finished before waybill saw it open)
}

// MarketStore is what the marketplace sync keeps beside orders and cases
// (store migration 0019). SyncOrders writes a page of orders, what the
// marketplace sent for each, and the cursor after the page in ONE
// transaction: a sync killed anywhere leaves either the whole page and
// the cursor past it, or neither.
type MarketStore interface {
	MarketCursor(ctx context.Context, marketplace, stream string) (MarketCursor, error)
	SetMarketCursor(ctx context.Context, marketplace, stream string, c MarketCursor, now time.Time) error
	// MarketSent returns what marketplace last sent for each of the
	// order numbers it has synced; the others are absent.
	MarketSent(ctx context.Context, marketplace string, orderNos []string) (map[string]MarketSent, error)
	SyncOrders(ctx context.Context, now time.Time, marketplace string, orders []OrderDetail, sent []MarketSent, c MarketCursor) (Added, error)
	// MarketDispute reads a stored dispute; ok is false when there is none.
	MarketDispute(ctx context.Context, marketplace, id string) (d MarketDispute, ok bool, err error)
	SaveMarketDispute(ctx context.Context, d MarketDispute, now time.Time) error
}

// SyncReport says what one sync of one marketplace did.
type SyncReport struct {
	Marketplace      string        `json:"marketplace"`
	OrdersNew        int           `json:"orders_new"`
	OrdersChanged    int           `json:"orders_changed"`
	OrdersUnchanged  int           `json:"orders_unchanged"`
	ParcelsNew       int           `json:"parcels_new"`
	DisputesOpened   int           `json:"disputes_opened"`
	DisputesUpdated  int           `json:"disputes_updated"`
	DisputesFinished int           `json:"disputes_finished"`
	Problems         []SyncProblem `json:"problems"`
}

// SyncProblem is one record, or one field of it, the sync could not take.
// What the store held for it is kept.
type SyncProblem struct {
	OrderNo   string `json:"order_no"`
	DisputeID string `json:"dispute_id,omitempty"`
	Field     string `json:"field"`
	Value     string `json:"value"`
	Reason    string `json:"reason"`
}

func (p SyncProblem) String() string {
	who := "order " + p.OrderNo
	if p.DisputeID != "" {
		who = "dispute " + p.DisputeID + " (order " + p.OrderNo + ")"
	}
	if p.Field == "" {
		return who + ": " + p.Reason
	}
	return fmt.Sprintf("%s %s %q: %s", who, p.Field, p.Value, p.Reason)
}

// maxMarketPages stops a marketplace that hands out pages forever.
const maxMarketPages = 100000

// SyncMarketplace reads what changed on m since its last sync and writes
// it through the order and case actions: orders (with their parcels and
// the marketplace's status) from the stored cursor, page by page, each
// page and the cursor past it in one transaction; then disputes, each
// opening or joining a complaint case logged as "sync:<marketplace>".
// Running it again with nothing new changes nothing.
func (s *Service) SyncMarketplace(ctx context.Context, a Actor, m Marketplace) (SyncReport, error) {
	rep := SyncReport{Marketplace: m.Name(), Problems: []SyncProblem{}}
	if err := a.mayWork(); err != nil {
		return rep, err
	}
	ms, ok := s.store.(MarketStore)
	if !ok {
		return rep, errors.New("this store cannot keep a marketplace sync")
	}
	sync := Actor{Name: "sync:" + m.Name(), Role: a.Role}
	if err := s.syncOrders(ctx, ms, sync, m, &rep); err != nil {
		return rep, err
	}
	if err := s.syncDisputes(ctx, ms, sync, m, &rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// pageHigh is the run's high mark after page: the earliest answer time
// the marketplace gave (what changed during the run is newer than that),
// else the newest modified time seen.
func pageHigh(high, asOf time.Time, times []time.Time) time.Time {
	if !asOf.IsZero() {
		if high.IsZero() || asOf.Before(high) {
			return asOf
		}
		return high
	}
	for _, t := range times {
		if t.After(high) {
			high = t
		}
	}
	return high
}

// nextSince is where the run after a finished one asks from: its high
// mark less the overlap, never before where this one asked.
func nextSince(c MarketCursor) MarketCursor {
	since := c.Since
	if !c.High.IsZero() {
		if t := c.High.Add(-MarketOverlap); t.After(since) {
			since = t
		}
	}
	return MarketCursor{Since: since}
}

func (s *Service) syncOrders(ctx context.Context, ms MarketStore, a Actor, m Marketplace, rep *SyncReport) error {
	name := m.Name()
	cur, err := ms.MarketCursor(ctx, name, StreamOrders)
	if err != nil {
		return fmt.Errorf("%s orders: where the last sync stopped: %w", name, err) // MarketWhereStopped
	}
	page, resuming := cur.Page, cur.Page != ""
	// The next page is read while this one is written: the marketplace's
	// rate is what bounds a sync, and a slot left idle while the store
	// writes is lost (issue 22's budget: within 1.1× of the rate). Only
	// one call is ever out at once, and the cursor still moves with each
	// page's write, so a kill loses nothing the next sync does not read.
	var ahead chan pageAnswer
	defer func() {
		if ahead != nil {
			<-ahead // cancelled below: a page read ahead and not wanted
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for n := 0; ; n++ {
		if n >= maxMarketPages {
			return fmt.Errorf("%s orders: more than %d pages: stopped", name, maxMarketPages)
		}
		var pg MarketPage[MarketOrder]
		var err error
		if ahead != nil {
			a := <-ahead
			ahead, pg, err = nil, a.page, a.err
		} else {
			pg, err = m.Orders(ctx, cur.Since, page)
		}
		if err != nil && resuming && ctx.Err() == nil {
			// The page a killed sync stopped before may have expired:
			// start its run again from the run's since. What it wrote
			// already is read again and changes nothing.
			resuming, page, cur.High = false, "", time.Time{}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s orders since %s page %q: %w", name, cur.Since.UTC().Format(time.RFC3339), page, err)
		}
		resuming = false
		if pg.Next != "" && pg.Next == page {
			return fmt.Errorf("%s orders: page %q names itself as the next", name, page)
		}
		if pg.Next != "" {
			ahead = make(chan pageAnswer, 1)
			go func(since time.Time, page string) {
				p, err := m.Orders(ctx, since, page)
				ahead <- pageAnswer{p, err}
			}(cur.Since, pg.Next)
		}
		now := s.clock.Now()
		orders, sent, changed, times, err := s.prepareOrders(ctx, ms, name, pg.Items, now, rep)
		if err != nil {
			return err
		}
		next := MarketCursor{Since: cur.Since, Page: pg.Next, High: pageHigh(cur.High, pg.AsOf, times)}
		if pg.Next == "" {
			next = nextSince(next)
		}
		// The page is written with the cursor where it stands, then its
		// deadlines, then the cursor past it: a sync killed between them
		// reads the page again (which changes nothing) and puts them.
		added, err := ms.SyncOrders(ctx, now, name, orders, sent, cur)
		if err != nil {
			return fmt.Errorf("%s orders page %q: %w", name, page, err)
		}
		if err := s.syncOrderDeadlines(ctx, ms, a, name, pg.Items); err != nil {
			return fmt.Errorf("%s orders page %q: %w", name, page, err)
		}
		if err := ms.SetMarketCursor(ctx, name, StreamOrders, next, now); err != nil {
			return fmt.Errorf("%s orders page %q: %w", name, page, err)
		}
		rep.OrdersNew += added.Orders
		rep.OrdersChanged += changed - added.Orders
		rep.OrdersUnchanged += len(pg.Items) - changed
		rep.ParcelsNew += added.Shipments
		if added.Orders+added.Shipments > 0 || changed > 0 {
			s.publish()
		}
		cur = next
		if pg.Next == "" {
			return nil
		}
		page = pg.Next
	}
}

// syncOrderDeadlines puts the clocks a page of orders carries through
// PutDeadlines, every order of the page (an unchanged one changes
// nothing): protection_end (source the marketplace, "rule" when it worked
// it out) and ship_by, both the order's (Ref ""). A clock the marketplace
// no longer sends is closed, only when the marketplace set it: ship_by as
// met once the order has a parcel, else gone; protection_end as gone.
func (s *Service) syncOrderDeadlines(ctx context.Context, ms MarketStore, a Actor, name string, items []MarketOrder) error {
	if _, ok := s.store.(DeadlineStore); !ok {
		return nil
	}
	nos := make([]string, 0, len(items))
	for _, mo := range items {
		nos = append(nos, strings.TrimSpace(mo.Detail.OrderNo))
	}
	stored, err := ms.MarketSent(ctx, name, nos)
	if err != nil {
		return fmt.Errorf("%s: the orders' ids: %w", name, err)
	}
	var put []Deadline
	var met, gone []DeadlineRef
	for _, mo := range items {
		id := stored[strings.TrimSpace(mo.Detail.OrderNo)].OrderID
		if id == 0 {
			continue // refused by the sync: reported there
		}
		if !mo.ProtectionEnd.IsZero() {
			src := name
			if mo.ProtectionDerived {
				src = SourceRule
			}
			put = append(put, Deadline{OrderID: id, Kind: DeadlineProtectionEnd, DueAt: mo.ProtectionEnd, Source: src, State: DeadlineOpen})
		} else {
			gone = append(gone, DeadlineRef{OrderID: id, Kind: DeadlineProtectionEnd, Source: name})
		}
		switch {
		case !mo.ShipBy.IsZero():
			put = append(put, Deadline{OrderID: id, Kind: DeadlineShipBy, DueAt: mo.ShipBy, Source: name, State: DeadlineOpen})
		case len(mo.Detail.Shipments) > 0:
			met = append(met, DeadlineRef{OrderID: id, Kind: DeadlineShipBy, Source: name})
		default:
			gone = append(gone, DeadlineRef{OrderID: id, Kind: DeadlineShipBy, Source: name})
		}
	}
	if len(put) > 0 {
		if _, err := s.PutDeadlines(ctx, a, put); err != nil {
			return err
		}
	}
	if _, err := s.CloseDeadlineRefs(ctx, a, met, DeadlineMet); err != nil {
		return err
	}
	_, err = s.CloseDeadlineRefs(ctx, a, gone, DeadlineGone)
	return err
}

// pageAnswer is a page of orders read ahead, or why not.
type pageAnswer struct {
	page MarketPage[MarketOrder]
	err  error
}

// prepareOrders turns a page of the marketplace's orders into the writes
// to make: each checked as every order write is (its bad fields reported
// and left out, so the stored value stays), and each field the
// marketplace sent as it did last time left out too, so a seller's edit
// in waybill stays until the marketplace changes that field. changed
// counts the orders with anything to write; times are their modified
// times.
func (s *Service) prepareOrders(ctx context.Context, ms MarketStore, name string, items []MarketOrder, now time.Time, rep *SyncReport) (orders []OrderDetail, sent []MarketSent, changed int, times []time.Time, err error) {
	nos := make([]string, 0, len(items))
	for _, mo := range items {
		nos = append(nos, strings.TrimSpace(mo.Detail.OrderNo))
	}
	last, err := ms.MarketSent(ctx, name, nos)
	if err != nil {
		return nil, nil, 0, nil, fmt.Errorf("%s: what the last sync sent: %w", name, err)
	}
	for _, mo := range items {
		times = append(times, mo.UpdatedAt)
		od, problems := marketOrder(name, mo, now)
		rep.Problems = append(rep.Problems, problems...)
		if od.OrderNo == "" {
			continue
		}
		fields := marketFields(od)
		st := Sanitize(strings.TrimSpace(mo.MarketStatus))
		prev, known := last[od.OrderNo]
		if known {
			if st == prev.Status && !fieldsDiffer(fields, prev.Fields) {
				continue
			}
			keepUnchanged(&od, fields, prev.Fields)
		}
		changed++
		orders = append(orders, od)
		sent = append(sent, MarketSent{OrderNo: od.OrderNo, Status: st, UpdatedAt: mo.UpdatedAt, Fields: fields})
	}
	return orders, sent, changed, times, nil
}

// marketOrder is the order a marketplace sent, as waybill writes it:
// text cleaned of terminal controls, the marketplace named, each parcel's
// number detected as any other (kept unverified when it does not
// validate: the marketplace says the parcel exists), and each field
// CheckOrder refuses reported and left out.
func marketOrder(name string, mo MarketOrder, now time.Time) (OrderDetail, []SyncProblem) {
	od := mo.Detail
	od.OrderNo = strings.TrimSpace(od.OrderNo)
	od.Marketplace = name
	var problems []SyncProblem
	bad := func(field, v, reason string) {
		problems = append(problems, SyncProblem{OrderNo: ShortValue(od.OrderNo), Field: field, Value: ShortValue(v), Reason: reason})
	}
	if p := FieldProblem(FieldOrderNo, od.OrderNo); od.OrderNo == "" || p != "" {
		if p == "" {
			p = "no order number"
		}
		bad(FieldOrderNo, od.OrderNo, p)
		return OrderDetail{}, problems
	}
	for _, f := range orderTextFields {
		if p := f.ptr(&od.Order); *p != "" {
			*p = Sanitize(*p)
		}
	}
	// How the parcel was packed is the seller's own note: no marketplace
	// knows it, so a sync never writes it, and an empty value keeps what
	// the seller wrote. (It is left out of orderTextFields so the fields
	// compared with the last sync, marketFields, stay as they were.)
	od.Packaging = ""
	ships := od.Shipments[:0:0]
	for _, sd := range od.Shipments {
		sh := sd.Shipment
		raw := Sanitize(sh.TrackingNo)
		det := number.Detect(raw)
		switch {
		case det.Number == "":
			bad(FieldTrackingNo, raw, "no tracking number")
			continue
		case det.Number == number.Normalize(od.OrderNo):
			bad(FieldTrackingNo, raw, "the same as the order number: that is not the parcel's tracking number")
			continue
		case !det.Valid:
			bad(FieldTrackingNo, raw, det.Reason()+" (kept unverified)")
			sh.Unverified = true
		}
		sh.TrackingNo = det.Number
		if sh.Carrier = Sanitize(strings.TrimSpace(sh.Carrier)); sh.Carrier == "" {
			sh.Carrier = det.Carrier
		}
		if sh.Destination == "" {
			sh.Destination = od.Country
		}
		if sh.Status == "" {
			sh.Status = StatusPending
		}
		if sh.NextCheckAt.IsZero() {
			sh.NextCheckAt = now
		}
		ships = append(ships, ShipmentDetail{Shipment: sh})
	}
	od.Shipments = ships
	for _, fe := range CheckOrder(od) {
		bad(fe.Field, fe.Value, fe.Reason+" (the stored value is kept)")
		clearField(&od, fe.Field)
	}
	return od, problems
}

// orderTextField is one text field of an order, by its FieldError name.
type orderTextField struct {
	name string
	ptr  func(*Order) *string
}

var orderTextFields = []orderTextField{
	{FieldBuyer, func(o *Order) *string { return &o.Buyer }},
	{FieldEmail, func(o *Order) *string { return &o.Email }},
	{FieldPhone, func(o *Order) *string { return &o.Phone }},
	{FieldCountry, func(o *Order) *string { return &o.Country }},
	{FieldAddress, func(o *Order) *string { return &o.Address }},
	{FieldProduct, func(o *Order) *string { return &o.Product }},
	{FieldCurrency, func(o *Order) *string { return &o.Currency }},
	{FieldShippingMethod, func(o *Order) *string { return &o.ShippingMethod }},
	{FieldHSCode, func(o *Order) *string { return &o.HSCode }},
}

// clearField leaves field out of the write: an empty value keeps the
// stored one (Service.WriteOrders).
func clearField(od *OrderDetail, field string) {
	for _, f := range orderTextFields {
		if f.name == field {
			*f.ptr(&od.Order) = ""
		}
	}
	if field == FieldCarrier {
		for i := range od.Shipments {
			if FieldProblem(FieldCarrier, od.Shipments[i].Carrier) != "" {
				od.Shipments[i].Carrier = ""
			}
		}
	}
}

// The non-text fields the merge compares, by name.
const (
	fieldStatus        = "status"
	fieldAmount        = "amount"
	fieldDeclaredValue = "declared_value"
	fieldInsured       = "insured"
	fieldOrderedAt     = "ordered_at"
	fieldPromisedAt    = "promised_at"
)

func timeField(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func parcelField(trackingNo, field string) string { return "parcel " + trackingNo + " " + field }

// marketFields is each field of od by name, as the marketplace sent it:
// what the next sync compares with.
func marketFields(od OrderDetail) map[string]string {
	f := map[string]string{}
	for _, t := range orderTextFields {
		f[t.name] = *t.ptr(&od.Order)
	}
	f[fieldStatus] = string(od.Status)
	f[fieldAmount] = strconv.FormatInt(int64(od.Amount), 10)
	f[fieldDeclaredValue] = strconv.FormatInt(int64(od.DeclaredValue), 10)
	f[fieldInsured] = ""
	if od.Insured != nil {
		f[fieldInsured] = strconv.FormatBool(*od.Insured)
	}
	f[fieldOrderedAt] = timeField(od.OrderedAt)
	f[fieldPromisedAt] = timeField(od.PromisedAt)
	for _, sd := range od.Shipments {
		n := sd.TrackingNo
		f[parcelField(n, FieldTrackingNo)] = n
		f[parcelField(n, FieldCarrier)] = sd.Carrier
		f[parcelField(n, "origin")] = sd.Origin
		f[parcelField(n, "destination")] = sd.Destination
		f[parcelField(n, "shipped_at")] = timeField(sd.ShippedAt)
	}
	return f
}

func fieldsDiffer(a, b map[string]string) bool {
	if len(a) != len(b) {
		return true
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return true
		}
	}
	return false
}

// keepUnchanged leaves out of od every field whose value the marketplace
// sent last time too (last), so the stored value, perhaps the seller's
// edit, stays. A new parcel is written whole.
func keepUnchanged(od *OrderDetail, now, last map[string]string) {
	same := func(k string) bool { v, ok := last[k]; return ok && v == now[k] }
	for _, t := range orderTextFields {
		if same(t.name) {
			*t.ptr(&od.Order) = ""
		}
	}
	if same(fieldStatus) {
		od.Status = ""
	}
	if same(fieldAmount) {
		od.Amount = 0
	}
	if same(fieldDeclaredValue) {
		od.DeclaredValue = 0
	}
	if same(fieldInsured) {
		od.Insured = nil
	}
	if same(fieldOrderedAt) {
		od.OrderedAt = time.Time{}
	}
	if same(fieldPromisedAt) {
		od.PromisedAt = time.Time{}
	}
	for i := range od.Shipments {
		sh := &od.Shipments[i].Shipment
		n := sh.TrackingNo
		if _, known := last[parcelField(n, FieldTrackingNo)]; !known {
			continue
		}
		if same(parcelField(n, FieldCarrier)) {
			sh.Carrier = ""
		}
		if same(parcelField(n, "origin")) {
			sh.Origin = ""
		}
		if same(parcelField(n, "destination")) {
			sh.Destination = ""
		}
		if same(parcelField(n, "shipped_at")) {
			sh.ShippedAt = time.Time{}
		}
	}
}

// DisputeCaseKind is the case kind a dispute opens: its own when it is a
// kind of problem waybill knows, else carrier_problem ("not as described"
// and the like: someone must look), as waybill has no "other" kind.
func DisputeCaseKind(k ExceptionKind) ExceptionKind {
	if slices.Contains(ExceptionKinds, k) {
		return k
	}
	return ExCarrierProblem
}

func (s *Service) syncDisputes(ctx context.Context, ms MarketStore, a Actor, m Marketplace, rep *SyncReport) error {
	name := m.Name()
	cur, err := ms.MarketCursor(ctx, name, StreamDisputes)
	if err != nil {
		return fmt.Errorf("%s disputes: where the last sync stopped: %w", name, err)
	}
	page, resuming := cur.Page, cur.Page != ""
	for n := 0; ; n++ {
		if n >= maxMarketPages {
			return fmt.Errorf("%s disputes: more than %d pages: stopped", name, maxMarketPages)
		}
		pg, err := m.Disputes(ctx, cur.Since, page)
		if err != nil && resuming && ctx.Err() == nil {
			resuming, page, cur.High = false, "", time.Time{}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s disputes since %s page %q: %w", name, cur.Since.UTC().Format(time.RFC3339), page, err)
		}
		resuming = false
		if pg.Next != "" && pg.Next == page {
			return fmt.Errorf("%s disputes: page %q names itself as the next", name, page)
		}
		var times []time.Time
		for _, d := range pg.Items {
			times = append(times, d.UpdatedAt)
			if err := s.syncDispute(ctx, ms, a, name, d, rep); err != nil {
				return err
			}
		}
		// Disputes are written one by one through the case actions, each
		// a repeat of which changes nothing; the cursor follows the page.
		next := MarketCursor{Since: cur.Since, Page: pg.Next, High: pageHigh(cur.High, pg.AsOf, times)}
		if pg.Next == "" {
			next = nextSince(next)
		}
		if err := ms.SetMarketCursor(ctx, name, StreamDisputes, next, s.clock.Now()); err != nil {
			return fmt.Errorf("%s disputes page %q: %w", name, page, err)
		}
		cur = next
		if pg.Next == "" {
			return nil
		}
		page = pg.Next
	}
}

func cleanDispute(name string, d Dispute) Dispute {
	d.Marketplace = name
	for _, p := range []*string{&d.ID, &d.OrderNo, &d.Status, &d.ReasonCN, &d.ReasonEN, &d.BuyerWants, &d.SellerOffer, &d.ReplyKind, &d.Outcome} {
		*p = strings.TrimSpace(Sanitize(*p))
	}
	if !d.ReplyBy.IsZero() {
		d.ReplyBy = d.ReplyBy.UTC()
	}
	d.UpdatedAt = d.UpdatedAt.UTC()
	return d
}

// sameDispute reports whether nothing the case shows changed.
func sameDispute(a, b Dispute) bool {
	return a.Status == b.Status && a.Open == b.Open && a.ReasonCN == b.ReasonCN && a.ReasonEN == b.ReasonEN &&
		a.BuyerWants == b.BuyerWants && a.SellerOffer == b.SellerOffer && a.ReplyBy.Equal(b.ReplyBy) &&
		a.ReplyKind == b.ReplyKind && a.Outcome == b.Outcome && a.Kind == b.Kind
}

// disputeNote is the case log's line about a dispute as it now stands.
func disputeNote(d Dispute) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s dispute %s: %s", d.Marketplace, d.ID, d.Status)
	if d.ReasonEN != "" || d.ReasonCN != "" {
		fmt.Fprintf(&b, "; reason: %s", strings.TrimSpace(d.ReasonEN+" / "+d.ReasonCN))
	}
	if d.BuyerWants != "" {
		fmt.Fprintf(&b, "; buyer wants: %s", d.BuyerWants)
	}
	if d.SellerOffer != "" {
		fmt.Fprintf(&b, "; seller offers: %s", d.SellerOffer)
	}
	if d.Open && !d.ReplyBy.IsZero() {
		fmt.Fprintf(&b, "; reply by %s UTC", d.ReplyBy.UTC().Format("2006-01-02 15:04"))
		if d.ReplyKind != "" {
			fmt.Fprintf(&b, " (%s)", d.ReplyKind)
		}
	}
	if !d.Open {
		out := d.Outcome
		if out == "" {
			out = d.Status
		}
		fmt.Fprintf(&b, "; finished: %s", out)
	}
	return b.String()
}

// syncDispute writes one dispute: an open one opens a case on the order's
// parcel (or joins the parcel's open case of its kind), a change is
// noted on its case, and a finished one's outcome too. Each step can be
// repeated: a case opened by a sync killed before it stored the dispute
// is joined, and a note already last in the case's log is not written
// again.
func (s *Service) syncDispute(ctx context.Context, ms MarketStore, a Actor, name string, d Dispute, rep *SyncReport) error {
	d = cleanDispute(name, d)
	bad := func(reason string) {
		rep.Problems = append(rep.Problems, SyncProblem{OrderNo: ShortValue(d.OrderNo), DisputeID: ShortValue(d.ID), Reason: reason})
	}
	if d.ID == "" {
		bad("a dispute without an id")
		return nil
	}
	prev, known, err := ms.MarketDispute(ctx, name, d.ID)
	if err != nil {
		return fmt.Errorf("%s dispute %s: %w", name, d.ID, err)
	}
	if known && sameDispute(prev.Dispute, d) {
		return s.backfillDisputeDeadline(ctx, a, name, prev)
	}
	od, err := s.store.FindOrder(ctx, d.OrderNo, false)
	if err != nil || od.ID == 0 {
		bad("its order is not in waybill (yet): it is read again by the next sync")
		return nil
	}
	if len(od.Shipments) == 0 {
		bad("its order has no parcel to open a case on")
		return nil
	}
	md := MarketDispute{Dispute: d, OrderID: od.ID, CaseID: prev.CaseID}
	opened := false
	if md.CaseID == 0 && d.Open {
		op, err := s.OpenCase(ctx, a, CaseRequest{OrderID: od.ID, ShipmentID: disputeParcel(od), Kind: DisputeCaseKind(d.Kind), Fresh: true})
		if err != nil {
			return fmt.Errorf("%s dispute %s: open a case: %w", name, d.ID, err)
		}
		md.CaseID, opened = op.Case.ID, true
	}
	if md.CaseID != 0 {
		if err := s.noteOnce(ctx, a, md.CaseID, disputeNote(d)); err != nil {
			return fmt.Errorf("%s dispute %s: %w", name, d.ID, err)
		}
	}
	if err := ms.SaveMarketDispute(ctx, md, s.clock.Now()); err != nil {
		return fmt.Errorf("%s dispute %s: %w", name, d.ID, err)
	}
	if err := s.syncDisputeDeadline(ctx, a, name, od, md); err != nil {
		return fmt.Errorf("%s dispute %s: %w", name, d.ID, err)
	}
	switch {
	case !d.Open && (!known || prev.Open):
		rep.DisputesFinished++
	case opened || !known:
		rep.DisputesOpened++
	default:
		rep.DisputesUpdated++
	}
	return nil
}

// syncDisputeDeadline puts an open dispute's reply clock as dispute_reply
// (Ref the dispute's id, on its case and the case's parcel), and closes
// it when the dispute finished (met: it no longer waits on the seller) or
// its clock stopped (gone).
func (s *Service) syncDisputeDeadline(ctx context.Context, a Actor, name string, od OrderDetail, md MarketDispute) error {
	if _, ok := s.store.(DeadlineStore); !ok {
		return nil
	}
	if md.Open && !md.ReplyBy.IsZero() {
		ship := disputeParcel(od)
		if md.CaseID != 0 {
			if c, err := s.store.Case(ctx, md.CaseID); err == nil && c.ShipmentID != 0 {
				ship = c.ShipmentID
			}
		}
		_, err := s.PutDeadlines(ctx, a, []Deadline{{OrderID: od.ID, ShipmentID: ship, CaseID: md.CaseID, Kind: DeadlineDisputeReply,
			DueAt: md.ReplyBy, Source: name, Ref: md.ID, State: DeadlineOpen}})
		return err
	}
	state := DeadlineGone
	if !md.Open {
		state = DeadlineMet
	}
	_, err := s.CloseDeadlineRefs(ctx, a, []DeadlineRef{{OrderID: od.ID, Kind: DeadlineDisputeReply, Ref: md.ID, Source: name}}, state)
	return err
}

// backfillDisputeDeadline gives an open dispute stored unchanged its
// dispute_reply deadline when it has none: a sync from before deadlines
// were kept (store migration 0020) stored the dispute alone, and as the
// marketplace does not change it, nothing else would. One that exists in
// any state is left alone (a seller who marked it done keeps it done).
// One read per open dispute a sync.
func (s *Service) backfillDisputeDeadline(ctx context.Context, a Actor, name string, md MarketDispute) error {
	f, ok := s.store.(DeadlineFinder)
	if !ok || !md.Open || md.ReplyBy.IsZero() || md.OrderID == 0 {
		return nil
	}
	_, err := f.DeadlineByRef(ctx, md.OrderID, DeadlineDisputeReply, md.ID)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, ErrNotFound):
		return fmt.Errorf("%s dispute %s: its deadline: %w", name, md.ID, err)
	}
	od, err := s.store.Order(ctx, md.OrderID)
	if err != nil {
		return fmt.Errorf("%s dispute %s: order %d: %w", name, md.ID, md.OrderID, err)
	}
	if len(od.Shipments) == 0 {
		return nil
	}
	if err := s.syncDisputeDeadline(ctx, a, name, od, md); err != nil {
		return fmt.Errorf("%s dispute %s: %w", name, md.ID, err)
	}
	return nil
}

// disputeParcel is the parcel a dispute's case is about: the order's
// first not yet delivered, else its first.
func disputeParcel(od OrderDetail) int64 {
	for _, sh := range od.Shipments {
		if sh.Status != StatusDelivered {
			return sh.ID
		}
	}
	return od.Shipments[0].ID
}

// noteOnce notes text on the case unless the case's last entry by actor
// already says it.
func (s *Service) noteOnce(ctx context.Context, a Actor, caseID int64, text string) error {
	log, err := s.store.CaseLog(ctx, caseID)
	if err != nil {
		return fmt.Errorf("case %d log: %w", caseID, err)
	}
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Actor == a.Name && log[i].Action == ActNote {
			if log[i].Detail == text {
				return nil
			}
			break
		}
	}
	_, err = s.DoCase(ctx, a, caseID, CaseAction{Type: ActNote, Text: text})
	return err
}
