package widedeep

import (
	"github.com/gozoo/gozoo/nn"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/internal/zootest"
)

func TestParamCount(t *testing.T) {
	for _, cfg := range []Config{OneInputConfig(), TwoInputConfig(), {Features: 4, Deep: []int{1, 2}, Hidden: []int{3}}} {
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		zootest.SameParamCount(t, cfg, m.Model)
	}
	m, err := New(TwoInputConfig())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wd.gozoo")
	if err := m.SaveFile(path, 1); err != nil {
		t.Fatal(err)
	}
	load := func(p string) error { _, _, err := nn.LoadFile[Config](p); return err }
	for _, edit := range []map[string]any{{"hidden": []int{4000, 4000}}, {"hidden": []int{1 << 40}}} {
		zootest.LoadRefusesConfig(t, path, load, edit)
	}
}
