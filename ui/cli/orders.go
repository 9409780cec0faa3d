package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui"
	"waybill/ui/i18n"
)

// Orders and parcels: detect, add, list, show (demo.go: demo).

func (a *app) detectCmd() *cobra.Command {
	var asJSON bool
	cmd := leaf("detect NUMBER...", "check numbers offline: format, check digit, carrier, typos", func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("give one or more tracking numbers")
		}
		return detect(a.stdout, a.tr(), args, asJSON)
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array, one object per number")
	return cmd
}

func detect(out io.Writer, tr *i18n.Printer, numbers []string, asJSON bool) error {
	results := make([]number.Result, len(numbers))
	ok := true
	for i, a := range numbers {
		results[i] = number.Detect(a)
		ok = ok && results[i].Valid
	}
	if asJSON {
		if err := writeJSON(out, results); err != nil {
			return err
		}
	} else {
		tw := newTable(out)
		fmt.Fprintln(tw, heads(tr, "NUMBER", "VALID", "CARRIER", "CHECK", "TRACKED", "NOTE"))
		for _, r := range results {
			note := tr.DetectorNote(r.Note)
			if len(r.Suggestions) > 0 {
				note = strings.TrimSpace(note + " " + tr.Plain("Did you mean %s?", strings.Join(r.Suggestions, ", ")))
			}
			carrier := r.Carrier
			if carrier == "" {
				carrier = "—"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ui.Sanitize(r.Number), yesNoWord(tr, r.Valid), carrier, r.Checksum, yesNoWord(tr, r.Tracked), ui.Sanitize(note))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if !ok {
		return errProblems
	}
	return nil
}

// addFlags are the flags of `waybill add`.
type addFlags struct {
	orderNo, tracking, carrier, shipped, country, buyer, email, phone, promised, method string
	address, product, amount, currency, hsCode, declared, packaging                     string
	force, insured                                                                      bool
}

func (a *app) addCmd() *cobra.Command {
	var f addFlags
	cmd := leaf("add --order NO --tracking NUM", "add a parcel to an order, its number checked and carrier found", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		now := time.Now()
		o, sh, det, err := f.parcel(now, cmd.Flags().Changed("insured"))
		if err != nil {
			return err
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		return addParcel(cmd.Context(), a.stdout, a.tr(), s.store, svc, o, sh, det)
	})
	cmd.Long = "add a parcel to an order; the number is validated and its carrier detected"
	fs := cmd.Flags()
	f.orderFlags(fs)
	fs.StringVar(&f.tracking, "tracking", "", "tracking `number` (required)")
	fs.StringVar(&f.carrier, "carrier", "", "carrier `slug`, e.g. china-post (default: detected from the number)")
	fs.StringVar(&f.shipped, "shipped", "", "ship `date`: YYYY-MM-DD, yesterday, -2d … (default today)")
	fs.BoolVar(&f.force, "force", false, "store a number that does not validate, marked unverified")
	return cmd
}

// orderFlags are the flags about the order, of add and edit.
func (f *addFlags) orderFlags(fs *pflag.FlagSet) {
	fs.StringVar(&f.orderNo, "order", "", "marketplace order `number` (required)")
	fs.StringVar(&f.country, "country", "", "destination `country`: an ISO 3166 alpha-2 code or a name in English, Chinese or its own language (DE, Germany, 德国, Deutschland)")
	fs.StringVar(&f.buyer, "buyer", "", "buyer `name`")
	fs.StringVar(&f.email, "email", "", "buyer email `address`")
	fs.StringVar(&f.phone, "phone", "", "buyer `phone` number, for the courier")
	fs.StringVar(&f.promised, "promised", "", "promised delivery `date`: YYYY-MM-DD, +20d, fri …")
	fs.StringVar(&f.method, "method", "", "shipping `method` as the marketplace names it (its promised days apply without --promised)")
	fs.StringVar(&f.address, "address", "", "shipping `address`")
	fs.StringVar(&f.product, "product", "", "what is in the parcel, as the `name` customs will read (checked for batteries, liquids …)")
	fs.StringVar(&f.amount, "amount", "", "what the buyer paid, e.g. 19.90 (`amount`)")
	fs.StringVar(&f.currency, "currency", "", "ISO 4217 `code` of --amount and --declared-value, e.g. USD")
	fs.StringVar(&f.hsCode, "hs-code", "", "HS `code` of the goods, 6 to 10 digits")
	fs.StringVar(&f.declared, "declared-value", "", "customs declared `value`, e.g. 15.00")
	fs.BoolVar(&f.insured, "insured", false, "the parcel is insured (--insured=false says it is not)")
	fs.StringVar(&f.packaging, "packaging", "", "how it was packed, as packing `notes`: double box, bubble wrap …")
}

func (a *app) editCmd() *cobra.Command {
	var f addFlags
	cmd := leaf("edit --order NO [flags]", "change an order's fields (only those given as flags)", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		o, err := f.order(time.Now(), cmd.Flags().Changed("insured"))
		if err != nil {
			return err
		}
		changed := 0
		cmd.Flags().Visit(func(fl *pflag.Flag) {
			if fl.Name != "order" && fl.Name != "db" && fl.Name != "config" {
				changed++
			}
		})
		if changed == 0 {
			return usagef("say what to change: --buyer, --email, --phone, --country, --address … (waybill edit --help)")
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		known, err := s.store.FindOrder(cmd.Context(), o.OrderNo, false)
		if errors.Is(err, tracker.ErrNotFound) {
			return problemf("no order %q in %s (waybill add adds one with its parcel)", o.OrderNo, s.store.Path())
		}
		if err != nil {
			return err
		}
		o.OrderNo = known.OrderNo // as stored, however it was typed
		if _, err := svc.WriteOrders(cmd.Context(), actor(), []tracker.OrderDetail{{Order: o}}, time.Time{}); err != nil {
			return wrapf("edit order %s: %v", o.OrderNo, err)
		}
		got, err := s.store.FindOrder(cmd.Context(), o.OrderNo, false)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, a.tr().Plain("order %s changed", ui.Sanitize(got.OrderNo)))
		for _, ch := range got.Checks {
			fmt.Fprintln(a.stdout, a.tr().Plain("warning: order %s: %s", ui.Sanitize(got.OrderNo), ui.Sanitize(a.tr().Check(ch))))
		}
		return nil
	})
	cmd.Long = "change an order's fields: each flag given replaces what is stored, the others keep it"
	f.orderFlags(cmd.Flags())
	return cmd
}

// parcel reads add's flags into the order and its parcel, with what the
// detector said of the number. A flag not given leaves its field empty,
// so the stored value stays.
func (f addFlags) parcel(now time.Time, insuredSet bool) (tracker.Order, tracker.Shipment, number.Result, error) {
	fail := func(err error) (tracker.Order, tracker.Shipment, number.Result, error) {
		return tracker.Order{}, tracker.Shipment{}, number.Result{}, err
	}
	o, err := f.order(now, insuredSet)
	if err != nil {
		return fail(err)
	}
	det, badNumber := tracker.CheckTrackingNumber(f.tracking)
	sh := tracker.Shipment{TrackingNo: det.Number, Carrier: strings.ToLower(strings.TrimSpace(f.carrier)), Destination: o.Country,
		Status: tracker.StatusPending, NextCheckAt: now}
	switch {
	case strings.TrimSpace(f.tracking) == "":
		return fail(usagef("--tracking is required"))
	case det.Number == number.Normalize(o.OrderNo):
		return fail(usagef("--tracking %q is the same as --order: that is the order number, not the parcel's tracking number", f.tracking))
	case sh.Carrier != "" && number.CarrierName(sh.Carrier) == "":
		return fail(usagef("--carrier %q: not a carrier slug (the README lists them; `waybill detect NUMBER` suggests one)", f.carrier))
	}
	if f.shipped != "" {
		if sh.ShippedAt, err = parseDate("--shipped", f.shipped, now); err != nil {
			return fail(err)
		}
	}
	if !det.Valid {
		if !f.force {
			return fail(problemf("--tracking %q: %s (use --force to store it anyway, marked unverified)", f.tracking, badNumber))
		}
		sh.Unverified = true
	}
	if sh.Carrier == "" {
		sh.Carrier = det.Carrier
	}
	if err := checkFlags(tracker.OrderDetail{Shipments: []tracker.ShipmentDetail{{Shipment: sh}}}); err != nil {
		return fail(err)
	}
	return o, sh, det, nil
}

// flagOf is the flag of add and edit that sets each field of an order.
var flagOf = map[string]string{
	tracker.FieldOrderNo: "--order", tracker.FieldTrackingNo: "--tracking", tracker.FieldCarrier: "--carrier",
	tracker.FieldBuyer: "--buyer", tracker.FieldEmail: "--email", tracker.FieldPhone: "--phone",
	tracker.FieldCountry: "--country", tracker.FieldAddress: "--address", tracker.FieldProduct: "--product",
	tracker.FieldCurrency: "--currency", tracker.FieldShippingMethod: "--method", tracker.FieldHSCode: "--hs-code",
	tracker.FieldPackaging: "--packaging",
}

// checkFlags holds what the flags give to the rules every write of an
// order is held to (tracker.CheckOrder), as an import's cells are, and
// names the flag of each value refused.
func checkFlags(od tracker.OrderDetail) error {
	bad := tracker.CheckOrder(od)
	if len(bad) == 0 {
		return nil
	}
	formats := make([]string, len(bad))
	var args []any
	for i, e := range bad {
		name, ok := flagOf[e.Field]
		if !ok {
			name = e.Field
		}
		formats[i] = "%s %q: %v"
		args = append(args, name, e.Value, fieldReason(e.Reason))
	}
	return usagef(strings.Join(formats, "; "), args...)
}

// fieldReason is a reason of tracker.FieldProblem as an error, so exit
// says it in the run's language where the catalog has it (an email, a
// currency, an HS code refused), else as tracker wrote it.
type fieldReason string

func (r fieldReason) Error() string { return string(r) }

func (r fieldReason) Phrased() tracker.Phrase {
	return tracker.Phrase{Format: "%s", Args: []any{tracker.Hint(r)}}
}

// order reads the order's flags of add and edit. No order status, and no
// ship date unless --shipped: the write marks a new order (or one still
// being prepared) shipped and dates a new parcel, and keeps a known
// order's status and a known parcel's date, as for a paste or an import
// (tracker.Service.WriteOrders).
func (f addFlags) order(now time.Time, insuredSet bool) (tracker.Order, error) {
	o := tracker.Order{OrderNo: strings.TrimSpace(f.orderNo), Buyer: strings.TrimSpace(f.buyer), Email: strings.TrimSpace(f.email),
		Phone: strings.TrimSpace(f.phone), ShippingMethod: strings.TrimSpace(f.method), CreatedAt: now}
	if o.OrderNo == "" {
		return o, usagef("--order is required")
	}
	if f.country != "" {
		cc, err := tracker.ParseCountry(f.country)
		if err != nil {
			return o, usagef("--country %q: %v", f.country, err)
		}
		o.Country = cc
	}
	if f.promised != "" {
		var err error
		if o.PromisedAt, err = parseDate("--promised", f.promised, now); err != nil {
			return o, err
		}
	}
	if err := f.contents(&o, insuredSet); err != nil {
		return o, err
	}
	return o, checkFlags(tracker.OrderDetail{Order: o})
}

// contents puts add's flags about the parcel's contents on o.
func (f addFlags) contents(o *tracker.Order, insuredSet bool) error {
	o.Address, o.Product = strings.TrimSpace(f.address), strings.TrimSpace(f.product)
	o.Packaging = strings.TrimSpace(f.packaging)
	var err error
	if strings.TrimSpace(f.amount) != "" {
		if o.Amount, err = tracker.ParseMoney(f.amount); err != nil {
			return usagef("--amount %q: %v", f.amount, err)
		}
	}
	if strings.TrimSpace(f.declared) != "" {
		if o.DeclaredValue, err = tracker.ParseMoney(f.declared); err != nil {
			return usagef("--declared-value %q: %v", f.declared, err)
		}
	}
	if c := strings.ToUpper(strings.TrimSpace(f.currency)); c != "" {
		if !tracker.ValidCurrency(c) {
			return usagef("--currency %q: want an ISO 4217 code such as USD", f.currency)
		}
		o.Currency = c
	}
	if h := strings.TrimSpace(f.hsCode); h != "" {
		if !tracker.ValidHSCode(h) {
			return usagef("--hs-code %q: want 6 to 10 digits", f.hsCode)
		}
		o.HSCode = h
	}
	if insuredSet {
		insured := f.insured
		o.Insured = &insured
	}
	return nil
}

// addParcel stores the parcel on its order and says what was added, and
// every warning: a number stored unverified or untracked, and the order's
// pre-shipment checks.
func addParcel(ctx context.Context, out io.Writer, tr *i18n.Printer, st orderFinder, svc *tracker.Service, o tracker.Order, sh tracker.Shipment, det number.Result) error {
	od := tracker.OrderDetail{Order: o, Shipments: []tracker.ShipmentDetail{{Shipment: sh}}}
	if _, err := svc.WriteOrders(ctx, actor(), []tracker.OrderDetail{od}, time.Time{}); err != nil {
		return wrapf("add order %s: %v", o.OrderNo, err)
	}
	got, err := st.FindOrder(ctx, o.OrderNo, false)
	if err != nil {
		return wrapf("add order %s: read it back: %v", o.OrderNo, err)
	}
	carrierName := tr.Plain("carrier unknown")
	if sh.Carrier != "" {
		carrierName = sh.Carrier
	}
	fmt.Fprintln(out, tr.Plain("added %s (%s) to order %s (%d shipment(s))", ui.Sanitize(sh.TrackingNo), ui.Sanitize(carrierName), ui.Sanitize(got.OrderNo), len(got.Shipments)))
	switch {
	case sh.Unverified:
		fmt.Fprintln(out, tr.Plain("warning: %s did not validate and is stored unverified: %s", ui.Sanitize(sh.TrackingNo), ui.Sanitize(det.Explain())))
	case !det.Tracked:
		fmt.Fprintln(out, tr.Plain("warning: %s", ui.Sanitize(tr.DetectorNote(det.Note))))
	}
	for _, ch := range got.Checks {
		fmt.Fprintln(out, tr.Plain("warning: order %s: %s", ui.Sanitize(got.OrderNo), ui.Sanitize(tr.Check(ch))))
	}
	return nil
}

func (a *app) listCmd() *cobra.Command {
	var asJSON bool
	var query, status string
	cmd := leaf("list", "list parcels: all, in a status, or those a filter finds", func(cmd *cobra.Command, args []string) error {
		var st tracker.Status
		if status != "" {
			var err error
			if st, err = tracker.ParseStatus(status); err != nil {
				return usagef("--status: %v", err)
			}
		}
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		return listOrders(cmd.Context(), a.stdout, a.tr(), s.store, s.etaModel, st, query, asJSON)
	})
	cmd.Long = "list orders' parcels: all, those in a status, or those the filter finds (as / on the screen)"
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of orders")
	cmd.Flags().StringVar(&query, "query", "", "only the parcels whose order no, tracking no, buyer, destination, carrier or status has words beginning with each word of `Q`")
	cmd.Flags().StringVar(&status, "status", "", "only the parcels in this `status` (pending, in_transit, customs, delivered, …)")
	return cmd
}

func listOrders(ctx context.Context, out io.Writer, tr *i18n.Printer, lister orderLister, eta etaAt, st tracker.Status, query string, asJSON bool) error {
	orders, err := lister.ListOrdersMatching(ctx, st, query)
	if err != nil {
		return err
	}
	if asJSON {
		model, now, err := eta(ctx)
		if err != nil {
			return err
		}
		rows := make([]tracker.OrderJSON, 0, len(orders))
		for _, o := range orders {
			rows = append(rows, o.JSONAt(false, model, now))
		}
		return writeJSON(out, rows)
	}
	// A column marks demo orders when the list holds any (demo.go).
	demoCol := slices.ContainsFunc(orders, func(o tracker.OrderDetail) bool { return o.Demo })
	tw := newTable(out)
	fmt.Fprint(tw, heads(tr, "ORDER", "TRACKING", "CARRIER", "DEST", "STATUS", "LAST EVENT", "EXCEPTIONS"))
	if demoCol {
		fmt.Fprint(tw, "\t"+tr.Plain("DEMO"))
	}
	fmt.Fprintln(tw)
	for _, o := range orders {
		for _, s := range o.Shipments {
			last := "—"
			if !s.LastEventAt.IsZero() {
				last = s.LastEventAt.Local().Format("2006-01-02 15:04")
			}
			dest := s.Destination
			if dest == "" {
				dest = o.Country
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s", ui.Sanitize(o.OrderNo), ui.Sanitize(s.TrackingNo), ui.Sanitize(s.Carrier), ui.Sanitize(dest), statusWord(tr, s.Status), last, kindsWord(tr, s.Exceptions))
			if demoCol && o.Demo {
				fmt.Fprint(tw, "\t"+tr.Plain("cli:demo"))
			}
			fmt.Fprintln(tw)
		}
	}
	return tw.Flush()
}

func (a *app) showCmd() *cobra.Command {
	var asJSON bool
	cmd := leaf("show ORDER_OR_TRACKING_NO", "one order, by order or tracking number", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one order number or tracking number, got %d arguments", len(args))
		}
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		return showOrder(cmd.Context(), a.stdout, a.tr(), s.store, s.etaModel, args[0], asJSON)
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the order as JSON, events newest first")
	return cmd
}

func showOrder(ctx context.Context, out io.Writer, tr *i18n.Printer, st orderFinder, eta etaAt, key string, asJSON bool) error {
	o, err := st.FindOrder(ctx, key, true)
	if errors.Is(err, tracker.ErrNotFound) {
		return problemf("no order or tracking number %q in %s", key, st.Path())
	}
	if err != nil {
		return err
	}
	model, now, err := eta(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(out, o.JSONAt(true, model, now))
	}
	status := string(o.Status)
	if tr.Lang() != i18n.En {
		status = tr.WordOr("order:"+status, status)
	}
	fmt.Fprint(out, tr.Plain("Order %s  %s  buyer %s  to %s", ui.Sanitize(o.OrderNo), status, ui.Sanitize(o.Buyer), ui.Sanitize(o.Country)))
	if o.Demo {
		fmt.Fprint(out, tr.Plain("  demo order (made up; waybill demo --remove deletes it)"))
	}
	fmt.Fprintln(out)
	if o.MarketStatus != "" {
		fmt.Fprintln(out, tr.Plain("%s says %s", ui.Sanitize(o.Marketplace), ui.Sanitize(o.MarketStatus)))
	}
	if line := contentsLine(tr, o.Order); line != "" {
		fmt.Fprintln(out, line)
	}
	for _, ch := range o.Checks {
		fmt.Fprintln(out, tr.Plain("warning: %s", ui.Sanitize(tr.Check(ch))))
	}
	for _, s := range o.Shipments {
		fmt.Fprintf(out, "\n%s  %s  %s  %s\n", ui.Sanitize(s.TrackingNo), ui.Sanitize(s.Carrier), statusWord(tr, s.Status), kindsWord(tr, s.Exceptions))
		if s.CheckError != "" {
			fmt.Fprintln(out, "  "+tr.Plain("last check failed: %s", ui.Sanitize(tr.ServiceError(s.CheckError))))
		}
		if line := lastMileLine(tr, s.LastMile); line != "" {
			fmt.Fprintln(out, line)
		}
		if est, ok := tracker.EstimateETA(model, s.Shipment, o.Order, now); ok {
			j := est.JSON()
			if est.Source == tracker.ETAFromCarrier {
				fmt.Fprintln(out, tr.Plain("  ETA %s (the carrier's estimate)", j.Date))
			} else {
				basis := ui.Sanitize(j.Basis)
				if tr.Lang() != i18n.En {
					basis = tr.WordOr("basis:"+j.Basis, basis)
				}
				fmt.Fprintln(out, tr.Plain("  ETA %s, 8 in 10 within %s–%s (%d delivered parcels, same %s)", j.Date, j.From, j.To, j.Samples, basis))
			}
		}
		tw := newTable(out)
		for _, ev := range s.Events {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", ev.Time.Local().Format("2006-01-02 15:04"), statusWord(tr, ev.Status), ui.Sanitize(ev.Location), ui.Sanitize(ev.Description))
		}
		tw.Flush()
	}
	return nil
}

// contentsLine is show's line about what is in the parcel, "" when the
// order says nothing about it.
func contentsLine(tr *i18n.Printer, o tracker.Order) string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, tr.Word(label)+" "+ui.Sanitize(v))
		}
	}
	add("cli:product", o.Product)
	if o.Amount != 0 {
		add("cli:amount", strings.TrimSpace(o.Amount.String()+" "+o.Currency))
	}
	add("cli:HS", o.HSCode)
	if o.DeclaredValue != 0 {
		add("cli:declared", strings.TrimSpace(o.DeclaredValue.String()+" "+o.Currency))
	}
	if o.Insured != nil {
		add("cli:insured", yesNoWord(tr, *o.Insured))
	}
	add("cli:packaging", o.Packaging)
	add("cli:address", o.Address)
	return strings.Join(parts, "  ")
}

// parseDate reads a date flag as the screen's date fields read theirs
// (tracker.ParseDate: 2026-12-10, today, +3d, fri …), relative to now;
// the error names the flag and the value.
func parseDate(field, v string, now time.Time) (time.Time, error) {
	t, err := tracker.ParseDate(v, now)
	if err != nil {
		return time.Time{}, usagef("%s: %v", field, err)
	}
	return t, nil
}
