package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/serve"
)

func (a *app) serveCmd() *cobra.Command {
	var httpAddr, sshAddr string
	cmd := leaf("serve", "serve the screens over SSH, take webhooks, refresh in background", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		return a.serve(cmd.Context(), httpAddr, sshAddr)
	})
	cmd.Long = "serve the screens to agents over SSH, receive carrier webhooks, and refresh in the background"
	cmd.Flags().StringVar(&httpAddr, "http", "", "listen `address` for carrier webhooks, e.g. 127.0.0.1:8080")
	cmd.Flags().StringVar(&sshAddr, "ssh", "", "listen `address` for agents over SSH (default: [ssh] listen, 127.0.0.1:23234; without --http it is on)")
	return cmd
}

// serve runs the webhook receiver and the SSH server, with the refresher
// and the alert sender, until ctx ends or one of the servers stops on its
// own. Its log (logins, refusals, skipped authorized_keys lines) goes to
// stderr.
func (a *app) serve(ctx context.Context, httpAddr, sshAddr string) error {
	// With neither flag, serve the agents: that is what a bare `waybill
	// serve` is for. --http alone keeps to webhooks, as it always did.
	withSSH := sshAddr != "" || httpAddr == ""
	s, err := a.openScreen(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	hub := tracker.NewHub()
	logMu := new(sync.Mutex) // one line at a time from the sender, the refresher and the webhooks
	bg, err := s.Background(ctx, hub, logAlerts(a.stdout, logMu))
	if err != nil {
		return err
	}
	// Polled or pushed, an event whose date cannot be right is logged once,
	// as it is stored, with its parcel.
	bg.Refresher.OnSuspect = logSuspect(a.stdout, logMu)
	market, err := a.marketSyncer(s, bg, hub, logSync(a.stdout, logMu))
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var failMu sync.Mutex
	var failed error
	fail := func(err error) { // a server that stops on its own stops the others
		failMu.Lock()
		failed = errors.Join(failed, err)
		failMu.Unlock()
		cancel()
	}

	if httpAddr != "" {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
		if bg.Webhooks != nil {
			mux.Handle("/webhooks/", bg.Webhooks)
		}
		paths, err := a.marketWebhooks(s, mux, market)
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", tracker.LoopbackDefault(httpAddr))
		if err != nil {
			return fmt.Errorf("serve --http %s: %w", httpAddr, err)
		}
		srv, ln := a.wiring.WebhookServer(ln, mux, s.cfg.HTTP)
		fmt.Fprintf(a.stdout, "listening on http://%s (webhooks: %s)\n", ln.Addr(), strings.Join(append(bg.WebhookPaths, paths...), " "))
		wg.Go(func() {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				fail(fmt.Errorf("serve --http: %w", err))
			}
		})
		wg.Go(func() {
			<-ctx.Done()
			sctx, stop := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer stop()
			srv.Shutdown(sctx)
		})
	}
	if withSSH {
		addr := sshAddr
		if addr == "" {
			addr = s.cfg.SSH.Listen
		}
		srv, ln, err := a.sshServer(ctx, s, addr, bg, hub, slog.New(slog.NewTextHandler(a.stderr, nil)))
		if err != nil {
			cancel()
			wg.Wait()
			return err
		}
		wg.Go(func() {
			if err := srv.Serve(ctx, ln); err != nil {
				fail(err)
			}
		})
		// Writes by other processes (`waybill case do` in a shell) reach
		// every agent's screen too.
		wg.Go(func() { tracker.WatchStore(ctx, s.store, time.Second, hub) })
	}

	wg.Go(func() { bg.Refresher.Run(ctx, s.cfg.Refresh.Interval.Duration) })
	wg.Go(func() { market.Run(ctx) })
	wg.Go(func() { bg.Alerts.Run(ctx) })
	<-ctx.Done()
	wg.Wait()
	return failed
}

