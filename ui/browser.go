package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"waybill/ui/i18n"
)

// noOpenerError is a desktop without the opener: the one reason `o` fails
// that a person can act on, so it is said in the session's language.
type noOpenerError struct{ name string }

func (e noOpenerError) Error() string { return "no " + e.name + " on this machine" }

// browserErrorIn is why the page did not open, in the session's language
// when it is a missing opener; an opener's own error reads as it wrote it.
func browserErrorIn(err error, tr *i18n.Printer) string {
	var no noOpenerError
	if errors.As(err, &no) {
		return tr.T("no %s on this machine", no.name)
	}
	return err.Error()
}

// browserWait is how long `o` waits to hear that the opener failed; an
// opener still running then has handed the page to a browser.
const browserWait = 3 * time.Second

// openInBrowser opens url with the desktop's opener: open on macOS,
// xdg-open elsewhere. It runs in a tea.Cmd. The opener's output goes to a
// buffer, never to the terminal the screen draws on; the browser it starts
// is not tied to the session (no context kills it).
func openInBrowser(_ context.Context, url string) error {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return noOpenerError{name}
	}
	var out bytes.Buffer
	cmd := exec.Command(path, url)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	done := make(chan error, 1)
	// This goroutine ends when the opener does; some openers stay until
	// the browser closes, and the screen need not wait for that.
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			msg := strings.TrimSpace(out.String())
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i]
			}
			if msg != "" {
				return fmt.Errorf("%s: %w: %s", name, err, Sanitize(msg))
			}
			return fmt.Errorf("%s: %w", name, err)
		}
	case <-time.After(browserWait):
	}
	return nil
}
