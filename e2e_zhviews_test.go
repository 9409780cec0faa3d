package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// The views over the panes in Chinese in the real binary in a real
// terminal (tmux), from LANG=zh_CN.UTF-8 alone, at 80×24 and 120×35: the
// carrier scorecard (S), the alert list (!) and the command palette (:)
// speak Chinese, no line is wider than the terminal, and their English
// titles are nowhere.
func TestZhViewsInATerminal(t *testing.T) {
	t.Parallel() // its own store and tmux servers; env goes to the subprocess
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	if r := waybill(t, "demo", "--orders", "40", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME=%s/cfg XDG_DATA_HOME=%s/data TERM=xterm-256color LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 %s --db '%s'",
		home, home, home, binary, db)
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			sock := filepath.Join(dir, fmt.Sprintf("tmux-%d.sock", w))
			run := func(args ...string) string {
				t.Helper()
				out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
				if err != nil {
					t.Fatalf("tmux %v: %v: %s", args, err, out)
				}
				return string(out)
			}
			run("new-session", "-d", "-s", "zh", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
			defer func() { _ = exec.Command(tmux, "-S", sock, "kill-server").Run() }()
			// await is the screen once it holds every want and two
			// captures agree (a capture can land mid-frame).
			await := func(what string, wants ...string) string {
				t.Helper()
				var screen, last string
				for deadline := time.Now().Add(e2eHang); ; {
					screen = run("capture-pane", "-p", "-t", "zh")
					ok := screen == last
					for _, s := range wants {
						ok = ok && strings.Contains(screen, s)
					}
					if ok {
						break
					}
					last = screen
					if time.Now().After(deadline) {
						t.Fatalf("%s: no screen with %q after 15s:\n%s", what, wants, screen)
					}
					time.Sleep(200 * time.Millisecond)
				}
				for i, l := range strings.Split(strings.TrimRight(screen, "\n"), "\n") {
					if lw := ansi.StringWidth(l); lw > w {
						t.Errorf("%s: line %d is %d cells wide in a %d-column terminal: %q", what, i, lw, w, l)
					}
				}
				return screen
			}
			await("first screen", "订单", "个包裹")
			for _, step := range []struct {
				keys, what string
				wants      []string
				english    []string
			}{
				{"S", "scorecard", []string{"承运商评分", "最近 90 天", "包裹数", "准时率", "运输天数"}, []string{"Carrier scorecard", "Transit days"}},
				{"!", "alert list", []string{"提醒", "级别", "类型"}, []string{"Alerts", "When"}},
				{":", "palette", []string{"命令 · ", "承运商评分"}, []string{"Commands"}},
			} {
				run("send-keys", "-t", "zh", step.keys)
				screen := await(step.what, step.wants...)
				for _, s := range step.english {
					if strings.Contains(screen, s) {
						t.Errorf("the Chinese %s shows English %q:\n%s", step.what, s, screen)
					}
				}
				run("send-keys", "-t", "zh", "Escape")
				await("back from "+step.what, "订单", "物流轨迹")
			}
		})
	}
}
