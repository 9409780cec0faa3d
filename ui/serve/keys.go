package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
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
// an authorized_keys file, read again whenever the file changes so agents
// can be added without a restart. It is safe for concurrent use.
type Keys struct {
	log    *slog.Logger
	agents map[string]Agent // from [[agents]], fixed

	path string
	role tracker.Role

	mu    sync.Mutex
	file  map[string]Agent
	stamp fileStamp
}

type fileStamp struct {
	mod  time.Time
	size int64
	ok   bool
}

// NewKeys builds the key list. path "" means no authorized_keys file; a
// path that names no file is an error now (a typo would lock every agent
// out), though the file may later be emptied or removed.
func NewKeys(agents []tracker.AgentConfig, path string, defaultRole tracker.Role, log *slog.Logger) (*Keys, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	k := &Keys{log: log, agents: map[string]Agent{}, path: path, role: defaultRole, file: map[string]Agent{}}
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
		if prev, dup := k.agents[id]; dup {
			return nil, fmt.Errorf("agents[%d] %s: the same key as agent %s", i, a.Name, prev.Name)
		}
		k.agents[id] = Agent{Name: a.Name, Role: role, Fingerprint: gossh.FingerprintSHA256(key), From: "[[agents]]"}
	}
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

// Lookup returns the agent a key belongs to. An [[agents]] entry wins over
// the same key in the file.
func (k *Keys) Lookup(key gossh.PublicKey) (Agent, bool) {
	if key == nil {
		return Agent{}, false
	}
	id := keyID(key)
	if a, ok := k.agents[id]; ok {
		return a, true
	}
	if k.path == "" {
		return Agent{}, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.reloadLocked()
	a, ok := k.file[id]
	return a, ok
}

// reloadLocked reads the file again if it changed since it was last read,
// logging each line it skips.
func (k *Keys) reloadLocked() {
	if k.path == "" {
		return
	}
	fi, err := os.Stat(k.path)
	var st fileStamp
	if err == nil {
		st = fileStamp{mod: fi.ModTime(), size: fi.Size(), ok: true}
	}
	if st == k.stamp && k.file != nil {
		return
	}
	k.stamp = st
	data, err := os.ReadFile(k.path)
	if err != nil {
		// Gone or unreadable: nobody from the file may log in until it
		// is back, and the log says why.
		k.file = map[string]Agent{}
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
	k.file = agents
	k.log.Info("ssh authorized_keys read", "path", k.path, "keys", len(agents), "skipped", len(problems), "role", string(k.role))
}
