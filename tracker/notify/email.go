package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"strings"
	"time"

	"waybill/tracker"
)

// Email sends alerts over SMTP: with STARTTLS (the default), implicit TLS
// (usually port 465) or none, and PLAIN authentication when a username is
// set. PLAIN is refused on an unencrypted connection except to localhost,
// so a password never crosses a network in the clear.
type Email struct {
	Addr     string // host:port
	TLS      string // none, starttls or tls
	Username string
	Password string
	From     *mail.Address
	To       []*mail.Address
	// RootCAs, when set, is the set of authorities the server's
	// certificate must chain to instead of the system's (a private CA, or
	// a test's own certificate).
	RootCAs *x509.CertPool
	// LocalName is the name we greet the server with (EHLO); the
	// host name when empty.
	LocalName string

	now func() time.Time
}

var _ tracker.Notifier = (*Email)(nil)

// NewEmail builds an email notifier from [alerts.email].
func NewEmail(c tracker.EmailAlertConfig, getenv func(string) string) (*Email, error) {
	e := &Email{Addr: c.SMTPAddr, TLS: c.TLS, Username: c.Username, now: time.Now}
	if e.TLS == "" {
		e.TLS = "starttls"
	}
	if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
		return nil, fmt.Errorf("[alerts.email] smtp_addr %q: %w", c.SMTPAddr, err)
	}
	var err error
	if e.Password, err = secret("alerts.email", "SMTP password", c.Password, "password_env", c.PasswordEnv, getenv); err != nil {
		return nil, err
	}
	if e.From, err = mail.ParseAddress(c.From); err != nil {
		return nil, fmt.Errorf("[alerts.email] from %q: %w", c.From, err)
	}
	for _, to := range c.To {
		a, err := mail.ParseAddress(to)
		if err != nil {
			return nil, fmt.Errorf("[alerts.email] to %q: %w", to, err)
		}
		e.To = append(e.To, a)
	}
	if len(e.To) == 0 {
		return nil, errors.New("[alerts.email] to: needs at least one recipient")
	}
	return e, nil
}

// Channel is tracker.ChannelEmail.
func (e *Email) Channel() string { return tracker.ChannelEmail }

// Send delivers the alerts as one message to every recipient: one alert as
// itself, several as a digest.
func (e *Email) Send(ctx context.Context, alerts []tracker.Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	subject, body := tracker.DigestText(alerts)
	msg, err := e.compose(e.To, subject, body, messageKey(alerts))
	if err != nil {
		return channelError("email", len(alerts), err)
	}
	if err := e.deliver(ctx, e.To, msg); err != nil {
		return channelError("email", len(alerts), err)
	}
	return nil
}

// SendTo emails one message to one address through the same server: a
// complaint case's note to the buyer.
func (e *Email) SendTo(ctx context.Context, to, subject, body string) error {
	addr, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("email to %q: %w", to, err)
	}
	sum := sha256.Sum256([]byte(addr.Address + "\x00" + subject + "\x00" + body))
	rcpt := []*mail.Address{addr}
	msg, err := e.compose(rcpt, subject, body, "msg-"+hex.EncodeToString(sum[:12]))
	if err != nil {
		return fmt.Errorf("email to %s: %w", addr.Address, err)
	}
	if err := e.deliver(ctx, rcpt, msg); err != nil {
		return fmt.Errorf("email to %s: %w", addr.Address, err)
	}
	return nil
}

