package serve

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// countModel counts the messages that reach it.
type countModel struct{ got []tea.Msg }

func (m *countModel) Init() tea.Cmd { return nil }
func (m *countModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.got = append(m.got, msg)
	return m, nil
}
func (m *countModel) View() tea.View { return tea.NewView("") }

type changeNotice struct{} // stands for a live update

func TestIdleModelCountsKeysOnly(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	inner := &countModel{}
	m := newIdle(inner, time.Minute, clock)
	if m.Init() == nil {
		t.Fatal("no first check scheduled")
	}
	step := func(d time.Duration, msg tea.Msg) tea.Cmd {
		now = now.Add(d)
		_, cmd := m.Update(msg)
		return cmd
	}
	step(40*time.Second, changeNotice{})
	step(10*time.Second, tea.KeyPressMsg{Code: 'j', Text: "j"}) // 50s: a key
	if cmd := step(10*time.Second, idleCheckMsg{}); cmd == nil || m.Expired() {
		t.Fatal("expired 10s after a key")
	}
	for range 10 { // 60s of updates, no key
		step(6*time.Second, changeNotice{})
	}
	if cmd := step(0, idleCheckMsg{}); m.Expired() == false || cmd == nil {
		t.Fatal("not expired after a minute of updates without a key")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("expiry does not quit")
	}
	if len(inner.got) != 12 {
		t.Errorf("inner got %d messages; the checks must not reach it, the rest must", len(inner.got))
	}

	m = newIdle(&countModel{}, time.Minute, clock)
	m.Init()
	step(50*time.Second, tea.PasteMsg{Content: "WB-1"})
	if step(20*time.Second, idleCheckMsg{}); m.Expired() {
		t.Error("a paste is typing, and counts")
	}

	if cmd := newIdle(&countModel{}, 0, clock).checkIn(time.Second); cmd != nil {
		t.Error("a zero timeout schedules checks")
	}
}

func TestSessionFilter(t *testing.T) {
	for _, tt := range []struct{ in, want tea.Msg }{
		{tea.WindowSizeMsg{}, tea.WindowSizeMsg{Width: 80, Height: 24}},
		{tea.WindowSizeMsg{Width: 132, Height: 0}, tea.WindowSizeMsg{Width: 80, Height: 24}},
		{tea.WindowSizeMsg{Width: 132, Height: 40}, tea.WindowSizeMsg{Width: 132, Height: 40}},
		{tea.SuspendMsg{}, tea.ResumeMsg{}},
		{changeNotice{}, changeNotice{}},
	} {
		if got := sessionFilter(nil, tt.in); got != tt.want {
			t.Errorf("%#v → %#v, want %#v", tt.in, got, tt.want)
		}
	}
}
