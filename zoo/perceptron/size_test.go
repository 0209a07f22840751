package perceptron

import (
	"github.com/gozoo/gozoo/nn"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/internal/zootest"
)

func TestLoadRefusesHugeConfig(t *testing.T) {
	m, err := New(DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tlu.gozoo")
	if err := m.SaveFile(path, 1); err != nil {
		t.Fatal(err)
	}
	load := func(p string) error { _, _, err := nn.LoadFile[Saved](p); return err }
	for _, edit := range []map[string]any{{"features": 1 << 24}, {"max_epochs": 1 << 62}} {
		zootest.LoadRefusesConfig(t, path, load, edit)
	}
}
