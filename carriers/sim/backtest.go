package sim

import (
	"math"
	"slices"
	"strconv"
	"time"

	"waybill/tracker"
)

// BacktestOptions set up an ETA backtest on simulated history.
type BacktestOptions struct {
	Orders int
	Seed   int64
	End    time.Time // the last shipping day; zero: 2025-06-30
	// Days of shipping before End; the first two thirds train the model and
	// the parcels shipped in the last third are predicted.
	Days     int
	Settings tracker.ETASettings // zero: tracker.DefaultETASettings
}

// BacktestFigures measure predictions against the known deliveries.
type BacktestFigures struct {
	Parcels     int     // delivered parcels predicted
	Predicted   int     // of them, how many got an estimate
	MedianError float64 // days between the predicted date and the delivery, median of absolute values
	ByP90       float64 // share delivered no later than the range's end (p90)
	InRange     float64 // share delivered inside the range (p10–p90)
}

// BacktestResult is a whole backtest: the model learns from parcels
// delivered before the cut-off, and predicts the delivery of each parcel
// shipped after it, as of its shipping day and again halfway through its
// journey (knowing only that it has not arrived yet). The carrier's own
// estimate, given at shipping, is measured on the same parcels.
type BacktestResult struct {
	Orders, Trained   int
	Cutoff            time.Time
	AtShipping, MidTr BacktestFigures
	Carrier           BacktestFigures
	// Overdue measures the overdue rule on parcels without a promise that
	// did arrive: the share it would have called overdue first, going by
	// the carrier's estimate alone, and by the later of that estimate and
	// the history p90 (what tracker.EvaluateWithHistory does).
	OverdueByCarrier, OverdueByBoth float64
}

type backtestParcel struct {
	q                 tracker.ETAQuery
	delivered, eta    time.Time
	deliveredOK, test bool
}

// Backtest runs the ETA model over simulated parcels whose whole journeys
// are known in advance (Journey, as the simulated carrier reports them).
// Orders come from Orders in windows of 45 days so that shipping spans
// opt.Days; the same options give the same figures.
func Backtest(opt BacktestOptions) BacktestResult {
	if opt.End.IsZero() {
		opt.End = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	}
	if opt.Days <= 0 {
		opt.Days = 180
	}
	if opt.Settings == (tracker.ETASettings{}) {
		opt.Settings = tracker.DefaultETASettings()
	}
	const window = 45
	windows := max(1, (opt.Days+window-1)/window)
	start := opt.End.AddDate(0, 0, -windows*window)
	cutoff := start.Add(opt.End.Sub(start) * 2 / 3)

	var parcels []backtestParcel
	for w := range windows {
		n := opt.Orders / windows
		if w < opt.Orders%windows {
			n++
		}
		now := opt.End.AddDate(0, 0, -w*window)
		for _, o := range Orders(n, opt.Seed*1_000+int64(w), now) {
			for _, sh := range o.Shipments {
				p := Journey(opt.Seed, sh.TrackingNo, sh.ShippedAt, sh.Destination)
				bp := backtestParcel{q: tracker.QueryOf(sh.Shipment, o.Order), eta: p.ETA, test: !sh.ShippedAt.Before(cutoff)}
				for _, e := range p.Events {
					if e.Status == tracker.StatusDelivered {
						bp.delivered, bp.deliveredOK = e.Time, true
						break
					}
				}
				parcels = append(parcels, bp)
			}
		}
	}

	var train []tracker.Transit
	for _, p := range parcels {
		if p.deliveredOK && p.delivered.Before(cutoff) {
			train = append(train, tracker.Transit{Carrier: p.q.Carrier, Origin: p.q.Origin, Destination: p.q.Destination,
				Method: p.q.Method, ShippedAt: p.q.ShippedAt, DeliveredAt: p.delivered})
		}
	}
	m := tracker.BuildETAModel(train, opt.Settings)
	res := BacktestResult{Orders: opt.Orders, Trained: len(train), Cutoff: cutoff}
	var atShip, mid, carrier figures
	var overCarrier, overBoth, overN int
	for _, p := range parcels {
		if !p.test || !p.deliveredOK {
			continue
		}
		e, ok := m.Predict(p.q, p.q.ShippedAt)
		atShip.add(p.delivered, e, ok)
		half := p.q.ShippedAt.Add(p.delivered.Sub(p.q.ShippedAt) / 2)
		e, ok = m.Predict(p.q, half)
		mid.add(p.delivered, e, ok)
		carrier.add(p.delivered, tracker.ETA{Date: p.eta, From: p.eta, To: p.eta}, !p.eta.IsZero())
		if !p.eta.IsZero() {
			overN++
			due := p.eta
			if d := m.Due(p.q); d.After(due) {
				due = d
			}
			if p.delivered.After(p.eta) {
				overCarrier++
			}
			if p.delivered.After(due) {
				overBoth++
			}
		}
	}
	if overN > 0 {
		res.OverdueByCarrier, res.OverdueByBoth = float64(overCarrier)/float64(overN), float64(overBoth)/float64(overN)
	}
	res.AtShipping, res.MidTr, res.Carrier = atShip.figures(), mid.figures(), carrier.figures()
	return res
}

type figures struct {
	parcels, predicted, byP90, inRange int
	errs                               []float64
}

func (f *figures) add(delivered time.Time, e tracker.ETA, ok bool) {
	f.parcels++
	if !ok {
		return
	}
	f.predicted++
	f.errs = append(f.errs, math.Abs(delivered.Sub(e.Date).Hours()/24))
	if !delivered.After(e.To) {
		f.byP90++
		if !delivered.Before(e.From) {
			f.inRange++
		}
	}
}

func (f *figures) figures() BacktestFigures {
	slices.Sort(f.errs)
	out := BacktestFigures{Parcels: f.parcels, Predicted: f.predicted, MedianError: tracker.Percentile(f.errs, 50)}
	if f.predicted > 0 {
		out.ByP90 = float64(f.byP90) / float64(f.predicted)
		out.InRange = float64(f.inRange) / float64(f.predicted)
	}
	return out
}

// String is the figures in one line.
func (f BacktestFigures) String() string {
	return strconv.Itoa(f.Parcels) + " parcels, " + strconv.Itoa(f.Predicted) + " predicted: median error " +
		strconv.FormatFloat(f.MedianError, 'f', 2, 64) + " days, " +
		strconv.FormatFloat(100*f.ByP90, 'f', 1, 64) + "% delivered by p90, " +
		strconv.FormatFloat(100*f.InRange, 'f', 1, 64) + "% inside p10–p90"
}
