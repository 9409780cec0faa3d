package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/orderfile"
	"waybill/ui/i18n"
)

// importSheet is `waybill import` on the screen: the path, the file read
// and checked off the event loop, the report, and the person's choice:
// every row (only when none is bad: all or nothing), the good rows only,
// or nothing. The write goes in chunks so the sheet can show how far it
// got, and esc stops it between two.
type importSheet struct {
	c     *common
	path  lineEdit
	stage importStage

	seq, readReq, writeReq int

	file   string // the path read, ~ expanded
	res    *orderfile.Result
	readAt time.Time             // when res was read
	orders []tracker.OrderDetail // what is being written
	top    int
	sel    int
	rows   int

	written, newOrders, newShips int
	stop                         bool // esc while writing: stop after this chunk
	skipped                      bool // the good rows only

	err  string
	done bool
	note string
	bad  bool
}

type importStage int

const (
	importPath    importStage = iota // typing the path
	importReading                    // the file is being read
	importReport                     // the report; the person chooses
	importWriting
	importDone
)

// Bounds of an import from the screen.
const (
	maxImportBytes = 64 << 20
	importChunk    = 1000 // orders per write, so progress shows and esc can stop
)

// fileReadMsg answers the read of an order file.
type fileReadMsg struct {
	req    int
	file   string
	res    *orderfile.Result
	readAt time.Time // rows without a ship date carry it
	err    error
}

func newImportSheet(c *common) *importSheet {
	return &importSheet{c: c, path: newLineEdit("", 512), rows: 10}
}

func (s *importSheet) head() (string, string) {
	title := s.c.tr.T("Import an order file")
	switch s.stage {
	case importReading:
		return title, s.c.tr.T("reading…")
	case importWriting:
		return title, s.c.tr.T("writing %s/%s orders…", strconv.Itoa(s.written), strconv.Itoa(len(s.orders)))
	}
	if s.file != "" {
		return title, shortHome(s.file)
	}
	return title, ""
}

func (s *importSheet) closed() (string, bool, bool) { return s.note, s.bad, s.done }

// importHead is the most lines around the problems table.
const importHead = 17

func (s *importSheet) resize(_, h int) {
	s.rows = max(1, h-importHead)
	s.move(0)
}

func (s *importSheet) paste(text string) tea.Cmd {
	if s.stage == importPath {
		s.path.paste(strings.TrimSpace(text))
	}
	return nil
}

// shortHome writes a path under the home folder with ~.
func shortHome(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		return "~" + p[len(home):]
	}
	return p
}

// readOrderFile reads and checks a file as `waybill import` does.
// The errors it makes itself are in tr's language; the system's and the
// file reader's are as they come.
func readOrderFile(ctx context.Context, tr *i18n.Printer, req int, path string, columns map[string]string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		p := expandHome(path)
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			return fileReadMsg{req: req, file: p, err: err}
		case fi.IsDir():
			return fileReadMsg{req: req, file: p, err: errors.New(tr.T("path %q is a folder; give a CSV or XLSX file", path))}
		case fi.Size() > maxImportBytes:
			return fileReadMsg{req: req, file: p, err: errors.New(tr.T("path %q: %s MB is more than the screen imports (%s MB); use waybill import", path, strconv.FormatInt(fi.Size()>>20, 10), strconv.Itoa(maxImportBytes>>20)))}
		}
		if err := ctx.Err(); err != nil {
			return fileReadMsg{req: req, file: p, err: err}
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fileReadMsg{req: req, file: p, err: err}
		}
		res, err := orderfile.Read(p, data, orderfile.Options{Columns: columns, Now: now})
		if err != nil {
			var fe *orderfile.FileError
			if errors.As(err, &fe) {
				err = fmt.Errorf("%s: %w", shortHome(p), fe)
			}
			return fileReadMsg{req: req, file: p, err: err}
		}
		return fileReadMsg{req: req, file: p, res: res, readAt: now}
	}
}

// writeChunk writes orders[start:] up to one chunk and counts what it
// added. The chunk is written as of the time the file was read, so the
// rows it dated then are told apart from a parcel's own date
// (store.DB.ImportOrders).
func (s *importSheet) writeChunk(start int) tea.Cmd {
	ctx, svc, actor := s.c.ctx, s.c.svc, s.c.actor
	orders, req, readAt := s.orders, s.writeReq, s.readAt
	return func() tea.Msg {
		msg := writtenMsg{req: req, orders: len(orders), done: start}
		end := min(start+importChunk, len(orders))
		added, err := svc.WriteOrders(ctx, actor, orders[start:end], readAt)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.newOrders, msg.newShips = added.Orders, added.Shipments
		msg.done = end
		return msg
	}
}

