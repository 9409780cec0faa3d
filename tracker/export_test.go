package tracker

import (
	"context"
	"time"
)

// SetSleep replaces the refresher's wait between retries, for tests.
func SetSleep(r *Refresher, f func(context.Context, time.Duration) error) { r.sleep = f }
