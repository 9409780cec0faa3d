package tracker

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestSameHostOnly(t *testing.T) {
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Key") != "" {
			leaked.Add(1)
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/here", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/here", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Key") != "k" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	home := httptest.NewServer(mux)
	defer home.Close()

	for _, tc := range []struct {
		name, path string
		wantErr    error
		wantText   string
	}{
		{"a redirect to another host is refused", "/away", ErrCrossHostRedirect, "redirect to " + other.URL},
		{"a redirect within the host is followed with its key", "/moved", nil, ""},
		{"endless redirects still stop", "/loop", nil, "stopped after 10 redirects"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, home.URL+tc.path, strings.NewReader("{}"))
			req.Header.Set("X-Key", "k")
			resp, err := SameHostOnly(nil).Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			switch {
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			case tc.wantText != "" && (err == nil || !strings.Contains(err.Error(), tc.wantText)):
				t.Fatalf("err = %v, want it to say %q", err, tc.wantText)
			case tc.wantText == "" && tc.wantErr == nil && (err != nil || resp.StatusCode != http.StatusOK):
				t.Fatalf("err = %v, resp %v: want the same-host redirect followed", err, resp)
			}
		})
	}
	if n := leaked.Load(); n != 0 {
		t.Fatalf("the other host received the key %d times", n)
	}
}

func TestSameHostOnlyKeepsTheClient(t *testing.T) {
	base := &http.Client{Timeout: 7}
	got := SameHostOnly(base)
	if got == base || got.Timeout != 7 || base.CheckRedirect != nil {
		t.Fatalf("SameHostOnly must copy the client and keep its settings: %+v", got)
	}
}
