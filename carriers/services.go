// Package carriers holds one adapter per tracking service, each behind
// tracker.Carrier, and builds the set a config enables: which service
// tracks which carrier's numbers, and where each one's webhook listens.
package carriers

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"

	"waybill/carriers/aftership"
	"waybill/carriers/carrierhttp"
	"waybill/carriers/dhl"
	"waybill/carriers/kuaidi100"
	"waybill/carriers/ship24"
	"waybill/carriers/track123"
	"waybill/carriers/track17"
	"waybill/carriers/trackingmore"
	"waybill/tracker"
)

// webhooker is an adapter that accepts pushes.
type webhooker interface {
	Webhook(secret string, sink tracker.PushSink) http.Handler
}

// keySigner is an adapter whose service signs its pushes with the API key
// itself (17TRACK's security key): with no webhook_secret configured, the
// key verifies them.
type keySigner interface{ SignsPushesWithKey() bool }

// documentedRate is each service's published request rate, used when the
// config gives none. DHL's starter plan allows 250 calls a day and 1 a
// second; Kuaidi100 publishes no rate, only a 30-minute floor per number.
var documentedRate = map[string]float64{
	"17track":      track17.DefaultRate,
	"aftership":    aftership.RatePerSecond,
	"ship24":       ship24.RatePerSecond,
	"dhl":          1,
	"kuaidi100":    1,
	"track123":     track123.RatePerSecond,
	"trackingmore": trackingmore.RatePerSecond, // each v4 endpoint: 10 a second
}

// maxBatch is each service's documented most tracking numbers a call.
var maxBatch = map[string]int{
	"17track":      track17.MaxBatch,
	"aftership":    aftership.MaxBatchSize,
	"ship24":       ship24.MaxBatchSize,
	"dhl":          dhl.MaxBatch,
	"kuaidi100":    kuaidi100.MaxBatch,
	"track123":     track123.MaxBatch,
	"trackingmore": trackingmore.MaxBatch,
}

// CheckConfig is the services' own part of checking a config, a
// tracker.ConfigCheck that main runs when any command starts: what each
// service's documentation allows. tracker checks what holds for all.
func CheckConfig(cfg tracker.Config) []*tracker.ConfigError {
	var out []*tracker.ConfigError
	for _, name := range slices.Sorted(maps.Keys(cfg.Carriers)) {
		most, ok := maxBatch[name]
		if b := cfg.Carriers[name].BatchSize; ok && b > most {
			out = append(out, &tracker.ConfigError{
				Key: tracker.ConfigKey("carriers", name, "batch_size"), Value: strconv.Itoa(b),
				Reason: fmt.Sprintf("want 1 to %d (or 0, the same): %s takes at most %d tracking numbers a call", most, name, most),
			})
		}
	}
	return append(out, checkKuaidi100(cfg)...)
}

// Rates returns the calls per second to keep to for each configured
// service: the config's rate_per_second, else the documented one.
func (s *Set) Rates(cfg tracker.Config) map[string]float64 {
	out := map[string]float64{}
	for name := range s.services {
		out[name] = documentedRate[name]
		if r := cfg.Carriers[name].RatePerSecond; r > 0 {
			out[name] = r
		}
	}
	return out
}

// Set is the tracking services a config enables and the routing between
// them.
type Set struct {
	services  map[string]tracker.Carrier
	secrets   map[string]string
	prints    map[string]string // tracker.KeyPrint of each service's credentials
	direct    map[string]string // carrier slug → direct service
	aggregate string            // service for every other number, "" when none
}

// build makes one adapter from its config table.
func build(name string, o carrierhttp.Options) (tracker.Carrier, error) {
	switch name {
	case "17track":
		return track17.New(o)
	case "aftership":
		return aftership.New(o)
	case "ship24":
		return ship24.New(o)
	case "dhl":
		return dhl.New(o)
	case "kuaidi100":
		return kuaidi100.New(o)
	case "track123":
		return track123.New(o)
	case "trackingmore":
		return trackingmore.New(o)
	}
	return nil, fmt.Errorf("carriers.%s: this build has no adapter for it", name)
}

