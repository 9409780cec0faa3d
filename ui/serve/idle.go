package serve

import (
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// idleModel wraps a session's screen and quits it after timeout without a
// key press (or a paste, which is typed input too). Only the person's input
// counts: the live updates that redraw the screen every second do not, or a
// forgotten session would never end.
type idleModel struct {
	inner   tea.Model
	timeout time.Duration // 0: never
	now     func() time.Time
	last    time.Time // of the last key
	expired atomic.Bool
}

// idleCheckMsg asks whether the timeout has passed; one is pending at a
// time, due when the timeout would end if no key came meanwhile.
type idleCheckMsg struct{}

func newIdle(inner tea.Model, timeout time.Duration, now func() time.Time) *idleModel {
	if now == nil {
		now = time.Now
	}
	return &idleModel{inner: inner, timeout: timeout, now: now}
}

func (m *idleModel) Init() tea.Cmd {
	m.last = m.now()
	return tea.Batch(m.inner.Init(), m.checkIn(m.timeout))
}

func (m *idleModel) checkIn(d time.Duration) tea.Cmd {
	if m.timeout <= 0 {
		return nil
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

func (m *idleModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case idleCheckMsg:
		left := m.timeout - m.now().Sub(m.last)
		if left <= 0 {
			m.expired.Store(true)
			return m, tea.Quit
		}
		return m, m.checkIn(left)
	case tea.KeyPressMsg, tea.PasteMsg:
		m.last = m.now()
	}
	inner, cmd := m.inner.Update(msg)
	m.inner = inner
	return m, cmd
}

func (m *idleModel) View() tea.View { return m.inner.View() }

// Expired reports whether the session ended for want of input.
func (m *idleModel) Expired() bool { return m.expired.Load() }

// sessionFilter is every session program's message filter. It replaces
// wish's (the last tea.WithFilter wins), doing what that did, and gives a
// terminal that reports no size (`ssh -tt` with a pipe for input asks for
// a 0×0 one) the classic 80×24, so the screen draws rather than stays
// blank. It runs before the renderer sees the size.
func sessionFilter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case tea.SuspendMsg:
		return tea.ResumeMsg{} // a session cannot suspend the server's process
	case tea.WindowSizeMsg:
		if m.Width <= 0 || m.Height <= 0 {
			return tea.WindowSizeMsg{Width: 80, Height: 24}
		}
	}
	return msg
}