func (s *importSheet) result(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case fileReadMsg:
		if m.req != s.readReq {
			return nil
		}
		s.readReq = 0
		s.file = m.file
		if m.err != nil {
			s.stage, s.err = importPath, s.c.tr.Err(m.err)
			return nil
		}
		s.res, s.readAt, s.stage, s.sel, s.top = m.res, m.readAt, importReport, 0, 0
	case writtenMsg:
		if m.req != s.writeReq {
			return nil
		}
		if m.done == 0 && m.err == nil {
			return nil
		}
		s.newOrders += m.newOrders
		s.newShips += m.newShips
		if m.err != nil {
			s.writeReq, s.stage, s.bad = 0, importDone, true
			s.err = s.c.tr.T("import stopped: %s (the %s orders before it are stored; importing the file again changes nothing twice)", errorText(s.c.tr, m.err), strconv.Itoa(s.written))
			return nil
		}
		s.written = m.done
		if s.written < len(s.orders) && !s.stop {
			return s.writeChunk(s.written)
		}
		s.writeReq, s.stage = 0, importDone
	}
	return nil
}

func (s *importSheet) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	switch s.stage {
	case importPath:
		switch {
		case key.Matches(msg, k.Close):
			s.done, s.note = true, s.c.tr.T("nothing imported")
		case key.Matches(msg, k.Confirm):
			p := strings.TrimSpace(s.path.String())
			if p == "" {
				s.err = s.c.tr.T("path is empty: type the path of a CSV or XLSX file")
				return nil
			}
			s.err, s.stage = "", importReading
			s.seq++
			s.readReq = s.seq
			return readOrderFile(s.c.ctx, s.c.tr, s.readReq, p, s.c.columns, s.c.clock.Now())
		default:
			if s.path.update(msg) {
				s.err = ""
			}
		}
	case importReading:
		if key.Matches(msg, k.Close) {
			s.done, s.note = true, s.c.tr.T("nothing imported")
			s.readReq = 0
		}
	case importReport:
		switch {
		case key.Matches(msg, k.Close):
			s.done, s.note = true, s.c.tr.T("nothing imported from %s", shortHome(s.file))
		case key.Matches(msg, k.WriteAll):
			if s.res.ProblemCount > 0 {
				s.err = s.c.tr.T("write all refused: %s bad rows, and an import is all or nothing; s writes the good rows only", strconv.Itoa(s.res.BadRows))
				return nil
			}
			return s.write(false)
		case key.Matches(msg, k.WriteGood):
			return s.write(true)
		case key.Matches(msg, k.Down):
			s.move(1)
		case key.Matches(msg, k.Up):
			s.move(-1)
		case key.Matches(msg, k.PageDown):
			s.move(s.rows)
		case key.Matches(msg, k.PageUp):
			s.move(-s.rows)
		case key.Matches(msg, k.Top):
			s.move(-len(s.res.Problems))
		case key.Matches(msg, k.Bottom):
			s.move(len(s.res.Problems))
		}
	case importWriting:
		if key.Matches(msg, k.Close) {
			s.stop = true
		}
	case importDone:
		if key.Matches(msg, k.Close) || key.Matches(msg, k.Confirm) {
			s.done, s.note = true, s.summary()
		}
	}
	return nil
}

func (s *importSheet) write(skip bool) tea.Cmd {
	if len(s.res.Orders) == 0 {
		s.err = s.c.tr.T("nothing to write: the file has no good rows")
		return nil
	}
	s.skipped = skip
	s.orders = s.res.Orders
	s.written, s.newOrders, s.newShips = 0, 0, 0
	s.stage, s.err = importWriting, ""
	s.seq++
	s.writeReq = s.seq
	return s.writeChunk(0)
}

func (s *importSheet) move(d int) {
	n := 0
	if s.res != nil {
		n = len(s.res.Problems)
	}
	s.sel = clampInt(s.sel+d, 0, max(0, n-1))
	if s.sel < s.top {
		s.top = s.sel
	}
	if s.sel >= s.top+s.rows {
		s.top = s.sel - s.rows + 1
	}
}

