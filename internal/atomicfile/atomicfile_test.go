package atomicfile

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary play a writer that hangs in the middle of
// a save, for TestKilledWriterLeavesNoTemp to kill.
func TestMain(m *testing.M) {
	if p := os.Getenv("ATOMICFILE_HANG"); p != "" {
		Write(p, func(w io.Writer) error {
			time.Sleep(time.Hour)
			return nil
		})
	}
	os.Exit(m.Run())
}

// TestKilledWriterLeavesNoTemp: a writer killed by SIGKILL in the middle of
// a save leaves its temporary file; the next save in that folder removes
// it once it is older than staleAge, and the target is whole.
func TestKilledWriterLeavesNoTemp(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL nor flock")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "model.gozoo")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_HANG="+target)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var tmps []string
	for deadline := time.Now().Add(10 * time.Second); len(tmps) == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		tmps, _ = filepath.Glob(filepath.Join(dir, ".model.gozoo.tmp*"))
	}
	if len(tmps) != 1 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the writer made %v", tmps)
	}
	time.Sleep(200 * time.Millisecond) // the writer locks its file right after making it
	// While the writer lives its file is locked: not removed, however old.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(tmps[0], old, old)
	if err := WriteFile(target, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmps[0]); err != nil {
		t.Fatalf("a live writer's file was removed: %v", err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	// Others of the folder are not gozoo's: left alone.
	keep := []string{".model.gozoo.tmpabc", ".other.tmp123", "model.gozoo.tmp123"}
	for _, k := range keep {
		p := filepath.Join(dir, k)
		os.WriteFile(p, nil, 0o644)
		os.Chtimes(p, old, old)
	}
	if err := WriteFile(target, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmps[0]); !os.IsNotExist(err) {
		t.Errorf("the killed writer's %s is still there (%v)", filepath.Base(tmps[0]), err)
	}
	for _, k := range keep {
		if _, err := os.Stat(filepath.Join(dir, k)); err != nil {
			t.Errorf("%s was removed", k)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "two" {
		t.Errorf("target holds %q", b)
	}
}

// TestFreshTempKept: an unlocked temporary file younger than staleAge may
// be a writer's that has not locked it yet: kept.
func TestFreshTempKept(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ".x.tmp42")
	os.WriteFile(p, nil, 0o644)
	if err := WriteFile(filepath.Join(dir, "x"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Error("a fresh temporary file was removed")
	}
}
