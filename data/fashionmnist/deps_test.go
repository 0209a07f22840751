package fashionmnist

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestOnlyImageCommandsEmbed checks which commands link the shipped
// datasets (30 MB of Fashion-MNIST, 11 MB of MNIST): the two that train on
// them, and no other, so that the others' binaries stay small.
func TestOnlyImageCommandsEmbed(t *testing.T) {
	const module = "github.com/gozoo/gozoo/"
	shipped := []string{module + "data/fashionmnist", module + "data/mnist"}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", module+"cmd/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := 0
	for line := range strings.Lines(string(out)) {
		cmd, deps, _ := strings.Cut(strings.TrimSpace(line), " ")
		depList := strings.Fields(deps)
		want := cmd == module+"cmd/mlpcls" || cmd == module+"cmd/cnn"
		for _, p := range shipped {
			if got := slices.Contains(depList, p); got != want {
				t.Errorf("%s imports %s: %v, want %v", cmd, p, got, want)
			}
		}
		seen++
	}
	if seen < 6 {
		t.Errorf("go list found %d commands, want at least mlpcls, cnn, perceptron, mlpreg, widedeep and convdemo:\n%s", seen, out)
	}
}
