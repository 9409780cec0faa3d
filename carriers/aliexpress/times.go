package aliexpress

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // America/Los_Angeles on a machine without zoneinfo
)

// layout is how AliExpress writes times: order and dispute times in US
// Pacific with DST (MARKETPLACES.md D), never a fixed −08:00.
const layout = "2006-01-02 15:04:05"

// pacific is America/Los_Angeles; time/tzdata makes the load work on a
// bare machine.
var pacific = func() *time.Location {
	l, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(fmt.Sprintf("America/Los_Angeles: %v", err))
	}
	return l
}()

// parseTime reads a Pacific time; "" is the zero time.
func parseTime(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(layout, s, pacific)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want yyyy-MM-dd HH:mm:ss (US Pacific)", field, s)
	}
	return t.UTC(), nil
}

func formatTime(t time.Time) string { return t.In(pacific).Format(layout) }