// summary is the last word of an import, for the sheet and the status bar.
// The counts come first and the file last: a long path cut at the edge of
// the screen must not take the counts with it.
func (s *importSheet) summary() string {
	if s.res == nil {
		return ""
	}
	tr, n := s.c.tr, strconv.Itoa
	out := tr.T("%s orders of %s written (%s new orders, %s new shipments)",
		n(s.written), n(len(s.orders)), n(s.newOrders), n(s.newShips))
	if s.stop && s.written < len(s.orders) {
		out += tr.T("; stopped: import the file again to write the rest (it changes nothing twice)")
	}
	if s.skipped && s.res.BadRows > 0 {
		out += tr.T("; %s bad rows skipped", n(s.res.BadRows))
	}
	return out + " · " + shortHome(s.file)
}

func importColumns(tr *i18n.Printer) []column {
	return titled(tr, []column{
		{title: "Line", min: 5, max: 6, prio: 0, right: true},
		{title: "Column", min: 8, max: 16, prio: 1, grow: 1},
		{title: "Value", min: 10, max: 24, prio: 2, grow: 2},
		{title: "Reason", min: 20, max: 0, want: 60, prio: 0},
	})
}

func (s *importSheet) body(w, h int) []string {
	st, tr, n := s.c.styles, s.c.tr, strconv.Itoa
	var out []string
	focused := s.stage == importPath
	// The label's width is its own: 文件 is as wide as "File".
	label := tr.T("File") + " "
	lw := widthOf(label)
	out = append(out, st.PaneTitleOn.Render(label)+s.path.view(max(1, w-lw), st, focused))
	switch s.stage {
	case importPath:
		out = append(out, st.Dim.Render(cell(tr.T("a CSV or XLSX export; ~ is your home folder. Rows are checked before anything is written."), w)))
	case importReading:
		out = append(out, st.Busy.Render(tr.T("reading and checking %s…", Sanitize(shortHome(s.path.String())))))
	}
	if s.res != nil && s.stage >= importReport {
		r := s.res
		out = append(out, cell(tr.T("%s rows read: %s orders, %s shipments · %s bad rows, %s problems",
			n(r.Rows), n(len(r.Orders)), n(r.Shipments()), n(r.BadRows), n(r.ProblemCount)), w))
		if n := r.Unlisted(); n > 0 {
			out = append(out, st.Dim.Render(cell(unlistedLine(tr, r), w)))
		}
		if len(r.Ignored) > 0 {
			out = append(out, st.Dim.Render(cell(tr.T("ignored columns: %s", Sanitize(strings.Join(r.Ignored, ", "))), w)))
		}
		switch s.stage {
		case importReport:
			out = append(out, s.choices(w)...)
		case importWriting:
			out = append(out, st.Busy.Render(cell(progressBar(s.written, len(s.orders), 24)+tr.T(" %s/%s orders", n(s.written), n(len(s.orders))), w)))
		case importDone:
			ink := st.OK
			if s.bad {
				ink = st.Error
			}
			out = append(out, ink.Render(cell(Sanitize(s.summary()), w)))
		}
	}
	if s.err != "" {
		for _, l := range wrapText(Sanitize(s.err), w, 3) {
			out = append(out, st.Error.Render(l))
		}
	}
	if s.res == nil || len(s.res.Problems) == 0 || s.stage < importReport {
		return out
	}
	out = append(out, "")
	t := newTable(importColumns(tr), w)
	out = append(out, t.header(st.inkHeader))
	cells := make([]tcell, 4)
	probs := s.res.Problems
	// The selected problem in full below the table: reasons run long.
	full := ProblemText(tr, probs[s.sel])
	detail := wrapText(Sanitize(full), w, 5)
	for i := s.top; i < len(probs) && len(out) < h-len(detail)-1; i++ {
		p := probs[i]
		cells[0] = plain("")
		if p.Line > 0 {
			cells[0] = plain(strconv.Itoa(p.Line))
		}
		cells[1] = plain(Sanitize(p.Column))
		cells[2] = plain(Sanitize(p.Value))
		reason := numberReason(tr, p.Reason)
		if len(p.Suggestions) > 0 {
			reason = strings.TrimSuffix(strings.TrimSuffix(reason, "."), "。") + tr.T("; did you mean %s?", strings.Join(p.Suggestions, tr.T(" or ")))
		}
		cells[3] = styled(Sanitize(reason), st.severityInk(tracker.SeverityHigh))
		out = append(out, t.row(cells, i == s.sel, st.inkSelected))
	}
	out = append(out, "")
	for _, l := range detail {
		out = append(out, st.Dim.Render(l))
	}
	return out
}

