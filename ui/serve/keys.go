package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
)

// Agent is a person who may log in: the name every change they make is
// logged under, and what they may do.
type Agent struct {
	Name        string
	Role        tracker.Role
	Fingerprint string // of the key, SHA256:…, for the login log
	From        string // where the key is listed: "[[agents]]" or "authorized_keys line 3"
	// Language is the agent's `language` in [[agents]] (en, zh, auto or
	// ""); it decides the session's language before the client's LANG.
	// A change reaches the agent's next session, without ending this one.
	Language string
}

// Problem is a line of an authorized_keys file that was skipped, and why.
type Problem struct {
	Line   int
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// keyID is a public key in its wire form: two keys are the same key when
// these bytes are.
func keyID(k gossh.PublicKey) string { return string(k.Marshal()) }

// ParseAuthorizedKeys reads an OpenSSH authorized_keys file: one key per
// line, the comment after it being the agent's name, and role the role of
// all of them. A line that cannot be used is reported with its number and
// skipped; it never stops the lines after it from counting. Options (from=,
// command=, …) are not applied by waybill, so a line with any is skipped
// rather than trusted more widely than its author meant.
func ParseAuthorizedKeys(data []byte, role tracker.Role) (map[string]Agent, []Problem) {
	agents := map[string]Agent{}
	firstLine := map[string]int{}
	var problems []Problem
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20) // RSA keys of 16k bits make long lines
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, options, rest, err := gossh.ParseAuthorizedKey(line)
		name := strings.TrimSpace(comment)
		switch {
		case err != nil:
			problems = append(problems, Problem{n, "not a public key: " + strings.TrimPrefix(err.Error(), "ssh: ")})
			continue
		case len(options) > 0:
			problems = append(problems, Problem{n, fmt.Sprintf("has options (%s), which waybill does not apply; list the key without them",
				strings.Join(options, ","))})
			continue
		case len(bytes.TrimSpace(rest)) > 0:
			// ParseAuthorizedKey stops at the first key of a line.
			problems = append(problems, Problem{n, "more than one key on the line"})
			continue
		case name == "":
			problems = append(problems, Problem{n, "no comment after the key to name its agent"})
			continue
		}
		if err := tracker.CheckAgentName(name); err != nil {
			problems = append(problems, Problem{n, "the comment cannot name an agent: " + err.Error()})
			continue
		}
		id := keyID(key)
		if first, dup := firstLine[id]; dup {
			problems = append(problems, Problem{n, fmt.Sprintf("the same key as line %d, which counts", first)})
			continue
		}
		firstLine[id] = n
		agents[id] = Agent{Name: name, Role: role, Fingerprint: gossh.FingerprintSHA256(key), From: fmt.Sprintf("authorized_keys line %d", n)}
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, Problem{n + 1, "unreadable: " + err.Error()})
	}
	return agents, problems
}

// Keys knows who may log in: the [[agents]] of the config, then the keys of
// an authorized_keys file. Both are read again when their file changes
// (the config only once WatchConfig names it), so agents come and go
// without a restart; the server asks Refresh every second or so and ends
// the connections of a key that is no longer listed as it was. It is safe
// for concurrent use.
type Keys struct {
	log  *slog.Logger
	path string
	role tracker.Role

	mu     sync.Mutex
	agents map[string]Agent // from [[agents]]
	file   map[string]Agent
	stamp  fileStamp
	// gen counts the changes to either list: a server that saw gen n has
	// checked its connections against the lists as of change n. A file
	// saved again unchanged is no change.
	gen uint64

	cfgPath    string
	cfgStamp   fileStamp
	loadAgents func() ([]tracker.AgentConfig, error)
}

type fileStamp struct {
	mod  time.Time
	size int64
	ok   bool
}

func stampOf(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{mod: fi.ModTime(), size: fi.Size(), ok: true}
}

// parseAgents reads [[agents]] entries into the key list.
func parseAgents(agents []tracker.AgentConfig) (map[string]Agent, error) {
	out := map[string]Agent{}
	for i, a := range agents {
		role, err := tracker.ParseRole(a.Role)
		if err != nil {
			return nil, fmt.Errorf("agents[%d] %s: %w", i, a.Name, err)
		}
		key, _, _, _, err := gossh.ParseAuthorizedKey([]byte(a.PublicKey))
		if err != nil {
			return nil, fmt.Errorf("agents[%d] %s: public_key: %w", i, a.Name, err)
		}
		id := keyID(key)
		if prev, dup := out[id]; dup {
			return nil, fmt.Errorf("agents[%d] %s: the same key as agent %s", i, a.Name, prev.Name)
		}
		out[id] = Agent{Name: a.Name, Role: role, Fingerprint: gossh.FingerprintSHA256(key), From: "[[agents]]", Language: a.Language}
	}
	return out, nil
}

