package cli

import "testing"

// The screen opens a browser only for a person at this machine: inside an
// SSH login the browser would open on the far machine, out of sight.
func TestOverSSH(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"a local terminal", nil, false},
		{"an ssh login", map[string]string{"SSH_CONNECTION": "10.0.0.2 52514 10.0.0.1 22"}, true},
		{"an ssh tty", map[string]string{"SSH_TTY": "/dev/pts/3"}, true},
		{"an old ssh client", map[string]string{"SSH_CLIENT": "10.0.0.2 52514 22"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"} {
				t.Setenv(k, tc.env[k])
			}
			if got := overSSH(); got != tc.want {
				t.Errorf("overSSH() = %v, want %v", got, tc.want)
			}
		})
	}
}
