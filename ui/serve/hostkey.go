package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKey reads the server's host key from path, or creates an Ed25519 key
// there (mode 0600, in a folder of mode 0700 if it must make one) the first
// time, so agents' known_hosts stay valid across restarts. created says
// whether it was made now. A key others may read is refused, as sshd does:
// anyone who has it can pose as the server.
func HostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		fi, err := os.Stat(path)
		if err != nil {
			return nil, false, fmt.Errorf("ssh host key %s: %w", path, err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("ssh host key %s: others may read it (mode %04o); chmod 600 it", path, fi.Mode().Perm())
		}
		s, err := gossh.ParsePrivateKey(data)
		if err != nil {
			return nil, false, fmt.Errorf("ssh host key %s: %w", path, err)
		}
		return s, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("ssh host key: %w", err)
	}

	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("ssh host key: generate: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "waybill host key")
	if err != nil {
		return nil, false, fmt.Errorf("ssh host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("ssh host key: %w", err)
	}
	// O_EXCL: two servers starting at once must not write over each
	// other's key; the loser reads the winner's.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return HostKey(path)
	}
	if err != nil {
		return nil, false, fmt.Errorf("ssh host key: %w", err)
	}
	_, werr := f.Write(pem.EncodeToMemory(block))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(path, 0o600) // whatever the umask did
	}
	if werr != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("ssh host key %s: %w", path, werr)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, false, fmt.Errorf("ssh host key: %w", err)
	}
	return s, true, nil
}
