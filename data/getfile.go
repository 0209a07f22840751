package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/gozoo/gozoo/internal/atomicfile"
)

// MaxGetFile is the largest file GetFile downloads, so that a misbehaving
// server cannot fill the disk: 8 GiB.
const MaxGetFile = 8 << 30

// GetFile downloads url to dest the way gozoo fetches its datasets: through
// a temporary file beside dest that is renamed into place only once the
// file's SHA-256 matches sha256Hex (lower-case hex, as sha256sum prints
// it), so that a failed, cancelled or tampered download leaves nothing
// behind and an existing dest is only ever replaced whole. Cancelling ctx
// (cli.Main's context is cancelled by Ctrl-C) stops it. When standard
// error is a terminal it shows the bytes received so far.
func GetFile(ctx context.Context, url, sha256Hex, dest string) error {
	var progress io.Writer
	if isTerminal(os.Stderr) {
		progress = os.Stderr
	}
	return getFile(ctx, defaultClient(), url, sha256Hex, dest, MaxGetFile, progress)
}

// getFile is GetFile with its client, size limit and progress writer.
func getFile(ctx context.Context, client *http.Client, url, sum, dest string, limit int64, progress io.Writer) error {
	if len(sum) != 2*sha256.Size {
		return fmt.Errorf("GET %s: %q is not a SHA-256 in hex", url, sum)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if resp.ContentLength > limit {
		return fmt.Errorf("GET %s: %d bytes, larger than the %d allowed", url, resp.ContentLength, limit)
	}
	var body io.Reader = io.LimitReader(resp.Body, limit+1)
	if progress != nil {
		p := &progressReader{r: body, w: progress, name: filepath.Base(dest), total: resp.ContentLength}
		defer p.finish()
		body = p
	}
	err = atomicfile.Write(dest, func(w io.Writer) error {
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(w, h), body)
		if err != nil {
			return err
		}
		if n > limit {
			return fmt.Errorf("larger than %d bytes", limit)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != sum {
			return fmt.Errorf("SHA-256 is %s, want %s", got, sum)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	return nil
}

// progressReader writes, at most four times a second and once at the end,
// a line that overwrites itself: "name: 12.3 MB of 26.4 MB".
type progressReader struct {
	r     io.Reader
	w     io.Writer
	name  string
	total int64
	n     int64
	last  time.Time
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if now := time.Now(); now.Sub(p.last) >= 250*time.Millisecond {
		p.last = now
		p.show()
	}
	return n, err
}

func (p *progressReader) show() {
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
	s := mb(p.n)
	if p.total > 0 {
		s += " of " + mb(p.total)
	}
	fmt.Fprintf(p.w, "\r%s: %s   ", p.name, s)
}

func (p *progressReader) finish() {
	p.show()
	fmt.Fprintln(p.w)
}

// isTerminal tells whether f is a character device, such as a terminal: a
// progress line that overwrites itself is for people, not for log files.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// defaultClient gives up on a silent server instead of hanging forever,
// which http.DefaultClient would do; ctx bounds the whole download.
func defaultClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: tr}
}
