// Package atomicfile writes files so that a reader never sees half of one:
// the bytes go to a temporary file in the same folder, which is renamed over
// the target only once it is complete and synced.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// staleAge is how old an unlocked temporary file must be to be removed:
// a writer takes its lock right after creating the file, and this keeps
// the moment in between safe.
const staleAge = 10 * time.Second

// removeStale removes the files of dir named prefix and digits (os.CreateTemp's
// names, and only those) that no writer holds locked and that are older
// than staleAge. Errors are ignored: it is housekeeping, and the write
// that follows reports any real problem with dir.
func removeStale(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAge {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if f, err := os.Open(p); err == nil {
			if tryLock(f) {
				os.Remove(p)
			}
			f.Close()
		}
	}
}

// tmpPrefix is the start of the temporary files' names for the target
// base: os.CreateTemp adds a string of digits.
func tmpPrefix(base string) string { return "." + base + ".tmp" }

// Write creates path atomically with what write produces. If write fails,
// the target is left as it was and the temporary file is removed. A
// temporary file is locked while it is written, and Write first removes
// the unlocked ones of the same target left by a writer that was killed
// (SIGKILL, a power cut) before it could clean up.
func Write(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	removeStale(dir, tmpPrefix(filepath.Base(path)))
	f, err := os.CreateTemp(dir, tmpPrefix(filepath.Base(path))+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	lock(f)
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriter(f)
	if err = write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// CreateTemp makes the file 0600; a model or a plot is meant to be shared.
	if err = os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteFile is Write for a byte slice already in memory.
func WriteFile(path string, b []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