// ProblemText is a problem of an order file in full, as the import sheet
// and `waybill import` say it: in English orderfile's own words; in
// Chinese its frame (line, column, value) and the reasons the catalog
// knows (a tracking number's, a field's, a cell's date, amount, country or
// yes/no), the others as orderfile wrote them.
func ProblemText(tr *i18n.Printer, p orderfile.Problem) string {
	if tr.Lang() == i18n.En {
		return p.String()
	}
	var b strings.Builder
	if p.Line > 0 {
		b.WriteString(tr.Plain("line %d: ", p.Line))
	}
	if p.Column != "" {
		b.WriteString(tr.Plain("column %q: ", p.Column))
	}
	if p.Line > 0 {
		b.WriteString(tr.Plain("value %q: ", p.Value))
	}
	reason := numberReason(tr, p.Reason)
	if reason == p.Reason {
		reason = fieldReason(tr, p.Reason)
	}
	if ph, ok := p.ReasonPhrase(); ok && reason == p.Reason {
		reason = tr.Phrase(ph)
	}
	if len(p.Suggestions) > 0 {
		// As the reader does: the sentence's stop gives way to the question.
		reason = strings.TrimRight(reason, ".。")
	}
	b.WriteString(reason)
	if len(p.Suggestions) > 0 {
		b.WriteString(tr.Plain("; did you mean %s?", strings.Join(p.Suggestions, tr.Plain(" or "))))
	}
	return b.String()
}

// unlistedLine says what the table leaves out, by column: a file with
// more problems than orderfile.MaxProblems is wrong in a column or two,
// and this says which (`waybill import` prints each column's lines).
func unlistedLine(tr *i18n.Printer, r *orderfile.Result) string {
	n := strconv.Itoa
	parts := make([]string, len(r.Tally))
	for i, t := range r.Tally {
		parts[i] = tr.T("%s %s (lines %s–%s)", Sanitize(t.Column), n(t.Problems), n(t.FirstLine), n(t.LastLine))
	}
	return tr.T("the first %s problems are listed, %s more are not; all by column: %s",
		n(len(r.Problems)), n(r.Unlisted()), strings.Join(parts, tr.T(", ")))
}

// choices says what the person may do with the report, one line each.
func (s *importSheet) choices(w int) []string {
	st, tr := s.c.styles, s.c.tr
	r := s.res
	var parts []string
	if r.ProblemCount == 0 {
		parts = append(parts, tr.T("w: write all %s orders", strconv.Itoa(len(r.Orders))))
	} else {
		parts = append(parts, tr.T("w: write all (refused: bad rows, all or nothing)"))
		if len(r.Orders) > 0 {
			parts = append(parts, tr.T("s: write the %s good orders, skip the bad rows", strconv.Itoa(len(r.Orders))))
		}
	}
	parts = append(parts, tr.T("esc: cancel, write nothing"))
	for i, p := range parts {
		parts[i] = st.PaneTitleOn.Render(cell(p, w))
	}
	return parts
}

// progressBar draws done of total in n cells.
func progressBar(done, total, n int) string {
	if total <= 0 {
		return strings.Repeat("░", n)
	}
	full := clampInt(done*n/total, 0, n)
	return strings.Repeat("█", full) + strings.Repeat("░", n-full)
}

func (s *importSheet) ShortHelp() []key.Binding {
	k := s.c.keys
	switch s.stage {
	case importPath:
		// By id: "read" is also an alert's state (已读).
		return []key.Binding{withHelp(k.Confirm, s.c.tr.T("import:read")), k.ClearField, withHelp(k.Close, "cancel")}
	case importReading:
		return []key.Binding{withHelp(k.Close, "cancel")}
	case importReport:
		has := s.res.ProblemCount > 0
		return []key.Binding{
			enabledIf(k.WriteAll, !has && len(s.res.Orders) > 0),
			enabledIf(withHelp(k.WriteGood, "write good rows, skip bad"), has && len(s.res.Orders) > 0),
			enabledIf(moveHelp(k), has),
			withHelp(k.Close, "cancel"),
		}
	case importWriting:
		return []key.Binding{withHelp(k.Close, "stop")}
	}
	return []key.Binding{withHelp(k.Close, "close")}
}

func (s *importSheet) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.ShortHelp(), {s.c.keys.HardQuit}}
}
