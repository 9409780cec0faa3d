package tracker

import (
	"maps"
	"slices"
	"strings"
)

// ClaimsConfig is [claims]: how long after shipping each party takes a
// claim, and how many claims per parcel a carrier takes.
type ClaimsConfig struct {
	Windows ClaimWindows `toml:"windows"`
	// Attempts is how many claims (complaints) per parcel a carrier takes,
	// by carrier slug; a claim past it is refused. 0: no limit. Unset
	// carriers take DefaultClaimAttempts's number, else no limit.
	Attempts map[string]int `toml:"attempts"`
}

// ClaimWindows are [claims.windows]: days from shipping to the last day a
// claim may be filed, per carrier slug ([claims.windows.carriers]) and
// per insurer name ([claims.windows.insurers]), "default" for the others.
// No source in CARRIERS.md or MARKETPLACES.md gives any party's window:
// the defaults are defaults, to be set from your own contracts.
type ClaimWindows struct {
	Carriers map[string]int `toml:"carriers"`
	Insurers map[string]int `toml:"insurers"`
}

// DefaultInsurerDays is the window of an insurer [claims.windows.insurers]
// does not name: 30 days from shipping. UNCONFIRMED (no source): a short
// default, so a claim surfaces early rather than late; set your insurer's.
const DefaultInsurerDays = 30

// DefaultClaimAttempts are the carriers' limits on claims per parcel that
// a source states: Cainiao takes two complaints per logistics order
// (issue 23). Others have none unless [claims.attempts] sets one.
var DefaultClaimAttempts = map[string]int{"cainiao": 2}

// DefaultClaims is [claims] of an empty config.
func DefaultClaims() ClaimsConfig { return ClaimsConfig{} }

// CarrierWindow is the days after shipping a claim with carrier (a slug)
// may be filed.
func (c ClaimsConfig) CarrierWindow(carrier string) int {
	return windowIn(c.Windows.Carriers, strings.ToLower(carrier), DefaultClaimDays)
}

// InsurerWindow is the days after shipping a claim with insurer may be
// filed; insurer names match ignoring case.
func (c ClaimsConfig) InsurerWindow(insurer string) int {
	return windowIn(c.Windows.Insurers, insurer, DefaultInsurerDays)
}

func windowIn(m map[string]int, name string, def int) int {
	for k, d := range m {
		if strings.EqualFold(k, name) {
			return d
		}
	}
	if d, ok := m["default"]; ok {
		return d
	}
	return def
}

// AttemptLimit is how many claims per parcel carrier takes; 0: no limit.
func (c ClaimsConfig) AttemptLimit(carrier string) int {
	for k, n := range c.Attempts {
		if strings.EqualFold(k, carrier) {
			return n
		}
	}
	return DefaultClaimAttempts[strings.ToLower(carrier)]
}

// claimDeadlines is [deadlines] as the rules use it: the carriers' claim
// windows are [claims.windows.carriers], with [deadlines.claim_days] (the
// older place for them) kept as an alias for the carriers it names and
// [claims.windows.carriers] does not.
func (c Config) claimDeadlines() DeadlineConfig {
	d := c.Deadlines
	if len(c.Deadlines.ClaimDays) == 0 && len(c.Claims.Windows.Carriers) == 0 {
		return d
	}
	merged := maps.Clone(c.Deadlines.ClaimDays)
	if merged == nil {
		merged = map[string]int{}
	}
	for k, v := range c.Claims.Windows.Carriers {
		merged[strings.ToLower(k)] = v
	}
	d.ClaimDays = merged
	return d
}

// ClaimsSettings is [claims] with [deadlines.claim_days] folded into its
// carrier windows (claimDeadlines says how).
func (c Config) ClaimsSettings() ClaimsConfig {
	out := c.Claims
	out.Windows.Carriers = c.claimDeadlines().ClaimDays
	return out
}

// validateClaims checks [claims], and that no carrier's window is set both
// in [claims.windows.carriers] and in its alias [deadlines.claim_days].
func (c Config) validateClaims(p *problems) {
	for _, k := range slices.Sorted(maps.Keys(c.Claims.Windows.Carriers)) {
		if d := c.Claims.Windows.Carriers[k]; !inRange(d, 1, 3650) {
			p.add(ConfigKey("claims", "windows", "carriers", k), d, "want 1 to 3650 days after shipping")
		}
		for old := range c.Deadlines.ClaimDays {
			if strings.EqualFold(old, k) {
				p.add(ConfigKey("deadlines", "claim_days", old), c.Deadlines.ClaimDays[old],
					"also set in [claims.windows.carriers]: keep it there only ([deadlines.claim_days] is the older name)")
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.Claims.Windows.Insurers)) {
		if d := c.Claims.Windows.Insurers[k]; !inRange(d, 1, 3650) {
			p.add(ConfigKey("claims", "windows", "insurers", k), d, "want 1 to 3650 days after shipping")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.Claims.Attempts)) {
		if n := c.Claims.Attempts[k]; !inRange(n, 0, 100) {
			p.add(ConfigKey("claims", "attempts", k), n, "want 0 (no limit) to 100 claims per parcel")
		}
	}
}
