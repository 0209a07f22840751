package mlpreg

import (
	"github.com/gozoo/gozoo/nn"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/internal/zootest"
)

func TestParamCount(t *testing.T) {
	for _, cfg := range []Config{KerasConfig(), SklearnConfig(), {Features: 3, Hidden: []int{5}, Normalize: true}} {
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		zootest.SameParamCount(t, cfg, m.Model)
	}
	m, err := New(KerasConfig())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "reg.gozoo")
	if err := m.SaveFile(path, 1); err != nil {
		t.Fatal(err)
	}
	load := func(p string) error { _, _, err := nn.LoadFile[Config](p); return err }
	for _, edit := range []map[string]any{{"hidden": []int{4000, 4000}}, {"features": 1 << 40}} {
		zootest.LoadRefusesConfig(t, path, load, edit)
	}
}
