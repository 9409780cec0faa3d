// Package serve runs waybill's screens for support agents over SSH: one
// process, one store, refresher and hub, and one screen per session, each
// with its own size, colours and agent. Agents log in by public key only;
// the key decides who they are and what they may do.
//
// Who an agent is comes from the key the session authenticated with, read
// after authentication (ssh.Session.PublicKey, which charm.land/ssh takes
// from the permissions of the key whose signature was verified), never
// from a key the client merely offered: a client may offer anyone's public
// key, and the auth callback sees every offer (soft-serve's
// GHSA-pchf-49fh-w34r). The callback only answers "may this key try".
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/tracker/netlimit"
	"waybill/ui"
	"waybill/ui/i18n"
)

// Options configures a server.
type Options struct {
	// HostKey is the server's key (see HostKey).
	HostKey gossh.Signer
	// Keys says who may log in, and as what.
	Keys *Keys
	// Session is what every session's screen shares: the Reader, the
	// Refresher, the Hub, the Clock, the templates. Actor and Role are set
	// per agent; a viewer gets ports that refuse writes.
	Session ui.Options
	// IdleTimeout ends a session after this long without a key press;
	// 0 never does.
	IdleTimeout time.Duration
	// MaxSessions bounds the sessions open at once; 0 does not.
	MaxSessions int
	// MaxAuthPerMinute bounds the connections one address may open per
	// minute; 0 does not.
	MaxAuthPerMinute int
	// HandshakeTimeout bounds the time from connecting to logging in;
	// 0 means 30s.
	HandshakeTimeout time.Duration
	// SessionWait closes a logged-in connection that holds no session for
	// this long; 0 means 30s.
	SessionWait time.Duration
	// MaxConnectionsPerKey bounds the connections one key holds at once,
	// and the sessions; 0 does not.
	MaxConnectionsPerKey int
	// KeysCheck is how often the key lists are read again, so a key taken
	// off them loses its connections; 0 means every second.
	KeysCheck time.Duration
	// Log gets a line per login, logout and refusal; nil discards them.
	Log *slog.Logger
}

// Server serves the screens over SSH. Make one with New, run it with Serve.
type Server struct {
	opts  Options
	log   *slog.Logger
	srv   *ssh.Server
	limit *netlimit.PerHost

	mu          sync.Mutex
	active      int                // sessions running a screen
	conns       int                // open connections: handshakes under way and sessions
	perKey      map[string]int     // logged-in connections by keyID
	keySessions map[string]int     // sessions running a screen by keyID
	live        map[*conn]struct{} // logged-in connections
	stopping    bool               // Serve's context ended: no new sessions
	base        context.Context
}

// New checks the options and builds the server.
func New(opts Options) (*Server, error) {
	if opts.HostKey == nil {
		return nil, errors.New("ssh server: no host key")
	}
	if opts.Keys == nil {
		return nil, errors.New("ssh server: no keys")
	}
	if opts.Session.Reader == nil {
		return nil, errors.New("ssh server: no reader for the screens")
	}
	if opts.HandshakeTimeout <= 0 {
		opts.HandshakeTimeout = 30 * time.Second
	}
	if opts.SessionWait <= 0 {
		opts.SessionWait = 30 * time.Second
	}
	if opts.KeysCheck <= 0 {
		opts.KeysCheck = time.Second
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, log: log, limit: netlimit.New(opts.MaxAuthPerMinute), base: context.Background(),
		perKey: map[string]int{}, keySessions: map[string]int{}, live: map[*conn]struct{}{}}
	srv := &ssh.Server{
		HostSigners:              []ssh.Signer{opts.HostKey},
		HandshakeTimeout:         opts.HandshakeTimeout,
		ConnCallback:             s.admit,
		ConnectionFailedCallback: s.failed,
		// The library's PublicKeyCallback answers offers (mayTry); this
		// runs once a key is proven, where the key's connections are
		// counted (see conns.go).
		ServerConfigCallback: func(ctx ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{
				VerifiedPublicKeyCallback: func(_ gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions, _ string) (*gossh.Permissions, error) {
					if err := s.loggedIn(connOf(ctx), key); err != nil {
						return nil, err
					}
					return perms, nil
				},
			}
		},
	}
	for _, o := range []ssh.Option{
		wish.WithVersion("waybill"),
		// Public keys only: with no password or keyboard-interactive
		// handler, the server neither offers nor accepts them.
		wish.WithPublicKeyAuth(s.mayTry),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle }),
	} {
		if err := srv.SetOption(o); err != nil {
			return nil, fmt.Errorf("ssh server: %w", err)
		}
	}
	s.srv = srv
	return s, nil
}

