// Package clitest holds what the commands' tests check alike: that bad
// command lines get one-line errors, that the built command exits with
// status 1 and one line on stderr, the metrics.json a run writes, and what
// Ctrl-C after a saved epoch says.
package clitest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gozoo/gozoo/internal/cli"
)

// ErrorCase is a command line the command must reject, and the words its
// error must name.
type ErrorCase struct {
	Args, Want []string
}

// OneLineErrors runs each case through run and fails t unless the error is
// one line naming each of the case's words.
func OneLineErrors(t *testing.T, run func(context.Context, []string) error, cases []ErrorCase) {
	t.Helper()
	for _, c := range cases {
		err := run(context.Background(), c.Args)
		if err == nil {
			t.Errorf("%v: no error", c.Args)
			continue
		}
		msg := err.Error()
		for _, w := range c.Want {
			if !strings.Contains(msg, w) || strings.Contains(msg, "\n") {
				t.Errorf("%v: error %q should be one line naming %q", c.Args, msg, w)
			}
		}
	}
}

// ExitStatus builds the command in the current folder as name, runs it with
// each of runs as its arguments, and fails t unless every run exits with
// status 1 and prints one line on stderr that starts with prefix: the
// binary, not just run, as cli.Main finishes it. The runs are in an empty
// folder of their own, so that a default -out is not made in the source
// tree, and that folder must still be empty after each: a failed run
// leaves no empty -out behind. It is skipped with -short, as building
// takes a while.
func ExitStatus(t *testing.T, name, prefix string, runs ...[]string) {
	t.Helper()
	bin := Build(t, name)
	for _, args := range runs {
		cmd := exec.Command(bin, args...)
		cmd.Dir = t.TempDir()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 {
			t.Fatalf("%v: exit: %v", args, err)
		}
		if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], prefix) {
			t.Errorf("%v: stderr: %q", args, stderr.String())
		}
		if left, _ := os.ReadDir(cmd.Dir); len(left) > 0 {
			t.Errorf("%v: the failed run left %s in its folder", args, left[0].Name())
		}
	}
}

// Build builds the command in the current folder as name in a temporary
// folder and returns its path. It skips t with -short, as building takes a
// while.
func Build(t *testing.T, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// SignalWhileBlocked builds the command as name and runs it with -load on
// a named pipe nobody writes to, where it blocks before training; it sends
// it one SIGTERM, then in another run one SIGINT, and fails t unless each
// run ends within five seconds with status 130.
func SignalWhileBlocked(t *testing.T, name string) {
	t.Helper()
	bin := Build(t, name)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		cmd := exec.Command(bin, "-load", fifo, "-out", t.TempDir())
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		time.Sleep(300 * time.Millisecond) // let it reach the open of the pipe
		cmd.Process.Signal(sig)
		select {
		case err := <-done:
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
				t.Errorf("%v while blocked on -load: exit %v, want status 130", sig, err)
			}
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Errorf("%v while blocked on -load: still running after 5 s", sig)
		}
	}
}

// CancelOnceWritten returns a context that is cancelled, as Ctrl-C cancels
// cli.Main's, as soon as the file at path exists: given a command's model
// file, once its first epoch is saved.
func CancelOnceWritten(t *testing.T, path string) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		for ctx.Err() == nil {
			if _, err := os.Stat(path); err == nil {
				cancel()
			}
			time.Sleep(time.Millisecond)
		}
	}()
	return ctx
}

// ReadReport reads the metrics.json a run wrote into dir, and fails t for
// each file it lists that is missing or empty.
func ReadReport(t *testing.T, dir string) cli.Report {
	t.Helper()
	var rep cli.Report
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	return rep
}
