package cnn

import (
	"github.com/gozoo/gozoo/nn"
	"path/filepath"
	"testing"

	"github.com/gozoo/gozoo/internal/zootest"
)

func TestParamCount(t *testing.T) {
	for _, cfg := range []Config{DefaultConfig(), tinyConfig(1), {Input: []int{32, 20, 3}, FirstFilters: 3, FirstKernel: 3, Classes: 2}} {
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		zootest.SameParamCount(t, cfg, m.Model)
	}
	// The flags -blocks 1000000000x1 and -first 100000x7 of the issue, a
	// huge image, a huge Dense layer: refused before anything is built.
	for name, change := range map[string]func(*Config){
		"blocks 1e9":   func(c *Config) { c.Blocks = [][]int{{1000000000}} },
		"first 100000": func(c *Config) { c.FirstFilters = 100000 },
		"image":        func(c *Config) { c.Input = []int{100000, 100000} },
		"dense":        func(c *Config) { c.Dense = []int{1 << 30} },
		"kernel":       func(c *Config) { c.Kernel = 1 << 20 },
	} {
		cfg := DefaultConfig()
		change(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: built", name)
		}
	}
}

func TestLoadRefusesHugeConfig(t *testing.T) {
	m, err := New(tinyConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cnn.gozoo")
	if err := m.SaveFile(path, 1); err != nil {
		t.Fatal(err)
	}
	load := func(p string) error { _, _, err := nn.LoadFile[Config](p); return err }
	for _, edit := range []map[string]any{{"first_filters": 4000}, {"dense": []int{1 << 22}}, {"input": []int{8000, 8000}}} {
		zootest.LoadRefusesConfig(t, path, load, edit)
	}
}
