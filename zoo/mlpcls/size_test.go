package mlpcls

import (
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/internal/zootest"
	"github.com/gozoo/gozoo/nn"
)

func TestParamCount(t *testing.T) {
	for _, cfg := range []Config{FashionConfig(), IrisConfig(), {Input: []int{3, 5}, Hidden: []int{7, 2, 4}, Classes: 6}} {
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		zootest.SameParamCount(t, cfg, m.Model)
	}
	for _, cfg := range []Config{
		{Input: []int{784}, Hidden: []int{40000, 40000}, Classes: 10},
		{Input: []int{1 << 20, 1 << 20}, Classes: 2},
		{Input: []int{4}, Hidden: []int{nn.MaxParams}, Classes: 2},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%+v: built", cfg)
		}
	}
}

// TestLoadRefusesHugeConfig: a 23 KB file whose config says hidden [40000,
// 40000] (6.3 GB) with a valid checksum is refused before the model is
// built; so are others that do not match their weights.
func TestLoadRefusesHugeConfig(t *testing.T) {
	m, err := New(IrisConfig())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "iris.gozoo")
	if err := m.SaveFile(path, 1); err != nil {
		t.Fatal(err)
	}
	load := func(p string) error { _, _, err := nn.LoadFile[Config](p); return err }
	for _, edit := range []map[string]any{
		{"hidden": []int{4000, 4000}},
		{"hidden": []int{40000, 40000}},
		{"input": []int{1 << 30}},
		{"hidden": []int{11}},
	} {
		zootest.LoadRefusesConfig(t, path, load, edit)
	}
}
