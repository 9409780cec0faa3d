package tracker

import (
	"slices"
	"strings"
	"unicode"
)

// Role is what a person connected to `waybill serve` may do. The role comes
// with the key the person logged in with ([[agents]] or [ssh] authorized_keys).
type Role string

const (
	// RoleViewer reads everything and changes nothing: the screens hide
	// every action, and the server refuses them.
	RoleViewer Role = "viewer"
	// RoleAgent works the exception queue and complaint cases.
	RoleAgent Role = "agent"
	// RoleAdmin is an agent who may also import orders and change the
	// carrier settings.
	RoleAdmin Role = "admin"
)

// Roles lists the roles from the least to the most trusted.
var Roles = []Role{RoleViewer, RoleAgent, RoleAdmin}

// ParseRole reads a role name, ignoring case and surrounding space.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(Roles, r) {
		return "", refusal(refuseRole, s)
	}
	return r, nil
}

// CanWork reports whether the role may change exceptions, watches, alerts
// and cases, and ask a carrier now.
func (r Role) CanWork() bool { return r == RoleAgent || r == RoleAdmin }

// CanAdminister reports whether the role may also import orders and change
// carriers.
func (r Role) CanAdminister() bool { return r == RoleAdmin }

// maxAgentName bounds an agent's name: it is shown in a status bar and
// written beside every change the agent makes.
const maxAgentName = 64

// CheckAgentName says what is wrong with a name for an agent, or nil. The
// name is written in the audit and case logs and shown to other agents,
// so it must be short, printable text that shows: a name of zero-width
// spaces is as empty as "".
func CheckAgentName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return refusal(refuseNameEmpty)
	case name != strings.TrimSpace(name):
		return refusal(refuseNameSpace, name)
	case len([]rune(name)) > maxAgentName:
		return refusal(refuseNameLong, name, maxAgentName)
	}
	visible := false
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029':
			return refusal(refuseNameControl, name)
		case unicode.Is(unicode.Cf, r):
			// Bidi overrides and zero-width characters reorder or hide
			// what the logs show.
			return refusal(refuseNameInvisible, name, r)
		case unicode.IsGraphic(r) && !unicode.IsSpace(r):
			visible = true
		}
	}
	if !visible {
		return refusal(refuseNameBlank, name)
	}
	return nil
}
