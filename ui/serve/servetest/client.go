package servetest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// NewKey makes an Ed25519 key pair: the signer a client logs in with, the
// public key as an authorized_keys line with comment, and the private key
// in OpenSSH form for `ssh -i`.
func NewKey(comment string) (signer gossh.Signer, authorized string, private []byte) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	signer, err = gossh.NewSignerFromKey(priv)
	if err != nil {
		panic(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		panic(err)
	}
	authorized = strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
	if comment != "" {
		authorized += " " + comment
	}
	block, err := gossh.MarshalPrivateKey(priv, comment)
	if err != nil {
		panic(err)
	}
	return signer, authorized, pem.EncodeToMemory(block)
}

// Unproven is a signer that offers pub but cannot sign for it, as a
// client that knows someone's public key and not their private key. Used
// in publickey authentication, it asks the server whether pub may log in
// (a query with no signature, which the server answers yes for an agent's
// key) and then fails to sign, ending that method on the client's side.
func Unproven(pub gossh.PublicKey) *UnprovenSigner { return &UnprovenSigner{pub: pub} }

// UnprovenSigner is what Unproven returns.
type UnprovenSigner struct {
	pub      gossh.PublicKey
	accepted atomic.Int32
}

func (u *UnprovenSigner) PublicKey() gossh.PublicKey { return u.pub }

// Sign is asked for only once the server has accepted the key's offer.
func (u *UnprovenSigner) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	u.accepted.Add(1)
	return nil, errors.New("offered only: no private key")
}

// Accepted is how many times the server answered the offer with "this key
// may be used", so the client was asked to prove it.
func (u *UnprovenSigner) Accepted() int { return int(u.accepted.Load()) }

// Methods is a client AuthCallback that tries each method in turn, in
// order, whatever the server lists; each publickey method is a fresh try
// (the client's own list would try publickey only once).
func Methods(methods ...gossh.AuthMethod) gossh.ClientAuthCallback {
	return func(*gossh.ClientAuthContext) (gossh.AuthMethod, error) {
		if len(methods) == 0 {
			return nil, nil
		}
		m := methods[0]
		methods = methods[1:]
		return m, nil
	}
}

// Config is a client config that logs in as user with auth and accepts
// any host key (tests connect to a server they just started on loopback).
func Config(user string, auth ...gossh.AuthMethod) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	}
}

// Dial connects and logs in, within timeout.
func Dial(addr string, cfg *gossh.ClientConfig) (*gossh.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, cfg.Timeout)
	if err != nil {
		return nil, err
	}
	// The handshake has no deadline of its own.
	_ = conn.SetDeadline(time.Now().Add(cfg.Timeout))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// Session is a terminal session on the server: what it draws lands on its
// Term, and Type sends keys.
type Session struct {
	*Term
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	done   chan struct{}
	err    error
}

// Start opens a session with a terminal of w×h of type term and starts the
// shell (the waybill screen). A terminal that asks for no size (0×0, as
// `ssh -tt` from a pipe does) is emulated as 80×24.
func Start(client *gossh.Client, term string, w, h int) (*Session, error) {
	return StartEnv(client, term, w, h, nil)
}

// StartEnv is Start with environment variables sent first, as OpenSSH's
// SendEnv does (LANG, LC_*).
func StartEnv(client *gossh.Client, term string, w, h int, env map[string]string) (*Session, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, err
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			sess.Close()
			return nil, fmt.Errorf("env %s: %w", k, err)
		}
	}
	tw, th := w, h
	if tw <= 0 || th <= 0 {
		tw, th = 80, 24
	}
	s := &Session{Term: NewTerm(tw, th), client: client, sess: sess, done: make(chan struct{})}
	if err := sess.RequestPty(term, h, w, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		sess.Close()
		return nil, fmt.Errorf("pty: %w", err)
	}
	if s.stdin, err = sess.StdinPipe(); err != nil {
		sess.Close()
		return nil, err
	}
	sess.Stdout, sess.Stderr = s.Term, s.Term
	if err := sess.Shell(); err != nil {
		sess.Close()
		return nil, fmt.Errorf("shell: %w", err)
	}
	go func() {
		s.err = sess.Wait()
		close(s.done)
	}()
	return s, nil
}

