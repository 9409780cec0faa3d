package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// cursor is the selection and scroll position of a list held wholly in
// memory (the timeline, the exceptions queue). The orders list pages from
// the store and keeps its own.
type cursor struct {
	top, sel int
}

// clamp keeps the selection among n rows and the window of v rows on it.
func (c *cursor) clamp(n, v int) {
	c.sel = clampInt(c.sel, 0, n-1)
	if c.sel < c.top {
		c.top = c.sel
	}
	if c.sel >= c.top+v {
		c.top = c.sel - v + 1
	}
	c.top = clampInt(c.top, 0, max(0, n-1))
}

// navigate applies a movement key to a list of n rows shown v at a time.
func (c *cursor) navigate(msg tea.KeyPressMsg, k *KeyMap, n, v int) {
	switch {
	case key.Matches(msg, k.Down):
		c.sel++
	case key.Matches(msg, k.Up):
		c.sel--
	case key.Matches(msg, k.Top):
		c.sel = 0
	case key.Matches(msg, k.Bottom):
		c.sel = n - 1
	case key.Matches(msg, k.PageDown):
		c.top = min(c.top+v, max(0, n-v))
		c.sel += v
	case key.Matches(msg, k.PageUp):
		c.top = max(0, c.top-v)
		c.sel -= v
	}
	c.clamp(n, v)
}
