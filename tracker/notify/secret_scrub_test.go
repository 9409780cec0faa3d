package notify

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"waybill/tracker"
)

// echoingSMTP refuses every login, quoting what it got, decoded too: a
// careless or hostile server. It returns its address.
func echoingSMTP(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				fmt.Fprint(c, "220 localhost ESMTP\r\n")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.TrimSpace(line)
					switch {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						fmt.Fprint(c, "250-localhost\r\n250 AUTH PLAIN\r\n")
					case strings.HasPrefix(cmd, "AUTH"):
						f := strings.Fields(cmd)
						blob := f[len(f)-1]
						dec, _ := base64.StdEncoding.DecodeString(blob)
						fmt.Fprintf(c, "535 5.7.8 rejected %s (%q)\r\n", blob, dec)
					case cmd == "QUIT":
						fmt.Fprint(c, "221 bye\r\n")
						return
					default:
						fmt.Fprint(c, "503 no\r\n")
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// TestSecretsNeverInErrors: an SMTP server and an SMS API that quote the
// credentials they got in their refusal leave no trace of the password or
// token in the error, which is logged and stored in the outbox.
func TestSecretsNeverInErrors(t *testing.T) {
	const pass = "SMTP-PASS-MARKER-41c2"
	e, err := NewEmail(tracker.EmailAlertConfig{SMTPAddr: echoingSMTP(t), TLS: "none", Username: "u", Password: pass,
		From: "a@example.com", To: []string{"b@example.com"}}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	err = e.Send(context.Background(), []tracker.Alert{testAlert(1, "k")})
	blob := base64.StdEncoding.EncodeToString([]byte("\x00u\x00" + pass))
	if err == nil || strings.Contains(err.Error(), pass) || strings.Contains(err.Error(), blob) || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("email error: %v", err)
	}

	const token = "SMS-TOKEN-MARKER-9d0e"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, p, _ := r.BasicAuth()
		http.Error(w, `{"code":20003,"message":"Authenticate: bad token `+p+`"}`, http.StatusUnauthorized)
	}))
	defer api.Close()
	s, err := NewSMS(tracker.SMSAlertConfig{BaseURL: api.URL, AccountSID: "AC1", AuthToken: token, From: "+15550100", To: []string{"+15550111"}},
		func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), []tracker.Alert{testAlert(1, "k")})
	if err == nil || strings.Contains(err.Error(), token) {
		t.Errorf("sms error: %v", err)
	}
}
