package notify

import (
	"strings"
)

// scrubbed is an error whose text had a secret in it.
type scrubbed struct {
	msg   string
	cause error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.cause }

// scrub replaces every form of a secret (the SMTP password, the SMS auth
// token, and how they travel) in err's text with [redacted]: a server
// may quote what it got in its refusal, and these errors are logged, shown
// and stored in the outbox.
func scrub(err error, forms ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := msg
	for _, f := range forms {
		if len(f) >= 4 {
			clean = strings.ReplaceAll(clean, f, "[redacted]")
		}
	}
	if clean == msg {
		return err
	}
	return &scrubbed{msg: clean, cause: err}
}