// sshServer sets up `waybill serve --ssh`: the host key (made once beside
// the store unless [ssh] host_key_path says where), the agents' keys, and
// the screens they share, and listens on addr.
func (a *app) sshServer(ctx context.Context, s *session, addr string, bg Background, hub *tracker.Hub, log *slog.Logger) (*serve.Server, net.Listener, error) {
	keyPath := cfgRelative(s.cfgPath, s.cfg.SSH.HostKeyPath)
	if keyPath == "" {
		keyPath = filepath.Join(filepath.Dir(s.store.Path()), "ssh_host_ed25519_key")
		if tracker.IsStoreURL(s.store.Path()) {
			// A store on a database server has no folder here: each
			// server keeps its own key beside its config.
			dir, err := hostKeyDir(s.cfgPath)
			if err != nil {
				return nil, nil, err
			}
			keyPath = filepath.Join(dir, "ssh_host_ed25519_key")
		}
	}
	hostKey, created, err := serve.HostKey(keyPath)
	if err != nil {
		return nil, nil, err
	}
	if created {
		log.Info("ssh host key created", "path", keyPath, "key", gossh.FingerprintSHA256(hostKey.PublicKey()))
	}
	role, err := tracker.ParseRole(s.cfg.SSH.DefaultRole)
	if err != nil {
		return nil, nil, fmt.Errorf("ssh default_role: %w", err)
	}
	keys, err := serve.NewKeys(s.cfg.Agents, cfgRelative(s.cfgPath, s.cfg.SSH.AuthorizedKeys), role, log)
	if err != nil {
		return nil, nil, err
	}
	// [[agents]] come and go as the authorized_keys file's keys do: the
	// config is read again when it changes. Its other settings, the
	// authorized_keys path included, take a restart.
	keys.WatchConfig(s.cfgPath, func() ([]tracker.AgentConfig, error) {
		cfg, _, err := a.wiring.LoadConfig(a.configPath)
		return cfg.Agents, err
	})
	agents := keys.Count()
	if agents == 0 && s.cfg.SSH.AuthorizedKeys == "" {
		return nil, nil, problemf("serve --ssh: no agent can log in: add [[agents]] entries or [ssh] authorized_keys to %s (the README shows how)", s.cfgPath)
	}
	msgs, err := s.messages()
	if err != nil {
		return nil, nil, err
	}
	sendBuyer, err := a.wiring.BuyerEmail(s.cfg)
	if err != nil {
		return nil, nil, err
	}
	title, mixed, err := storeTitle(ctx, a.tr(), s.store, false, false)
	if err != nil {
		return nil, nil, err
	}
	srv, err := serve.New(serve.Options{
		HostKey: hostKey, Keys: keys, Log: log,
		IdleTimeout: s.cfg.SSH.IdleTimeout.Duration, MaxSessions: s.cfg.SSH.MaxSessions, MaxAuthPerMinute: s.cfg.SSH.MaxAuthPerMinute,
		SessionWait: s.cfg.SSH.SessionWait.Duration, MaxConnectionsPerKey: s.cfg.SSH.MaxConnectionsPerKey,
		Session: ui.Options{
			Reader: s.store, Service: a.withMarkets(s, tracker.NewService(s.store, bg.Clock, hub, s.store).WithClaims(s.cfg.ClaimsSettings())),
			Refresher: bg.Refresher, Hub: hub, Clock: bg.Clock, Demo: bg.Demo, DemoSpeed: s.cfg.Demo.Speed,
			Title: title, MarkDemo: mixed, Templates: msgs, SendBuyerEmail: sendBuyer, Seller: s.cfg.Messages.Seller,
			// `i` reads server files: only with allow_import, and only admins (serve.sessionOptions).
			ImportFiles: s.cfg.SSH.AllowImport, ImportColumns: s.cfg.Import.Columns,
			EvidenceFont: cfgRelative(s.cfgPath, s.cfg.Evidence.Font),
			// Read-only ports, so a viewer sees ETAs and the scorecard too.
			ETA: s.store, History: s.store, Rules: s.cfg.Rules, Urgent: s.cfg.Deadlines.Urgent.Duration,
			// Every session binds the same [keys], each on a key map of its own.
			Keys: s.cfg.Keys, ExtendDays: s.cfg.Deadlines.ExtendDays,
			ExtendBefore: s.cfg.Deadlines.ExtendBefore.Duration,
			// The server's language: a session whose agent and client
			// name none (serve.sessionLanguage).
			Language: language(s.cfg),
		},
	})
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", tracker.LoopbackDefault(addr))
	if err != nil {
		return nil, nil, fmt.Errorf("serve --ssh %s: %w", addr, err)
	}
	fmt.Fprintf(a.stdout, "listening on ssh://%s (host key %s; %d agents can log in)\n", ln.Addr(), gossh.FingerprintSHA256(hostKey.PublicKey()), agents)
	return srv, ln, nil
}

// hostKeyDir is where a server whose store is a URL keeps its SSH host
// key: beside its config file, else in the user's config folder.
func hostKeyDir(cfgPath string) (string, error) {
	if cfgPath != "" {
		return filepath.Dir(cfgPath), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", wrapf("ssh host key: set [ssh] host_key_path (the store is a URL and there is no config folder: %v)", err)
	}
	return filepath.Join(dir, "waybill"), nil
}
