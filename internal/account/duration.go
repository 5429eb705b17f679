package account

import (
	"strconv"
	"time"
)

// humanDuration writes a lifetime for an email: "24 hours", "1 hour", "15 minutes".
func humanDuration(d time.Duration) string {
	unit, n := "minute", int(d/time.Minute)
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		unit, n = "day", int(d/(24*time.Hour))
	case d >= time.Hour && d%time.Hour == 0:
		unit, n = "hour", int(d/time.Hour)
	}
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
