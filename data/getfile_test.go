package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestGetFile(t *testing.T) {
	body := bytes.Repeat([]byte("gozoo "), 1000)
	sum := sha256.Sum256(body)
	good := hex.EncodeToString(sum[:])
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/file":
			w.Write(body)
		case "/slow":
			w.Write(body[:10])
			w.(http.Flusher).Flush()
			select {
			case <-block:
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	defer close(block)
	dir := t.TempDir()

	dest := filepath.Join(dir, "file")
	if err := GetFile(context.Background(), srv.URL+"/file", good, dest); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(dest); err != nil || !bytes.Equal(b, body) {
		t.Fatalf("downloaded %d bytes, %v", len(b), err)
	}

	// Failures leave nothing behind, and an existing file whole.
	bad := strings.Repeat("0", 64)
	for _, c := range []struct {
		url, sum, want string
	}{
		{srv.URL + "/file", bad, "SHA-256 is " + good + ", want " + bad},
		{srv.URL + "/file", "abc", `"abc" is not a SHA-256 in hex`},
		{srv.URL + "/missing", good, "404 Not Found"},
	} {
		err := GetFile(context.Background(), c.url, c.sum, dest)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.url) {
			t.Errorf("%s: %v, want an error naming the URL and %q", c.url, err, c.want)
		}
		if b, _ := os.ReadFile(dest); !bytes.Equal(b, body) {
			t.Errorf("%s: the earlier file was damaged", c.url)
		}
	}
	// A cancelled download (Ctrl-C) stops and leaves nothing.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	slow := filepath.Join(dir, "slow")
	go func() { done <- GetFile(ctx, srv.URL+"/slow", good, slow) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	// The size limit.
	err := getFile(context.Background(), srv.Client(), srv.URL+"/file", good, filepath.Join(dir, "big"), 100, nil)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("over the limit: %v", err)
	}
}

func TestGetFileProgress(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 3_000_000)
	sum := sha256.Sum256(body)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	defer srv.Close()
	var progress bytes.Buffer
	dest := filepath.Join(t.TempDir(), "data.bin")
	if err := getFile(context.Background(), srv.Client(), srv.URL, hex.EncodeToString(sum[:]), dest, MaxGetFile, &progress); err != nil {
		t.Fatal(err)
	}
	if got := progress.String(); !strings.HasSuffix(got, "\rdata.bin: 3.0 MB of 3.0 MB   \n") {
		t.Errorf("progress %q", got)
	}
}
