package aliexpress

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"waybill/tracker"
)

// Tokens are the seller's grant (MARKETPLACES.md A2). They live only in
// the token file, never in the store, an output or a log.
type Tokens struct {
	AccessToken      string    `json:"access_token"`
	RefreshToken     string    `json:"refresh_token"`
	ExpiresAt        time.Time `json:"expires_at"`
	RefreshExpiresAt time.Time `json:"refresh_expires_at"`
	SellerID         string    `json:"seller_id,omitempty"`
	UserNick         string    `json:"user_nick,omitempty"`
}

// TokenFileName is the token file's name beside the config file.
const TokenFileName = "aliexpress-tokens.json"

// TokenPath is the token file beside the config file at configPath.
func TokenPath(configPath string) string {
	return filepath.Join(filepath.Dir(configPath), TokenFileName)
}

// ErrNotConnected says no token file exists yet.
var ErrNotConnected = tracker.Wrapf(tracker.MarketNotConnected)

// LoadTokens reads the token file.
func LoadTokens(path string) (Tokens, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Tokens{}, ErrNotConnected
	}
	if err != nil {
		return Tokens{}, tracker.Wrapf(tracker.MarketTokenFile, path, err)
	}
	var t Tokens
	if err := json.Unmarshal(b, &t); err != nil || t.AccessToken == "" {
		return Tokens{}, tracker.Wrapf(tracker.MarketTokenUnreadable, path)
	}
	return t, nil
}

// SaveTokens writes the token file with mode 0600, whole or not at all: a
// temporary file of that mode is renamed over it, so no moment exists in
// which the tokens are readable by others or half written.
func SaveTokens(path string, t Tokens) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".aliexpress-tokens-*")
	if err != nil {
		return tracker.Wrapf(tracker.MarketTokenFile, path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing to remove
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return tracker.Wrapf(tracker.MarketTokenFile, path, err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return tracker.Wrapf(tracker.MarketTokenFile, path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return tracker.Wrapf(tracker.MarketTokenFile, path, err)
	}
	if err := f.Close(); err != nil {
		return tracker.Wrapf(tracker.MarketTokenFile, path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return tracker.Wrapf(tracker.MarketTokenFile, path, err)
	}
	return nil
}
