package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/tracker/templates"
	"waybill/ui/i18n"
)

// session is what a command works with: the config and the open store.
type session struct {
	Env
	store   Store
	cfg     tracker.Config
	cfgPath string
}

// config loads --config, or the default config file when there is one,
// once a run, and warns when a file holding secrets is readable by others.
// Every command loads it before it runs (checkConfig), so a bad value is
// reported at the start of any command, not by the one that uses it.
func (a *app) config() (tracker.Config, string, error) {
	a.configOnce.Do(func() {
		a.cfg, a.cfgPath, a.cfgErr = a.wiring.LoadConfig(a.configPath)
		if a.cfgErr == nil {
			if w, ok := tracker.ConfigExposurePhrase(a.cfgPath, a.cfg); ok {
				// In the language tr will choose: tr reads this config.
				fmt.Fprintln(a.stderr, i18n.New(language(a.cfg)).Phrase(w))
			}
		}
	})
	return a.cfg, a.cfgPath, a.cfgErr
}

// open loads the config and opens the store --db names (or the default).
// dbEnv is the environment variable naming the store (a path or a
// postgres:// URL) when --db does not: below --db, above the config, so a
// team's shell or service unit can point every command at one database
// without a flag on each.
const dbEnv = "WAYBILL_DB"

// storeArg is the store a command opens by what it was given: --db, else
// WAYBILL_DB; "" leaves it to the config and the default.
func (a *app) storeArg() string {
	if a.dbPath != "" {
		return a.dbPath
	}
	return os.Getenv(dbEnv)
}

func (a *app) open(ctx context.Context) (*session, error) { return a.openFor(ctx, false) }

// openScreen opens the store, as open does, for a process that shows the
// screen: the TUI and serve (Wiring.Open's screen).
func (a *app) openScreen(ctx context.Context) (*session, error) { return a.openFor(ctx, true) }

func (a *app) openFor(ctx context.Context, screen bool) (*session, error) {
	cfg, cfgPath, err := a.config()
	if err != nil {
		return nil, err
	}
	env, err := a.wiring.Open(ctx, a.storeArg(), cfg, screen)
	if err != nil {
		return nil, err
	}
	return &session{Env: env, store: env.Store(), cfg: cfg, cfgPath: cfgPath}, nil
}

// openAt opens the store, as open does, and reads its clock: the demo's,
// for a demo store.
func (a *app) openAt(ctx context.Context) (*session, tracker.Clock, error) {
	s, err := a.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	clock, _, err := s.Clock(ctx)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, clock, nil
}

// service is the one implementation of every action, over the store, by
// the store's clock; hub (nil: none) is told of what it changes.
func (s *session) service(ctx context.Context, hub *tracker.Hub) (*tracker.Service, error) {
	clock, _, err := s.Clock(ctx)
	if err != nil {
		return nil, err
	}
	return tracker.NewService(s.store, clock, hub, s.store).WithClaims(s.cfg.ClaimsSettings()), nil
}

// openService opens the store, as open does, and the service over it.
func (a *app) openService(ctx context.Context) (*session, *tracker.Service, error) {
	s, err := a.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	svc, err := s.service(ctx, nil)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, svc, nil
}

// messages loads the buyer-message templates, with the overrides from
// [messages] templates_dir or the templates folder beside the config file.
func (s *session) messages() (*templates.Set, error) {
	dir := s.cfg.Messages.TemplatesDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(s.cfgPath), "templates")
	}
	return templates.New(dir)
}

// etaAt is the ETA model as of the store's clock, with that time.
type etaAt func(ctx context.Context) (*tracker.ETAModel, time.Time, error)

// etaModel is the store's ETA model as of the store's clock (the demo's,
// for a demo store), with that time.
func (s *session) etaModel(ctx context.Context) (*tracker.ETAModel, time.Time, error) {
	clock, _, err := s.Clock(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	now := clock.Now()
	m, err := s.store.ETAModel(ctx, now, s.cfg.ETA)
	return m, now, err
}

// cfgRelative resolves a path the config at cfgPath names: ~/ is the home
// folder, and a relative path is taken from the config file's folder, not
// from wherever the server was started.
func cfgRelative(cfgPath, p string) string {
	switch {
	case p == "":
		return ""
	case p == "~" || strings.HasPrefix(p, "~/"):
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	case !filepath.IsAbs(p):
		return filepath.Join(filepath.Dir(cfgPath), p)
	}
	return p
}

// actor is who the logs name for what this command line does: the local
// user, who may do everything.
func actor() tracker.Actor { return tracker.LocalActor(os.Getenv("USER")) }

// shortPath writes a path under the home folder with ~, for a title bar.
func shortPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		return "~" + p[len(home):]
	}
	return p
}
