package ui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"waybill/tracker"
)

// Styles is every style the screen uses. It is built per session (a light
// terminal over SSH and a dark local one can run side by side) and never
// changed after it is built, only replaced.
type Styles struct {
	isDark bool

	App         lipgloss.Style
	AppName     lipgloss.Style
	AppTitle    lipgloss.Style
	Demo        lipgloss.Style
	Who         lipgloss.Style // the SSH agent's name and role in the status bar
	WhoViewer   lipgloss.Style // the same for a viewer, who cannot act
	Clock       lipgloss.Style
	Border      lipgloss.Style // pane border, unfocused
	BorderOn    lipgloss.Style // pane border, focused
	PaneTitle   lipgloss.Style
	PaneTitleOn lipgloss.Style
	PaneInfo    lipgloss.Style
	Header      lipgloss.Style
	Selected    lipgloss.Style // selected row in the focused pane
	SelectedOff lipgloss.Style // selected row elsewhere
	Dim         lipgloss.Style
	Empty       lipgloss.Style
	Error       lipgloss.Style
	OK          lipgloss.Style
	Busy        lipgloss.Style
	TooSmall    lipgloss.Style
	Cursor      lipgloss.Style // the cursor cell of a prompt's text field

	severity map[tracker.Severity]lipgloss.Style
	status   map[tracker.Status]lipgloss.Style

	// inks of the styles used for every cell and border of a frame.
	inkBorder, inkBorderOn, inkTitle, inkTitleOn, inkInfo ink
	inkHeader, inkSelected, inkSelectedOff                ink
	inkSeverity                                           map[tracker.Severity]ink
	inkStatus                                             map[tracker.Status]ink

	Help help.Styles
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }

	accent := c("#5A3FD6", "#9D8CFF")
	muted := c("#A0A0A0", "#5C5C5C")
	text := c("#1A1A1A", "#E6E6E6")
	dim := c("#6B6B6B", "#8A8A8A")
	red := c("#C0182B", "#FF5F6D")
	orange := c("#B35900", "#FFA348")
	yellow := c("#8A6D00", "#F2CC60")
	green := c("#1E7D32", "#7BD88F")
	blue := c("#1F5FB4", "#7AB6FF")

	s := &Styles{isDark: isDark}
	s.App = lipgloss.NewStyle().Foreground(text)
	s.AppName = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.AppTitle = lipgloss.NewStyle().Foreground(dim)
	// The demo badge must be impossible to miss: nobody should mistake
	// simulated parcels for a buyer's real ones.
	s.Demo = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#1A1A1A")).Background(c("#F2B600", "#F2CC60"))
	s.Who = lipgloss.NewStyle().Bold(true).Foreground(c("#FFFFFF", "#1A1A1A")).Background(accent)
	s.WhoViewer = lipgloss.NewStyle().Bold(true).Foreground(c("#FFFFFF", "#1A1A1A")).Background(dim)
	s.Clock = lipgloss.NewStyle().Foreground(dim)
	s.Border = lipgloss.NewStyle().Foreground(muted)
	s.BorderOn = lipgloss.NewStyle().Foreground(accent)
	s.PaneTitle = lipgloss.NewStyle().Foreground(dim)
	s.PaneTitleOn = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.PaneInfo = lipgloss.NewStyle().Foreground(dim)
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(dim)
	s.Selected = lipgloss.NewStyle().Bold(true).Foreground(c("#FFFFFF", "#FFFFFF")).Background(accent)
	s.SelectedOff = lipgloss.NewStyle().Foreground(text).Background(c("#E4E4E4", "#3A3A3A"))
	s.Dim = lipgloss.NewStyle().Foreground(dim)
	s.Empty = lipgloss.NewStyle().Foreground(dim).Italic(true)
	s.Error = lipgloss.NewStyle().Foreground(red)
	s.OK = lipgloss.NewStyle().Foreground(green)
	s.Busy = lipgloss.NewStyle().Foreground(blue)
	s.TooSmall = lipgloss.NewStyle().Foreground(orange)
	s.Cursor = lipgloss.NewStyle().Reverse(true)

	s.severity = map[tracker.Severity]lipgloss.Style{
		tracker.SeverityCritical: lipgloss.NewStyle().Bold(true).Foreground(red),
		tracker.SeverityHigh:     lipgloss.NewStyle().Foreground(red),
		tracker.SeverityMedium:   lipgloss.NewStyle().Foreground(orange),
		tracker.SeverityLow:      lipgloss.NewStyle().Foreground(dim),
	}
	st := func(col color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(col) }
	s.status = map[tracker.Status]lipgloss.Style{
		tracker.StatusPending:            st(dim),
		tracker.StatusInfoReceived:       st(dim),
		tracker.StatusInTransit:          st(blue),
		tracker.StatusCustoms:            st(yellow),
		tracker.StatusOutForDelivery:     st(green),
		tracker.StatusAvailableForPickup: st(green),
		tracker.StatusDeliveryFailed:     st(red),
		tracker.StatusDelivered:          st(green).Bold(true),
		tracker.StatusException:          st(red).Bold(true),
		tracker.StatusReturning:          st(orange),
		tracker.StatusReturned:           st(orange),
		tracker.StatusExpired:            st(dim),
	}

	s.Help = help.DefaultStyles(isDark)

	s.inkBorder, s.inkBorderOn = inkOf(s.Border), inkOf(s.BorderOn)
	s.inkTitle, s.inkTitleOn, s.inkInfo = inkOf(s.PaneTitle), inkOf(s.PaneTitleOn), inkOf(s.PaneInfo)
	s.inkHeader, s.inkSelected, s.inkSelectedOff = inkOf(s.Header), inkOf(s.Selected), inkOf(s.SelectedOff)
	s.inkSeverity = map[tracker.Severity]ink{}
	for k, v := range s.severity {
		s.inkSeverity[k] = inkOf(v)
	}
	s.inkStatus = map[tracker.Status]ink{}
	for k, v := range s.status {
		s.inkStatus[k] = inkOf(v)
	}
	return s
}

