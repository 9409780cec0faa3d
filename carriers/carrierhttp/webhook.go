package carrierhttp

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Fail answers a refused push. Services that expect their own error body
// (Kuaidi100 wants JSON) pass their own; PlainFail suits the rest.
type Fail func(w http.ResponseWriter, status int, msg string)

// PlainFail answers with a plain-text error.
func PlainFail(w http.ResponseWriter, status int, msg string) { http.Error(w, msg, status) }

// ReadPush reads a webhook body of at most limit bytes. When it returns
// false it has already answered: 413 past the limit, 400 for a body that
// could not be read.
func ReadPush(w http.ResponseWriter, r *http.Request, limit int64, fail Fail) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err == nil {
		return body, true
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("push larger than %d bytes", limit))
	} else {
		fail(w, http.StatusBadRequest, "cannot read the push")
	}
	return nil, false
}
