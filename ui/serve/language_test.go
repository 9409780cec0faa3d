package serve

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui/i18n"
	"waybill/ui/serve/servetest"
)

// Each SSH session has its own language, at the same time: the agent's
// `language` first, then the LANG the client sends, then the server's.
func TestSessionsOverSSHEachHaveTheirLanguage(t *testing.T) {
	type who struct {
		name, setting string
		env           map[string]string
		want, not     string // a word on the screen in the session's language, and one of the other
	}
	people := []who{
		{"ana", "zh", map[string]string{"LANG": "en_US.UTF-8"}, "物流轨迹", "Timeline"},
		{"bo", "", map[string]string{"LANG": "zh_CN.UTF-8"}, "物流轨迹", "Timeline"},
		{"cy", "auto", map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "Timeline", "物流轨迹"},
		{"di", "", nil, "Timeline", "物流轨迹"}, // the server's: English
	}
	signers := map[string]gossh.Signer{}
	var cfg []tracker.AgentConfig
	for _, p := range people {
		signer, line, _ := servetest.NewKey(p.name + "@test")
		signers[p.name] = signer
		cfg = append(cfg, tracker.AgentConfig{Name: p.name, Role: "agent", PublicKey: line, Language: p.setting})
	}
	f := start(t, func(o *Options) {
		keys, err := NewKeys(cfg, "", tracker.RoleViewer, nil)
		if err != nil {
			t.Fatal(err)
		}
		o.Keys = keys
		o.Session.Language = i18n.En
	})
	sessions := make([]*servetest.Session, len(people))
	for i, p := range people { // all open at once
		client, err := servetest.Dial(f.addr, servetest.Config(p.name, gossh.PublicKeys(signers[p.name])))
		if err != nil {
			t.Fatalf("%s logs in: %v", p.name, err)
		}
		s, err := servetest.StartEnv(client, "xterm-256color", 120, 36, p.env)
		if err != nil {
			client.Close()
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		sessions[i] = s
	}
	for i, p := range people {
		screen := mustScreen(t, sessions[i], p.want, "RB000000001GB")
		if strings.Contains(screen, p.not) {
			t.Errorf("%s's screen shows %q beside %q:\n%s", p.name, p.not, p.want, screen)
		}
	}
}