// ink is a style reduced to the escape sequences before and after its
// text, computed once per Styles. Painting a cell is then two string
// concatenations instead of a lipgloss render, which matters because a
// frame paints every visible cell. Only for single-line styles without
// padding, width or borders (all of ours).
type ink struct{ pre, post string }

func inkOf(st lipgloss.Style) ink {
	r := st.Render("X")
	i := strings.Index(r, "X")
	if i < 0 {
		return ink{}
	}
	return ink{pre: r[:i], post: r[i+1:]}
}

func (k ink) paint(s string) string {
	if k.pre == "" && k.post == "" {
		return s
	}
	return k.pre + s + k.post
}

func (s *Styles) severityInk(v tracker.Severity) ink { return s.inkSeverity[v] }

func (s *Styles) statusInk(v tracker.Status) ink { return s.inkStatus[v] }

// SeverityStyle is the style of an exception marker of that severity.
func (s *Styles) SeverityStyle(v tracker.Severity) lipgloss.Style {
	if st, ok := s.severity[v]; ok {
		return st
	}
	return s.Dim
}

// StatusStyle is the style of a parcel status label.
func (s *Styles) StatusStyle(v tracker.Status) lipgloss.Style {
	if st, ok := s.status[v]; ok {
		return st
	}
	return s.App
}

// pane draws a rounded box of exactly w×h cells with the title set into the
// top border and info right-aligned in it; body lines are cut or padded to
// the inner width. It returns lines rather than one string so the caller can
// place boxes side by side without measuring them again.
func (s *Styles) pane(title, info string, body []string, w, h int, focused bool) []string {
	if w <= 0 || h <= 0 {
		return nil
	}
	if w < 2 || h < 2 {
		out := make([]string, h)
		for i := range out {
			out[i] = strings.Repeat(" ", w)
		}
		return out
	}
	border, titleSt := s.inkBorder, s.inkTitle
	if focused {
		border, titleSt = s.inkBorderOn, s.inkTitleOn
	}
	inner := w - 2

	// ╭─ Title ───── info ─╮ ; title wins over info when space is short.
	avail := inner - 1 // the leading ─
	t := ""
	if avail >= 3 {
		t = " " + cell(title, min(avail-2, widthOf(title))) + " "
		avail -= widthOf(t)
	}
	in := ""
	if info != "" && avail >= widthOf(info)+3 {
		in = " " + info + " "
		avail -= widthOf(in)
	}
	top := border.paint("╭─") + titleSt.paint(t) +
		border.paint(strings.Repeat("─", max(0, avail-1))) +
		s.inkInfo.paint(in) + border.paint(strings.Repeat("─", min(1, max(0, avail)))+"╮")

	out := make([]string, 0, h)
	out = append(out, top)
	side := border.paint("│")
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(body) {
			line = body[i]
		}
		out = append(out, side+cell(line, inner)+side)
	}
	out = append(out, border.paint("╰"+strings.Repeat("─", inner)+"╯"))
	return out
}