// mayTry answers whether a key may be used to log in. It runs for every
// key a client offers, proven or not, so it decides nothing about who the
// session is; that is read from the session once the key is proven.
func (s *Server) mayTry(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.opts.Keys.Lookup(key); ok {
		return true
	}
	s.log.Info("ssh key refused: not an agent's", "addr", ctx.RemoteAddr().String(), "user", ctx.User(),
		"key", gossh.FingerprintSHA256(key), "type", key.Type())
	return false
}

// admit takes a new connection from its address's allowance, before any
// SSH is spoken.
func (s *Server) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	s.mu.Lock()
	stopping := s.stopping
	s.mu.Unlock()
	if stopping {
		return nil
	}
	if ok, log := s.limit.Allow(hostOf(conn.RemoteAddr()), time.Now()); !ok {
		if log {
			s.log.Warn("ssh connection refused: too many from this address (more are refused silently for a minute)",
				"addr", conn.RemoteAddr().String(), "limit_per_minute", s.opts.MaxAuthPerMinute)
		}
		return nil
	}
	// The per-address allowance does not bound many addresses at once,
	// each holding a handshake open for HandshakeTimeout: cap the total.
	s.mu.Lock()
	full := s.conns >= s.maxConns()
	if !full {
		s.conns++
	}
	s.mu.Unlock()
	if full {
		s.log.Warn("ssh connection refused: too many open connections", "addr", conn.RemoteAddr().String(), "max", s.maxConns())
		return nil
	}
	return s.track(ctx, conn)
}

// maxConns is how many connections may be open at once: every session,
// and as many again plus some for logins under way.
func (s *Server) maxConns() int {
	if s.opts.MaxSessions <= 0 {
		return 1 << 30
	}
	return 2*s.opts.MaxSessions + 16
}

// failed logs a connection that did not log in: refused keys, a password
// tried, a client that gave up, a handshake too slow.
func (s *Server) failed(conn net.Conn, err error) {
	reason := err.Error()
	var ae *gossh.ServerAuthError
	if errors.As(err, &ae) {
		seen := map[string]bool{}
		var rs []string
		for _, e := range ae.Errors {
			r := strings.TrimPrefix(e.Error(), "ssh: ")
			if !seen[r] && r != "no auth passed yet" {
				seen[r] = true
				rs = append(rs, r)
			}
		}
		reason = "authentication failed: " + strings.Join(rs, "; ")
	}
	s.log.Warn("ssh login refused", "addr", conn.RemoteAddr().String(), "reason", reason)
}

// Serve accepts connections on ln until ctx ends, then quits every screen
// (each restores its agent's terminal), closes the connections and returns
// nil once the sessions are over, or after a few seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.mu.Lock()
	s.base = ctx
	s.mu.Unlock()
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(ln) }()
	wctx, stopWatch := context.WithCancel(ctx)
	var watch sync.WaitGroup
	watch.Go(func() { s.watchKeys(wctx, s.opts.KeysCheck) })
	defer watch.Wait()
	defer stopWatch()
	select {
	case err := <-errc:
		return fmt.Errorf("ssh server: %w", err)
	case <-ctx.Done():
	}
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	// Every session's context ends with ctx: their screens quit. Closing
	// the listener first refuses new connections meanwhile; we close it
	// ourselves too, in case ctx ended before the ssh server took it.
	_ = ln.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_ = s.srv.Shutdown(sctx) // connections outlive it
	cancel()
	s.waitSessions(3 * time.Second)
	err := s.srv.Close()
	s.waitSessions(2 * time.Second)
	<-errc
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("ssh server: close: %w", err)
	}
	return nil
}

