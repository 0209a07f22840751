//go:build !unix

package bench

import "time"

// cpuClock is wall time where the process's CPU time is not at hand.
func cpuClock() time.Duration { return wallClock() }

const cpuClockNote = " (here wall time)"