// Attach follows a terminal session that runs elsewhere (an OpenSSH client
// process): out is what it draws, in where keys go.
func Attach(out io.Reader, in io.WriteCloser, w, h int) *Session {
	s := &Session{Term: NewTerm(w, h), stdin: in, done: make(chan struct{})}
	go func() {
		_, s.err = io.Copy(s.Term, out)
		close(s.done)
	}()
	return s
}

// Resize resizes the client's terminal to w×h and tells the server, as a
// person resizing their window does.
func (s *Session) Resize(w, h int) error {
	if s.sess == nil {
		return errors.New("resize: the session runs elsewhere")
	}
	s.Term.Resize(w, h)
	return s.sess.WindowChange(h, w)
}

// Type sends keys as typed: "j", "\t" for tab, "\r" for enter.
func (s *Session) Type(keys string) error {
	_, err := io.WriteString(s.stdin, keys)
	return err
}

// WaitFor waits until the screen shows every one of texts, and returns it.
func (s *Session) WaitFor(timeout time.Duration, texts ...string) (string, error) {
	return s.waitUntil(timeout, func(screen string) bool {
		for _, t := range texts {
			if !strings.Contains(screen, t) {
				return false
			}
		}
		return true
	}, fmt.Sprintf("%q", texts))
}

// WaitLine waits until one line of the screen shows every one of parts,
// and returns that line.
func (s *Session) WaitLine(timeout time.Duration, parts ...string) (string, error) {
	var found string
	_, err := s.waitUntil(timeout, func(screen string) bool {
		for _, line := range strings.Split(screen, "\n") {
			all := true
			for _, p := range parts {
				all = all && strings.Contains(line, p)
			}
			if all {
				found = line
				return true
			}
		}
		return false
	}, fmt.Sprintf("a line with %q", parts))
	return found, err
}

// WaitMatch waits until ok says yes to the screen; what names it in the
// error.
func (s *Session) WaitMatch(timeout time.Duration, what string, ok func(screen string) bool) (string, error) {
	return s.waitUntil(timeout, ok, what)
}

// WaitGone waits until the screen no longer shows text.
func (s *Session) WaitGone(timeout time.Duration, text string) (string, error) {
	return s.waitUntil(timeout, func(screen string) bool { return !strings.Contains(screen, text) }, fmt.Sprintf("%q gone", text))
}

func (s *Session) waitUntil(timeout time.Duration, ok func(string) bool, what string) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		screen := s.String()
		if ok(screen) {
			return screen, nil
		}
		if time.Now().After(deadline) {
			return screen, fmt.Errorf("after %s the screen lacks %s:\n%s", timeout, what, screen)
		}
		select {
		case <-s.done:
			// One last look: the final frame may have come with the end.
			if screen := s.String(); ok(screen) {
				return screen, nil
			}
			return s.String(), fmt.Errorf("the session ended (%v) before the screen showed %s:\n%s", s.err, what, s.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Done is closed when the session has ended.
func (s *Session) Done() <-chan struct{} { return s.done }

// Wait waits for the session to end, within timeout.
func (s *Session) Wait(timeout time.Duration) error {
	select {
	case <-s.done:
		var exit *gossh.ExitError
		if errors.As(s.err, &exit) || errors.Is(s.err, io.EOF) {
			return nil
		}
		return s.err
	case <-time.After(timeout):
		return fmt.Errorf("the session did not end within %s; screen:\n%s", timeout, s.String())
	}
}

// Close ends the session and its connection.
func (s *Session) Close() {
	if s.sess != nil {
		s.sess.Close()
	}
	if s.client != nil {
		s.client.Close()
	}
}
