//go:build unix

package bench

import (
	"syscall"
	"time"
)

// cpuClock is the CPU time the process has used, user and system.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return wallClock()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const cpuClockNote = ""
