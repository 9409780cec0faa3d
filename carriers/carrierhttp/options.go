package carrierhttp

import (
	"net/http"
	"time"
)

// Options are what every adapter's New takes, filled from a
// [carriers.SLUG] table of the config.
type Options struct {
	APIKey    string
	Customer  string // Kuaidi100's customer id; unused elsewhere
	BaseURL   string // "" for the service's documented host
	BatchSize int    // 0 for the service's documented maximum
	Timeout   time.Duration
	HTTP      *http.Client // nil for a default client
}
