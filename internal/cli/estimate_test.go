package cli

import (
	"testing"
	"time"
)

func TestRoughly(t *testing.T) {
	for d, want := range map[time.Duration]string{
		40 * time.Second: "40 s", 9*time.Minute + 20*time.Second: "9 min",
		65 * time.Minute: "1 h 10 min", 5*time.Hour + 2*time.Minute: "5 h",
	} {
		if got := roughly(d); got != want {
			t.Errorf("roughly(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestOpenBLASHint(t *testing.T) {
	if OpenBLASHint("OpenBLAS") != "" {
		t.Error("an OpenBLAS build is told to use OpenBLAS")
	}
}