// Build creates the adapters of every enabled [carriers.X] table except the
// simulator. Keys named by api_key_env are read through getenv; a key that
// is configured but empty is an error naming the variable.
func Build(cfg tracker.Config, getenv func(string) string) (*Set, error) {
	s := &Set{services: map[string]tracker.Carrier{}, secrets: map[string]string{}, prints: map[string]string{}, direct: map[string]string{}}
	var aggregators []string
	for _, name := range cfg.RealCarriers() {
		cc := cfg.Carriers[name]
		// LoadConfig refused these already; a config built another way
		// must not reach a service unpaced either (inf is no limit at all).
		if r := cc.RatePerSecond; !(r >= 0 && r <= tracker.MaxRatePerSecond) {
			return nil, fmt.Errorf("carriers.%s.rate_per_second = %v: want a finite number from 0 to %d", name, r, tracker.MaxRatePerSecond)
		}
		key := cc.Key(getenv)
		if key == "" {
			return nil, fmt.Errorf("carriers.%s: api_key_env %s is empty or unset", name, cc.APIKeyEnv)
		}
		c, err := build(name, carrierhttp.Options{
			APIKey: key, Customer: cc.Customer, BaseURL: cc.BaseURL,
			BatchSize: cc.BatchSize, Timeout: cc.Timeout.Duration,
		})
		if err != nil {
			return nil, err
		}
		if k, ok := c.(*kuaidi100.Carrier); ok {
			if c, err = withKuaidi100(k, cc, cc.Secret(getenv)); err != nil {
				return nil, err
			}
		}
		if r, ok := c.(interface{ SetRate(float64) }); ok && cc.RatePerSecond > 0 {
			r.SetRate(cc.RatePerSecond)
		}
		s.services[name] = c
		s.secrets[name] = cc.Secret(getenv)
		s.prints[name] = tracker.KeyPrint(key, cc.Customer, cc.BaseURL)
		if ks, ok := c.(keySigner); ok && ks.SignsPushesWithKey() && s.secrets[name] == "" {
			s.secrets[name] = key
		}
		if slugs, ok := tracker.DirectServices[name]; ok {
			for _, slug := range slugs {
				s.direct[slug] = name
			}
		} else {
			aggregators = append(aggregators, name)
		}
	}
	switch {
	case cfg.Tracking.Default != "":
		s.aggregate = cfg.Tracking.Default
	case len(aggregators) == 1:
		s.aggregate = aggregators[0]
	case len(aggregators) > 1:
		return nil, fmt.Errorf("tracking.default: %d aggregators are configured (%v); name the one for numbers no direct carrier covers", len(aggregators), aggregators)
	}
	return s, nil
}

// KeyPrints returns the fingerprint of each service's credentials
// (tracker.KeyPrint), by name, for tracker.Refresher.KeyPrints.
func (s *Set) KeyPrints() map[string]string { return maps.Clone(s.prints) }

// Len is how many services are configured.
func (s *Set) Len() int { return len(s.services) }

// Route picks the service for a carrier's numbers: its direct service when
// one is configured, else the default aggregator; nil when neither is.
func (s *Set) Route(carrierSlug string) tracker.Carrier {
	if name, ok := s.direct[carrierSlug]; ok {
		return s.services[name]
	}
	if s.aggregate != "" {
		return s.services[s.aggregate]
	}
	return nil
}

// Webhooks returns a handler serving /webhooks/SERVICE for every configured
// service that accepts pushes and has a secret, and the paths it serves. A
// service without a secret gets no endpoint: an unauthenticated push would
// let anyone write to the store.
func (s *Set) Webhooks(sink tracker.PushSink) (http.Handler, []string) {
	mux := http.NewServeMux()
	names := make([]string, 0, len(s.services))
	for name := range s.services {
		names = append(names, name)
	}
	sort.Strings(names)
	var paths []string
	for _, name := range names {
		w, ok := s.services[name].(webhooker)
		if !ok || s.secrets[name] == "" {
			continue
		}
		p := "/webhooks/" + name
		mux.Handle(p, w.Webhook(s.secrets[name], sink))
		paths = append(paths, p)
	}
	return mux, slices.Clip(paths)
}
