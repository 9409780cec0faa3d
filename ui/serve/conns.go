package serve

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// A connection that has logged in is held by its key until it closes. The
// SSH library bounds the time to log in (HandshakeTimeout) and nothing
// after: a client that logs in and opens no session would hold its place
// among the open connections for ever, and enough of them from one key
// lock every other agent out. So a logged-in connection without a session
// for SessionWait is closed, one key holds at most MaxConnectionsPerKey
// connections (and as many screens), and a key taken off the lists, or
// listed now under another name or role, loses its connections.

// connKey finds a connection's *conn in its ssh.Context.
type connKey struct{}

// revokeGrace is how long a revoked connection's screens have to quit and
// say why before the connection is closed under them.
const revokeGrace = 2 * time.Second

// conn is one connection, from its first byte to its close: its place in
// the count of open connections and, once it has logged in, its key's.
type conn struct {
	net.Conn
	s    *Server
	once sync.Once
	// done ends when the connection closes or its key is revoked; the
	// connection's screens quit with it.
	done   context.Context
	cancel context.CancelFunc

	// Under s.mu.
	key      string // keyID of the proven key; "" until logged in
	agent    Agent  // who the key was at login
	sessions int    // sessions being handled now
	wait     *time.Timer
	revoked  tracker.Phrase // why the key lost its connections; no Format if it has not
	closed   bool
}

// Close closes the connection and gives its places back, once.
func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.s.release(c) })
	return err
}

// track wraps a connection admitted to a place and files it in ctx, where
// the login and the sessions find it.
func (s *Server) track(ctx ssh.Context, nc net.Conn) *conn {
	c := &conn{Conn: nc, s: s}
	c.done, c.cancel = context.WithCancel(context.Background())
	ctx.SetValue(connKey{}, c)
	return c
}

func connOf(ctx interface{ Value(any) any }) *conn {
	c, _ := ctx.Value(connKey{}).(*conn)
	return c
}

func (s *Server) release(c *conn) {
	c.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	c.closed = true
	s.conns--
	if c.wait != nil {
		c.wait.Stop()
	}
	s.dropKeyLocked(c)
}

func (s *Server) dropKeyLocked(c *conn) {
	if c.key == "" {
		return
	}
	if s.perKey[c.key]--; s.perKey[c.key] <= 0 {
		delete(s.perKey, c.key)
	}
	delete(s.live, c)
	c.key = ""
}

// loggedIn counts a connection whose key has just been proven in its key's
// connections, or refuses the login when the key holds its share already.
// It runs inside the handshake (VerifiedPublicKeyCallback), so a refusal is
// a failed login: the client is told why in a banner and holds nothing.
func (s *Server) loggedIn(c *conn, key gossh.PublicKey) error {
	agent, ok := s.opts.Keys.Lookup(key)
	if c == nil || !ok {
		return errors.New(whyMayNot)
	}
	id := keyID(key)
	s.mu.Lock()
	s.dropKeyLocked(c) // a second proven key: the first did not log in after all
	if max := s.opts.MaxConnectionsPerKey; max > 0 && s.perKey[id] >= max {
		s.mu.Unlock()
		s.log.Warn("ssh login refused: this key holds too many connections", "agent", agent.Name, "role", string(agent.Role),
			"addr", c.RemoteAddr().String(), "key", agent.Fingerprint, "max_per_key", max)
		// Before the session: no LANG from the client yet, so the agent's
		// language, else the server's.
		why := tracker.Phrase{Format: whyConnFull, Args: []any{agent.Name, max}}
		tr := i18n.New(sessionLanguage(agent, nil, s.opts.Session.Language))
		return &gossh.BannerError{Err: errors.New(why.String()), Message: "waybill: " + tr.Phrase(why) + "\r\n"}
	}
	s.perKey[id]++
	s.live[c] = struct{}{}
	c.key, c.agent = id, agent
	if c.wait == nil {
		c.wait = time.AfterFunc(s.opts.SessionWait, func() { s.noSession(c) })
	} else {
		c.wait.Reset(s.opts.SessionWait)
	}
	s.mu.Unlock()
	return nil
}

// noSession closes a logged-in connection that has held no session for
// SessionWait.
func (s *Server) noSession(c *conn) {
	s.mu.Lock()
	idle := c.sessions == 0 && !c.closed
	agent := c.agent
	s.mu.Unlock()
	if !idle {
		return
	}
	s.log.Info("ssh connection closed: no session opened", "agent", agent.Name, "addr", c.RemoteAddr().String(),
		"session_wait", s.opts.SessionWait.String())
	c.Close()
}

// sessionStarted and sessionEnded bracket each session a connection has;
// the wait for a session runs while it has none.
func (s *Server) sessionStarted(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.sessions++
	if c.wait != nil {
		c.wait.Stop()
	}
}

func (s *Server) sessionEnded(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.sessions--; c.sessions == 0 && c.wait != nil && !c.closed && c.revoked.Format == "" {
		c.wait.Reset(s.opts.SessionWait)
	}
}

// revokedWhy says why the connection's key lost it, or no Format.
func (s *Server) revokedWhy(c *conn) tracker.Phrase {
	s.mu.Lock()
	defer s.mu.Unlock()
	return c.revoked
}

// watchKeys reads the key lists again every interval and ends the
// connections of keys no longer listed as they were. A list is acted on
// once it has stayed the same for a whole interval: a file caught half
// written (an editor that truncates, then writes) must not end everyone's
// sessions.
func (s *Server) watchKeys(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	checked := s.opts.Keys.Refresh()
	last := checked
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		gen := s.opts.Keys.Refresh()
		if gen != checked && gen == last {
			s.revalidate()
			checked = gen
		}
		last = gen
	}
}

// revalidate revokes the connections whose key is no longer listed, or is
// listed under another name or role: its sessions would act as someone the
// lists no longer say it is.
func (s *Server) revalidate() {
	s.mu.Lock()
	conns := make([]*conn, 0, len(s.live))
	for c := range s.live {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		s.mu.Lock()
		id, was := c.key, c.agent
		s.mu.Unlock()
		if id == "" {
			continue
		}
		now, ok := s.opts.Keys.current(id)
		switch {
		case !ok:
			s.revoke(c, tracker.Phrase{Format: whyUnlisted})
		case now.Name != was.Name || now.Role != was.Role:
			s.revoke(c, tracker.Phrase{Format: whyRelistedAs, Args: []any{now.Name, string(now.Role)}})
		}
	}
}

// revoke ends a connection whose key lost its right to it: its screens
// quit and say why, then the connection closes.
func (s *Server) revoke(c *conn, why tracker.Phrase) {
	s.mu.Lock()
	if c.revoked.Format != "" || c.closed {
		s.mu.Unlock()
		return
	}
	c.revoked = why
	n, agent := c.sessions, c.agent
	if c.wait != nil {
		c.wait.Stop()
	}
	s.mu.Unlock()
	s.log.Warn("ssh connection closed: the key is no longer listed as it was", "agent", agent.Name, "role", string(agent.Role),
		"addr", c.RemoteAddr().String(), "key", agent.Fingerprint, "reason", why, "sessions", n)
	c.cancel()
	if n == 0 {
		c.Close()
		return
	}
	time.AfterFunc(revokeGrace, func() { c.Close() })
}
