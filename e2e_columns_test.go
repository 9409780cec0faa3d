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

// The real binary's screen in a real terminal (tmux) at the widths a seller
// works in, on a store of orders added with `waybill add` for buyers with
// Chinese and Cyrillic names: from 100 columns the tracking numbers on
// screen are whole, nowhere is one cut, no line is wider than the
// terminal, and the status line has no word cut off.
func TestColumnsInATerminal(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	buyers := []string{"王秀英", "Алексей Зайцев", "欧阳娜娜（台北市信义区）", "Наталья Никитина", "李娜", "Данияр Сулейменов",
		"陈静怡", "Ольга Кузнецова-Петровская", "张伟", "Максим Волков", "黄晓明", "Юлия Смирнова"}
	var numbers []string
	for i, buyer := range buyers {
		n := s10([]string{"RB", "LX", "EE", "RR"}[i%4], 30000000+i*7919, "CN")
		switch i {
		case 1:
			n = "9400111202544843610364" // USPS, 22 characters
		case 4:
			n = "1Z999AA10123456784" // UPS
		}
		numbers = append(numbers, n)
		args := []string{"add", "--db", db, "--order", fmt.Sprintf("%016d", 3017245698124475+int64(i)), "--tracking", n,
			"--country", []string{"TW", "RU", "UA", "KZ"}[i%4], "--buyer", buyer}
		if d := i % 5; d > 0 {
			args = append(args, "--shipped", fmt.Sprintf("-%dd", d))
		}
		if r := waybill(t, args...); r.code != 0 {
			t.Fatalf("add %v: exit %d: %s", args, r.code, r.stderr)
		}
	}

	// tmux runs tmux on a server of the subtest's own: a server whose last
	// session ends exits, and the next one must not race it on one socket.
	tmuxRun := func(t *testing.T, sock string, args ...string) string {
		t.Helper()
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v: %s", args, err, out)
		}
		return string(out)
	}
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	// The store quoted for the shell tmux runs: a PostgreSQL URL has & in it.
	cmd := fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME=%s/cfg XDG_DATA_HOME=%s/data TERM=xterm-256color %s --db '%s'",
		home, home, home, binary, db)

	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 35}, {200, 50}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			sock, name := filepath.Join(dir, fmt.Sprintf("tmux-%d.sock", w)), "columns"
			run := func(args ...string) string { return tmuxRun(t, sock, args...) }
			run("new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
			defer func() { _ = exec.Command(tmux, "-S", sock, "kill-server").Run() }()
			// Wait for the first complete screen: the list counted, the
			// queue read, and the terminal done drawing it (two captures
			// alike; a capture can land in the middle of a frame).
			var screen, last string
			deadline := time.Now().Add(e2eHang)
			for {
				screen = run("capture-pane", "-p", "-t", name)
				if strings.Contains(screen, fmt.Sprintf("1/%d", len(buyers))) && strings.Contains(screen, "open") &&
					strings.Contains(screen, "parcels") && screen == last {
					break
				}
				last = screen
				if time.Now().After(deadline) {
					t.Fatalf("no complete screen after 15s:\n%s", screen)
				}
				time.Sleep(200 * time.Millisecond)
			}
			lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("line %d is %d cells wide in a %d-column terminal: %q", i, lw, w, l)
				}
			}
			whole := 0
			for _, n := range numbers {
				if strings.Contains(screen, n) {
					whole++
				}
				for k := 4; k < len(n); k++ {
					if strings.Contains(screen, n[:k]+"…") {
						t.Errorf("a tracking number is cut: %q", n[:k]+"…")
					}
				}
			}
			// The orders pane shows at least 8 rows at these heights.
			if w >= 100 && whole < 8 {
				t.Errorf("%d whole tracking numbers on screen, want at least 8:\n%s", whole, screen)
			}
			if w >= 100 && !strings.Contains(screen, "王秀英") {
				t.Errorf("the Chinese buyer's name is not on screen:\n%s", screen)
			}
			// The status line is the one above the key help.
			if status := lines[len(lines)-2]; strings.Contains(status, "…") {
				t.Errorf("the status line is cut: %q", status)
			}
		})
	}
}
