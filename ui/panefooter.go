package ui

import "strings"

// footer sets text into the bottom border of a pane drawn by pane:
// "╰─ [ack · @ana] ─────╯". It costs the pane no row, so a pane can say
// in full what its columns had to shorten. Text longer than the border is
// cut; with no room at all the border stays plain.
func (s *Styles) footer(lines []string, text string, w int, focused bool) {
	if len(lines) < 2 || w < 8 {
		return
	}
	border, textSt := s.inkBorder, s.inkTitle
	if focused {
		border, textSt = s.inkBorderOn, s.inkTitleOn
	}
	inner := w - 2
	t := " " + strings.TrimRight(cell(text, inner-3), " ") + " "
	rest := inner - 1 - widthOf(t)
	lines[len(lines)-1] = border.paint("╰─") + textSt.paint(t) + border.paint(strings.Repeat("─", max(0, rest))+"╯")
}