// NewKeys builds the key list. path "" means no authorized_keys file; a
// path that names no file is an error now (a typo would lock every agent
// out), though the file may later be emptied or removed.
func NewKeys(agents []tracker.AgentConfig, path string, defaultRole tracker.Role, log *slog.Logger) (*Keys, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	parsed, err := parseAgents(agents)
	if err != nil {
		return nil, err
	}
	k := &Keys{log: log, agents: parsed, path: path, role: defaultRole, file: map[string]Agent{}}
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("ssh authorized_keys: %w", err)
		}
		k.mu.Lock()
		k.reloadLocked()
		k.mu.Unlock()
	}
	return k, nil
}

// WatchConfig has the [[agents]] read again, by load, whenever the config
// file at path changes. A config that no longer loads keeps the agents as
// they were, and the log says why: a typo elsewhere in the file must not
// lock every agent out. Call it before the server starts.
func (k *Keys) WatchConfig(path string, load func() ([]tracker.AgentConfig, error)) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.cfgPath, k.loadAgents, k.cfgStamp = path, load, stampOf(path)
}

// Count is how many keys may log in now.
func (k *Keys) Count() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.reloadLocked()
	n := len(k.agents)
	for id := range k.file {
		if _, shadowed := k.agents[id]; !shadowed {
			n++
		}
	}
	return n
}

// Lookup returns the agent a key belongs to, reading a changed source
// first. An [[agents]] entry wins over the same key in the file.
func (k *Keys) Lookup(key gossh.PublicKey) (Agent, bool) {
	if key == nil {
		return Agent{}, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.reloadLocked()
	return k.lookupLocked(keyID(key))
}

func (k *Keys) lookupLocked(id string) (Agent, bool) {
	if a, ok := k.agents[id]; ok {
		return a, true
	}
	a, ok := k.file[id]
	return a, ok
}

// Refresh reads a changed source again and returns the count of reads so
// far, which changes whenever a list may have.
func (k *Keys) Refresh() uint64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.reloadLocked()
	return k.gen
}

// current says who key id belongs to now, as of the last read.
func (k *Keys) current(id string) (Agent, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lookupLocked(id)
}

// reloadLocked reads each source again if its file changed since it was
// last read, logging each line it skips.
func (k *Keys) reloadLocked() {
	k.reloadConfigLocked()
	if k.path == "" {
		return
	}
	st := stampOf(k.path)
	if st == k.stamp && k.file != nil {
		return
	}
	k.stamp = st
	data, err := os.ReadFile(k.path)
	if err != nil {
		// Gone or unreadable: nobody from the file may log in until it
		// is back, and the log says why.
		k.setFileLocked(map[string]Agent{})
		reason := err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			reason = "the file is missing"
		}
		k.log.Warn("ssh authorized_keys unreadable: its keys cannot log in", "path", k.path, "reason", reason)
		return
	}
	agents, problems := ParseAuthorizedKeys(data, k.role)
	for _, p := range problems {
		k.log.Warn("ssh authorized_keys line skipped", "path", k.path, "line", p.Line, "reason", p.Reason)
	}
	k.setFileLocked(agents)
	k.log.Info("ssh authorized_keys read", "path", k.path, "keys", len(agents), "skipped", len(problems), "role", string(k.role))
}

func (k *Keys) setFileLocked(agents map[string]Agent) {
	if k.file == nil || !maps.Equal(agents, k.file) {
		k.gen++
	}
	k.file = agents
}

func (k *Keys) reloadConfigLocked() {
	if k.loadAgents == nil {
		return
	}
	st := stampOf(k.cfgPath)
	if st == k.cfgStamp {
		return
	}
	k.cfgStamp = st
	list, err := k.loadAgents()
	var agents map[string]Agent
	if err == nil {
		agents, err = parseAgents(list)
	}
	if err != nil {
		k.log.Warn("ssh config unreadable: its [[agents]] stay as they were until it loads", "path", k.cfgPath, "reason", err.Error())
		return
	}
	if !maps.Equal(agents, k.agents) {
		k.gen++
	}
	k.agents = agents
	k.log.Info("ssh config read again", "path", k.cfgPath, "agents", len(agents))
}