func (e *Email) deliver(ctx context.Context, rcpt []*mail.Address, msg []byte) (err error) {
	defer func() {
		plain := base64.StdEncoding.EncodeToString([]byte("\x00" + e.Username + "\x00" + e.Password)) // AUTH PLAIN
		err = scrub(err, e.Password, plain)
	}()
	host, _, _ := net.SplitHostPort(e.Addr)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", e.Addr)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", e.Addr, err)
	}
	// net/smtp knows nothing of contexts: the deadline bounds every read
	// and write, and cancelling closes the connection under it.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	} else {
		conn.SetDeadline(time.Now().Add(2 * time.Minute))
	}
	raw := conn // closing it ends TLS over it too
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()
	defer func() {
		// The connection's deadline can fire a moment before the
		// context's own timer: either way it is the context's deadline.
		switch dl, ok := ctx.Deadline(); {
		case err == nil:
		case ctx.Err() != nil:
			err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		case ok && !time.Now().Before(dl):
			err = fmt.Errorf("%w (%w)", context.DeadlineExceeded, err)
		}
	}()
	tlsConfig := &tls.Config{ServerName: host, RootCAs: e.RootCAs, MinVersion: tls.VersionTLS12}
	if e.TLS == "tls" {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("TLS with %s: %w", e.Addr, err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("SMTP greeting from %s: %w", e.Addr, err)
	}
	defer c.Close()
	local := e.LocalName
	if local == "" {
		if local, err = os.Hostname(); err != nil || local == "" {
			local = "localhost"
		}
	}
	if err := c.Hello(local); err != nil {
		return fmt.Errorf("EHLO to %s: %w", e.Addr, err)
	}
	if e.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			// Never fall back to plain text: that is what a downgrade
			// attack would arrange.
			return fmt.Errorf("%s does not offer STARTTLS (set tls = \"tls\" for port 465, or \"none\")", e.Addr)
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			return fmt.Errorf("STARTTLS with %s: %w", e.Addr, err)
		}
	}
	if e.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", e.Username, e.Password, host)); err != nil {
			return fmt.Errorf("log in to %s as %s: %w", e.Addr, e.Username, err)
		}
	}
	if err := c.Mail(e.From.Address); err != nil {
		return fmt.Errorf("MAIL FROM %s: %w", e.From.Address, err)
	}
	for _, to := range rcpt {
		if err := c.Rcpt(to.Address); err != nil {
			return fmt.Errorf("RCPT TO %s: %w", to.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return fmt.Errorf("send message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("message refused: %w", err)
	}
	// The message is accepted once DATA ends; a failed QUIT changes nothing.
	_ = c.Quit()
	return nil
}

// compose writes an RFC 5322 message: UTF-8 text in quoted-printable, the
// subject as an RFC 2047 encoded word when it needs one, and every header
// value stripped of CR and LF, so text from outside (order numbers, carrier
// descriptions, buyer names) cannot add headers or recipients.
func (e *Email) compose(rcpt []*mail.Address, subject, body, key string) ([]byte, error) {
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(headerValue(value))
		b.WriteString("\r\n")
	}
	to := make([]string, len(rcpt))
	for i, a := range rcpt {
		to[i] = a.String()
	}
	header("From", e.From.String())
	header("To", strings.Join(to, ", "))
	// Encoded words are folded onto lines of their own, so a long subject
	// in any script stays within the line limit.
	b.WriteString("Subject: ")
	b.WriteString(strings.ReplaceAll(mime.QEncoding.Encode("utf-8", tracker.OneLine(subject, 200)), "?= =?", "?=\r\n =?"))
	b.WriteString("\r\n")
	header("Date", e.now().Format(time.RFC1123Z))
	header("Message-ID", messageID(key, e.From.Address))
	header("X-Waybill-Alert-Key", key)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(body, "\r\n", "\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// headerValue is s as one header line: controls (CR, LF, …) become spaces.
func headerValue(s string) string { return tracker.OneLine(s, 900) }

// messageID is the same for every retry of one alert, so mail systems that
// drop a repeated Message-ID drop a repeat of ours too.
func messageID(key, from string) string {
	domain := "waybill.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		domain = from[i+1:]
	}
	sum := sha256.Sum256([]byte(key))
	return "<waybill." + hex.EncodeToString(sum[:16]) + "@" + domain + ">"
}
