package tracker

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func testPublicKey(t *testing.T, comment string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))) + " " + comment
}

func TestParseConfigSSHAndAgents(t *testing.T) {
	alice, sam := testPublicKey(t, "alice@laptop"), testPublicKey(t, "sam@desk")
	cfg, err := ParseConfig("c.toml", []byte(fmt.Sprintf(`
[ssh]
listen = "127.0.0.1:2222"
authorized_keys = "keys"
default_role = "agent"
idle_timeout = "10m"
session_wait = "5s"
max_connections_per_key = 3

[[agents]]
name = "alice"
role = "admin"
public_key = %q

[[agents]]
name = "Sam Doe"
role = "viewer"
public_key = %q
`, alice, sam)))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SSH.Listen != "127.0.0.1:2222" || cfg.SSH.DefaultRole != "agent" || cfg.SSH.IdleTimeout.Duration != 10*time.Minute ||
		cfg.SSH.MaxSessions != 50 || cfg.SSH.MaxAuthPerMinute != 20 || cfg.SSH.AuthorizedKeys != "keys" ||
		cfg.SSH.SessionWait.Duration != 5*time.Second || cfg.SSH.MaxConnectionsPerKey != 3 {
		t.Errorf("ssh = %+v", cfg.SSH)
	}
	if len(cfg.Agents) != 2 || cfg.Agents[0].Name != "alice" || cfg.Agents[1].Role != "viewer" || cfg.Agents[1].PublicKey != sam {
		t.Errorf("agents = %+v", cfg.Agents)
	}
	def := DefaultConfig().SSH
	if def.Listen != "127.0.0.1:23234" || def.DefaultRole != "viewer" || def.SessionWait.Duration != 30*time.Second || def.MaxConnectionsPerKey != 8 {
		t.Errorf("defaults = %+v", def)
	}
}

func TestParseConfigSSHErrorsNameLineAndKey(t *testing.T) {
	alice, sam := testPublicKey(t, "alice"), testPublicKey(t, "sam")
	agents := func(entries ...[3]string) string {
		var b strings.Builder
		for _, e := range entries {
			fmt.Fprintf(&b, "\n[[agents]]\nname = %q\nrole = %q\npublic_key = %q\n", e[0], e[1], e[2])
		}
		return b.String()
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"listen without a port", "[ssh]\nlisten = \"localhost\"\n", []string{"line 2", "ssh.listen", "host:port"}},
		{"default role unknown", "[ssh]\n\ndefault_role = \"boss\"\n", []string{"line 3", "ssh.default_role", "boss"}},
		{"idle timeout too short", "[ssh]\nidle_timeout = \"3s\"\n", []string{"line 2", "ssh.idle_timeout"}},
		{"max sessions zero", "[ssh]\nmax_sessions = 0\n", []string{"line 2", "ssh.max_sessions"}},
		{"rate zero", "[ssh]\nmax_auth_per_minute = 0\n", []string{"line 2", "ssh.max_auth_per_minute"}},
		{"session wait zero", "[ssh]\nsession_wait = \"0s\"\n", []string{"line 2", "ssh.session_wait", "0s", "from 1s to 10m"}},
		{"session wait under a second", "[ssh]\n\nsession_wait = \"500ms\"\n", []string{"line 3", "ssh.session_wait", "500ms"}},
		{"session wait of a day", "[ssh]\nsession_wait = \"24h\"\n", []string{"line 2", "ssh.session_wait", "24h"}},
		{"session wait negative", "[ssh]\nsession_wait = \"-5s\"\n", []string{"line 2", "ssh.session_wait", "-5s"}},
		{"connections per key zero", "[ssh]\nmax_connections_per_key = 0\n", []string{"line 2", "ssh.max_connections_per_key", "want 1 to 1000"}},
		{"connections per key huge", "[ssh]\nmax_connections_per_key = 100000\n", []string{"line 2", "ssh.max_connections_per_key", "100000"}},
		{"connections per key negative", "[ssh]\nmax_connections_per_key = -1\n", []string{"line 2", "ssh.max_connections_per_key", "-1"}},
		{"second agent's key is not a key", agents([3]string{"alice", "agent", alice}, [3]string{"sam", "viewer", "ssh-ed25519 AAAAnope sam"}),
			[]string{"line 10", "agents[1].public_key", "agent sam", "authorized_keys form"}},
		{"role unknown", agents([3]string{"alice", "owner", alice}), []string{"line 4", "agents[0].role", "owner"}},
		{"name empty", agents([3]string{"", "agent", alice}), []string{"line 3", "agents[0].name", "empty"}},
		{"name with a control character", agents([3]string{"al\u001bice", "agent", alice}), []string{"line 3", "agents[0].name", "control"}},
		{"one key for two agents", agents([3]string{"alice", "agent", alice}, [3]string{"sam", "agent", sam}, [3]string{"bob", "agent", alice}),
			[]string{"line 15", "agents[2].public_key", "same key as agent alice"}},
		{"authorized_keys options", agents([3]string{"alice", "agent", `from="10.0.0.1" ` + alice}), []string{"line 5", "agents[0].public_key", "options"}},
		{"unknown key in an agent", "[[agents]]\nname = \"a\"\nrol = \"agent\"\n", []string{"line 3", "agents.rol", "unknown setting"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseRoleAndAgentName(t *testing.T) {
	for _, s := range []string{"viewer", " Agent ", "ADMIN"} {
		if _, err := ParseRole(s); err != nil {
			t.Errorf("ParseRole(%q): %v", s, err)
		}
	}
	if _, err := ParseRole("root"); err == nil {
		t.Error("ParseRole(root) took it")
	}
	if RoleViewer.CanWork() || !RoleAgent.CanWork() || !RoleAdmin.CanWork() || RoleAgent.CanAdminister() || !RoleAdmin.CanAdminister() {
		t.Error("role rights are wrong")
	}
	for _, bad := range []string{"", " alice", strings.Repeat("x", 65), "a\nb", "a\u0085b"} {
		if CheckAgentName(bad) == nil {
			t.Errorf("CheckAgentName(%q) took it", bad)
		}
	}
	if err := CheckAgentName("Ana María"); err != nil {
		t.Error(err)
	}
}