func (s *Server) waitSessions(max time.Duration) {
	deadline := time.Now().Add(max)
	for {
		s.mu.Lock()
		n := s.active
		s.mu.Unlock()
		if n == 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// enter counts a new session of key in, unless the server is full or
// stopping, or the key has its share of sessions already (one connection
// may carry several).
func (s *Server) enter(key string, agent Agent) (context.Context, bool, tracker.Phrase) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch max := s.opts.MaxConnectionsPerKey; {
	case s.stopping:
		return nil, false, tracker.Phrase{Format: whyStopping}
	case s.opts.MaxSessions > 0 && s.active >= s.opts.MaxSessions:
		return nil, false, tracker.Phrase{Format: whyFull, Args: []any{s.opts.MaxSessions}}
	case max > 0 && s.keySessions[key] >= max:
		return nil, false, tracker.Phrase{Format: whyKeyFull, Args: []any{agent.Name, max}}
	}
	s.active++
	s.keySessions[key]++
	return s.base, true, tracker.Phrase{}
}

func (s *Server) leave(key string) {
	s.mu.Lock()
	s.active--
	if s.keySessions[key]--; s.keySessions[key] <= 0 {
		delete(s.keySessions, key)
	}
	s.mu.Unlock()
}

// Sessions is how many screens are open now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// refuse ends a session that will not get a screen, telling the client why
// in the session's language; the log says it in English.
func (s *Server) refuse(sess ssh.Session, agent Agent, format string, args ...any) {
	why := tracker.Phrase{Format: format, Args: args}
	s.log.Warn("ssh session refused", "agent", agent.Name, "addr", sess.RemoteAddr().String(), "reason", why.String())
	tr := i18n.New(sessionLanguage(agent, sess.Environ(), s.opts.Session.Language))
	wish.Fatalln(sess, "waybill: "+tr.Phrase(why))
}

// handle runs one session: who it is, whether it may run, then its screen.
func (s *Server) handle(sess ssh.Session) {
	// While a session is handled, its connection is not waiting for one.
	c := connOf(sess.Context())
	if c != nil {
		s.sessionStarted(c)
		defer s.sessionEnded(c)
	}
	// The key this session proved it holds; see the package comment.
	agent, ok := s.opts.Keys.Lookup(sess.PublicKey())
	if !ok {
		s.refuse(sess, Agent{}, whyUnknownKey)
		return
	}
	if c != nil && s.revokedWhy(c).Format != "" {
		s.refuse(sess, agent, whyRelisted)
		return
	}
	pty, _, hasPty := sess.Pty()
	switch {
	case !hasPty:
		s.refuse(sess, agent, whyNoPty)
		return
	case len(sess.RawCommand()) > 0 || sess.Subsystem() != "":
		s.refuse(sess, agent, whyCommand)
		return
	}
	key := keyID(sess.PublicKey())
	base, ok, why := s.enter(key, agent)
	if !ok {
		s.refuse(sess, agent, whyLater, why)
		return
	}
	defer s.leave(key)

	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	defer context.AfterFunc(base, cancel)() // the server stops: so does the session
	if c != nil {
		defer context.AfterFunc(c.done, cancel)() // the key is revoked: so is the session
	}

	start := time.Now()
	s.log.Info("ssh login", "agent", agent.Name, "role", string(agent.Role), "addr", sess.RemoteAddr().String(),
		"key", agent.Fingerprint, "listed", agent.From, "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height)

	// The screen draws; Bubble Tea runs the model without a renderer, its
	// ticker slowed to once a second (see screen). The terminal is
	// emulated (the server allocates no pty): the session's writer maps
	// "\n" to "\r\n", and there is no tty to put in raw mode.
	env := append(sess.Environ(), "TERM="+pty.Term)
	out := &lockedWriter{w: sess}
	scr := newScreen(out, env, colorprofile.Env(env), true)
	defer scr.close() // on a panic; the call below is the one that counts
	sopts := sessionOptions(s.opts.Session, agent, s.log)
	sopts.Language = sessionLanguage(agent, sess.Environ(), s.opts.Session.Language)
	idle := newIdle(ui.New(ctx, sopts), s.opts.IdleTimeout, time.Now)
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithOutput(out),
		tea.WithoutRenderer(),
		tea.WithFPS(1),
		tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg { return scr.filter(sessionFilter(m, msg)) }),
		tea.WithoutSignalHandler(), // signals are the process's, not a session's
	)
	p := tea.NewProgram(&screenModel{inner: idle, scr: scr}, opts...)
	// Quit, not kill: the program leaves its loop as it does on `q`; the
	// screen then restores the agent's terminal.
	defer context.AfterFunc(ctx, p.Quit)()
	bubbletea.MiddlewareWithProgramHandler(func(ssh.Session) *tea.Program { return p })(func(ssh.Session) {})(sess)
	// The terminal is given back on every way out (quit, idle, the server
	// stopping); a client that went away gets nothing.
	_ = scr.close()

	reason := "quit"
	var revoked tracker.Phrase
	if c != nil {
		revoked = s.revokedWhy(c)
	}
	tr := i18n.New(sopts.Language)
	switch {
	case revoked.Format != "":
		reason = "key revoked"
		fmt.Fprintf(sess, "\r\nwaybill: %s\r\n", tr.Phrase(tracker.Phrase{Format: whyClosed, Args: []any{revoked}}))
	case idle.Expired():
		reason = "idle"
		fmt.Fprintf(sess, "\r\nwaybill: %s\r\n", tr.Phrase(tracker.Phrase{Format: whyIdle, Args: []any{s.opts.IdleTimeout}}))
	case base.Err() != nil:
		reason = "server stopping"
	case sess.Context().Err() != nil:
		reason = "disconnected"
	}
	s.log.Info("ssh logout", "agent", agent.Name, "role", string(agent.Role), "addr", sess.RemoteAddr().String(),
		"reason", reason, "after", time.Since(start).Round(time.Second).String())
}
