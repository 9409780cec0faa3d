package notify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"waybill/tracker"
)

// received is one message as the SMTP server in the test got it.
type received struct {
	from    string
	to      []string
	data    []byte
	tls     bool
	user    string // who logged in, "" when nobody
	pass    string
	message *mail.Message
}

// mailServer is a real SMTP server (github.com/emersion/go-smtp) on a
// loopback port, keeping what it receives.
type mailServer struct {
	addr  string
	roots *x509.CertPool // trusts the server's self-signed certificate

	mu   sync.Mutex
	got  []received
	fail error // answer DATA with this, when set
}

func (m *mailServer) messages() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.got...)
}

type mailSession struct {
	m    *mailServer
	conn *smtp.Conn
	cur  received
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != "alerts@example.com" || password != "s3cret" {
			return errors.New("invalid credentials")
		}
		s.cur.user, s.cur.pass = username, password
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if s.m.fail != nil {
		return s.m.fail
	}
	msg := s.cur
	msg.data = data
	_, msg.tls = s.conn.TLSConnectionState()
	s.m.got = append(s.m.got, msg)
	return nil
}

func (s *mailSession) Reset()        { s.cur = received{user: s.cur.user, pass: s.cur.pass} }
func (s *mailSession) Logout() error { return nil }

// startMailServer starts an SMTP server: mode "starttls" offers STARTTLS,
// "tls" speaks TLS from the first byte, "none" is plain text only.
func startMailServer(t *testing.T, mode string) *mailServer {
	t.Helper()
	m := &mailServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{m: m, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.AllowInsecureAuth = mode == "none"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if mode != "none" {
		cert, roots := selfSigned(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		m.roots = roots
		if mode == "tls" {
			ln = tls.NewListener(ln, srv.TLSConfig)
		}
	}
	m.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return m
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "waybill test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}

func testAlert(id int64, key string) tracker.Alert {
	return tracker.Alert{
		ID: id, Key: key, Channel: tracker.ChannelEmail, Kind: "lost", Severity: tracker.SeverityCritical,
		ExceptionID: 7, ShipmentID: 3, CreatedAt: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC),
		Subject: "[waybill] lost: RB123456785GB (order 8123)",
		Body:    "Exception: lost (critical)\nDetail: carrier: parcel lost\nSuggested next action: claim (transaction proof); reissue or refund\n",
	}
}

func newTestEmail(t *testing.T, m *mailServer, mode, user string) *Email {
	t.Helper()
	cfg := tracker.EmailAlertConfig{
		SMTPAddr: m.addr, TLS: mode, Username: user, PasswordEnv: "TEST_SMTP_PASSWORD",
		From: "Waybill <waybill@example.com>", To: []string{"support@example.com", "Ops <ops@example.org>"},
	}
	e, err := NewEmail(cfg, func(k string) string {
		if k == "TEST_SMTP_PASSWORD" {
			return "s3cret"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	e.RootCAs = m.roots
	return e
}

// decodeBody reads a quoted-printable body.
func decodeBody(t *testing.T, msg *mail.Message) string {
	t.Helper()
	b, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func TestEmailArrivesAtARealSMTPServer(t *testing.T) {
	for _, tc := range []struct {
		mode, user string
		tls        bool
	}{
		{"starttls", "alerts@example.com", true},
		{"tls", "alerts@example.com", true},
		{"none", "", false},
		{"none", "alerts@example.com", false}, // PLAIN in the clear only because the server is on loopback
	} {
		t.Run(tc.mode+"/user="+tc.user, func(t *testing.T) {
			m := startMailServer(t, tc.mode)
			e := newTestEmail(t, m, tc.mode, tc.user)
			a := testAlert(1, "exc-7-opened")
			a.Subject = "[waybill] lost: RB123456785GB (order Zoë-8123)" // needs encoding
			if err := e.Send(context.Background(), []tracker.Alert{a}); err != nil {
				t.Fatal(err)
			}
			got := m.messages()
			if len(got) != 1 {
				t.Fatalf("server got %d messages, want 1", len(got))
			}
			r := got[0]
			if r.tls != tc.tls {
				t.Errorf("over TLS: %v, want %v", r.tls, tc.tls)
			}
			if r.user != tc.user || (tc.user != "" && r.pass != "s3cret") {
				t.Errorf("logged in as %q with %q, want %q with the password from the environment", r.user, r.pass, tc.user)
			}
			if r.from != "waybill@example.com" || strings.Join(r.to, ",") != "support@example.com,ops@example.org" {
				t.Errorf("envelope from %q to %v", r.from, r.to)
			}
			msg, err := mail.ReadMessage(strings.NewReader(string(r.data)))
			if err != nil {
				t.Fatalf("not a message: %v\n%s", err, r.data)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subject != a.Subject {
				t.Errorf("subject %q (%v), want %q\n%s", subject, err, a.Subject, r.data)
			}
			if to := msg.Header.Get("To"); to != `<support@example.com>, "Ops" <ops@example.org>` {
				t.Errorf("To: %q", to)
			}
			if k := msg.Header.Get("X-Waybill-Alert-Key"); k != "exc-7-opened" {
				t.Errorf("X-Waybill-Alert-Key: %q", k)
			}
			if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<waybill.") || !strings.HasSuffix(id, "@example.com>") {
				t.Errorf("Message-ID: %q", id)
			}
			if _, err := msg.Header.Date(); err != nil {
				t.Errorf("Date: %v", err)
			}
			if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" || msg.Header.Get("MIME-Version") != "1.0" {
				t.Errorf("Content-Type %q, MIME-Version %q", ct, msg.Header.Get("MIME-Version"))
			}
			if body := decodeBody(t, msg); body != a.Body {
				t.Errorf("body %q, want %q", body, a.Body)
			}
		})
	}
}

// The same alert sent again (a retry after a crash) has the same
// Message-ID, so mail systems that drop repeats drop it.
func TestEmailRetryKeepsMessageID(t *testing.T) {
	m := startMailServer(t, "none")
	e := newTestEmail(t, m, "none", "")
	for range 2 {
		if err := e.Send(context.Background(), []tracker.Alert{testAlert(1, "exc-7-opened")}); err != nil {
			t.Fatal(err)
		}
	}
	e.Send(context.Background(), []tracker.Alert{testAlert(2, "exc-8-opened")})
	var ids []string
	for _, r := range m.messages() {
		msg, _ := mail.ReadMessage(strings.NewReader(string(r.data)))
		ids = append(ids, msg.Header.Get("Message-ID"))
	}
	if len(ids) != 3 || ids[0] != ids[1] || ids[0] == ids[2] {
		t.Errorf("Message-IDs %v: want the repeat to match and another alert to differ", ids)
	}
}

// Text from outside cannot add headers or recipients.
func TestEmailHeaderInjection(t *testing.T) {
	m := startMailServer(t, "none")
	e := newTestEmail(t, m, "none", "")
	a := testAlert(1, "exc-7-opened\r\nBcc: key@evil.example")
	a.Subject = "[waybill] lost: X (order 1)\r\nBcc: victim@evil.example\r\n\r\nfake body"
	if err := e.Send(context.Background(), []tracker.Alert{a}); err != nil {
		t.Fatal(err)
	}
	r := m.messages()[0]
	if len(r.to) != 2 {
		t.Errorf("recipients %v", r.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(r.data)))
	if err != nil {
		t.Fatal(err)
	}
	if bcc := msg.Header.Get("Bcc"); bcc != "" {
		t.Errorf("an alert's text added Bcc: %q\n%s", bcc, r.data)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "[waybill] lost: X (order 1) Bcc: victim@evil.example fake body" {
		t.Errorf("subject %q: want the text on one line", subject)
	}
	if body := decodeBody(t, msg); body != a.Body {
		t.Errorf("body %q", body)
	}
}

// A digest is one message with every alert in it.
func TestEmailDigest(t *testing.T) {
	m := startMailServer(t, "none")
	e := newTestEmail(t, m, "none", "")
	a1, a2 := testAlert(1, "exc-7-opened"), testAlert(2, "exc-8-opened")
	a2.Kind, a2.Subject = "customs", "[waybill] customs: LX000000001CN (order 9)"
	if err := e.Send(context.Background(), []tracker.Alert{a1, a2}); err != nil {
		t.Fatal(err)
	}
	got := m.messages()
	if len(got) != 1 {
		t.Fatalf("%d messages for a digest of 2, want 1", len(got))
	}
	msg, _ := mail.ReadMessage(strings.NewReader(string(got[0].data)))
	if s := msg.Header.Get("Subject"); s != "[waybill] 2 alerts: 1 lost, 1 customs" {
		t.Errorf("digest subject %q", s)
	}
	body := decodeBody(t, msg)
	for _, want := range []string{a1.Subject, a2.Subject, "claim (transaction proof)"} {
		if !strings.Contains(body, want) {
			t.Errorf("digest body lacks %q:\n%s", want, body)
		}
	}
	if k := msg.Header.Get("X-Waybill-Alert-Key"); !strings.HasPrefix(k, "digest-") {
		t.Errorf("digest key %q", k)
	}
}

func TestEmailFailures(t *testing.T) {
	t.Run("STARTTLS not offered", func(t *testing.T) {
		m := startMailServer(t, "none")
		e := newTestEmail(t, m, "starttls", "alerts@example.com")
		err := e.Send(context.Background(), []tracker.Alert{testAlert(1, "k")})
		if err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") {
			t.Fatalf("err = %v, want a refusal to go on in plain text", err)
		}
		if len(m.messages()) != 0 {
			t.Error("sent in plain text after all")
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		m := startMailServer(t, "starttls")
		e := newTestEmail(t, m, "starttls", "")
		e.RootCAs = x509.NewCertPool()
		if err := e.Send(context.Background(), []tracker.Alert{testAlert(1, "k")}); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Fatalf("err = %v, want a certificate error", err)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		m := startMailServer(t, "starttls")
		e := newTestEmail(t, m, "starttls", "alerts@example.com")
		e.Password = "nope"
		if err := e.Send(context.Background(), []tracker.Alert{testAlert(1, "k")}); err == nil || !strings.Contains(err.Error(), "log in") {
			t.Fatalf("err = %v, want a login error", err)
		}
	})
	t.Run("message refused", func(t *testing.T) {
		m := startMailServer(t, "none")
		m.fail = &smtp.SMTPError{Code: 552, Message: "mailbox full"}
		e := newTestEmail(t, m, "none", "")
		if err := e.Send(context.Background(), []tracker.Alert{testAlert(1, "k")}); err == nil || !strings.Contains(err.Error(), "mailbox full") {
			t.Fatalf("err = %v, want the server's reason", err)
		}
	})
	t.Run("server hangs", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			c, err := ln.Accept()
			if err == nil {
				defer c.Close()
				time.Sleep(5 * time.Second) // never greets
			}
		}()
		e := newTestEmail(t, &mailServer{addr: ln.Addr().String()}, "none", "")
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := e.Send(ctx, []tracker.Alert{testAlert(1, "k")}); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the deadline", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v to give up", d)
		}
	})
	t.Run("password variable unset", func(t *testing.T) {
		_, err := NewEmail(tracker.EmailAlertConfig{SMTPAddr: "mail.example.com:587", Username: "u", PasswordEnv: "NOPE",
			From: "a@example.com", To: []string{"b@example.com"}}, func(string) string { return "" })
		if err == nil || !strings.Contains(err.Error(), "NOPE") {
			t.Fatalf("err = %v, want it to name the variable", err)
		}
	})
}

// A complaint case's message reaches the buyer alone, not the alert list.
func TestEmailSendToTheBuyer(t *testing.T) {
	m := startMailServer(t, "none")
	e := newTestEmail(t, m, "none", "")
	if err := e.SendTo(context.Background(), "Ana Souza <ana@example.com>", "Your order 81234", "Olá Ana,\nwe are on it."); err != nil {
		t.Fatal(err)
	}
	if err := e.SendTo(context.Background(), "not an address", "s", "b"); err == nil || !strings.Contains(err.Error(), "not an address") {
		t.Fatalf("bad address: %v", err)
	}
	r := m.messages()
	if len(r) != 1 || len(r[0].to) != 1 || r[0].to[0] != "ana@example.com" {
		t.Fatalf("delivered %+v, want one message to ana@example.com", r)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(r[0].data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if body := strings.TrimSuffix(decodeBody(t, msg), "\n"); subject != "Your order 81234" || body != "Olá Ana,\nwe are on it." {
		t.Fatalf("subject %q body %q", subject, body)
	}
}
