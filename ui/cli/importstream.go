package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"waybill/tracker"
	"waybill/tracker/orderfile"
)

// importRun is `waybill import` of a CSV file, which streams: a batch of
// rows (orderfile.StreamBatch) is read, checked and written at a time, so
// memory stays flat whatever the file's length. As any bad row imports
// nothing (without --skip-invalid), the file is read twice: once to check
// every row, then again to write; --skip-invalid and --dry-run read it
// once. Each batch is written in a transaction of its own: a kill keeps
// whole batches, and importing the file again completes it (it changes
// nothing twice).
type importRun struct {
	opt       orderfile.Options
	skip, dry bool
	prechecks tracker.PrecheckConfig
	progress  io.Writer // the progress line's terminal, drawn when on
	on        bool
	clock     func() time.Time // nil: time.Now
	open      func() (orderWriter, error)
}

// csv imports a CSV file, f at its start, and says whether it wrote (or
// would have written, for a dry run with no problems).
func (run *importRun) csv(ctx context.Context, f io.ReadSeeker, out *ImportSummary) (*orderfile.Result, bool, error) {
	enc, err := orderfile.DetectEncoding(f, run.opt.Encoding)
	if err != nil {
		return nil, false, err
	}
	opt := run.opt
	opt.Encoding = enc
	p := tracker.NewPrechecker(run.prechecks)
	pass := func(what string, each func([]tracker.OrderDetail, *orderfile.Result) error) (*orderfile.Result, error) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		line := newProgress(run.progress, run.on, what, run.clock)
		defer line.Done()
		read := 0
		return orderfile.StreamCSV(f, opt, func(orders []tracker.OrderDetail, res *orderfile.Result) error {
			line.Add(res.Rows - read)
			read = res.Rows
			return each(orders, res)
		})
	}
	counted := false
	var checked *orderfile.Result
	if run.dry || !run.skip {
		res, err := pass(out.tr.Plain("rows checked"), func(orders []tracker.OrderDetail, _ *orderfile.Result) error {
			out.precheck(p, orders)
			return nil
		})
		if err != nil {
			return nil, false, err
		}
		out.precheckDone()
		if run.dry || res.ProblemCount > 0 {
			return res, false, nil // nothing to write
		}
		checked, counted = res, true
	}
	written := 0 // rows read before the batch being written
	res, err := pass(out.tr.Plain("rows imported"), func(orders []tracker.OrderDetail, res *orderfile.Result) error {
		if checked != nil && res.ProblemCount > 0 {
			return problemf("the file changed while it was imported: a problem the first reading did not find; the first %d rows are stored, and importing the file again once fixed completes it", written)
		}
		if !counted {
			out.precheck(p, orders)
		}
		if len(orders) > 0 {
			w, err := run.open()
			if err != nil {
				return err
			}
			added, err := w.WriteOrders(ctx, actor(), orders, opt.Now)
			out.NewOrders += added.Orders
			out.NewShipments += added.Shipments
			if err != nil {
				return wrapf("%v (the first %d rows are stored; import the file again once fixed: it changes nothing twice)", err, written)
			}
			out.Written = true
		}
		written = res.Rows
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	if !counted {
		out.precheckDone()
	}
	if checked != nil && (res.Rows != checked.Rows || res.OrderCount != checked.OrderCount) {
		return nil, false, problemf("the file changed while it was imported: %d rows read to check, %d to write; import it again", checked.Rows, res.Rows)
	}
	return res, true, nil
}

// rate sets how long the import took and its rates, from the wall-clock
// and CPU time it used (cpu zero where the system does not say).
func (sum *ImportSummary) rate(wall, cpu time.Duration) {
	sum.Seconds = wall.Seconds()
	sum.RowsPerSecond, sum.RowsPerCPUSecond = 0, 0
	if wall > 0 {
		sum.RowsPerSecond = float64(sum.Rows) / wall.Seconds()
	}
	if cpu > 0 {
		sum.RowsPerCPUSecond = float64(sum.Rows) / cpu.Seconds()
	}
}

// rateLine is import's last line: its time and rates. Rows per CPU-second
// measures the import whatever else the machine runs; rows/s is what
// waiting for it costs.
func (sum *ImportSummary) rateLine() string {
	s := sum.tr.Plain("%d rows in %.1f s: %s rows/s", sum.Rows, sum.Seconds, thousands(sum.RowsPerSecond))
	if sum.RowsPerCPUSecond > 0 {
		s += sum.tr.Plain(", %s rows per CPU-second", thousands(sum.RowsPerCPUSecond))
	}
	return s
}

// thousands is v rounded, with a comma every three digits.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
