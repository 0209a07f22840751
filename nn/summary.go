package nn

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gozoo/gozoo/internal/human"
)

// Summary prints the model as Keras's model.summary() does: one row per
// layer with its output shape and parameter count ("None" for the batch
// axis), then total, trainable and non-trainable counts with their size.
// Functional models also list their inputs and what each layer is connected to.
func (m *Model) Summary() (string, error) {
	s, err := m.trace()
	if err != nil {
		return "", err
	}
	type row struct{ name, shape, params, conn string }
	var rows []row
	if m.functional {
		for _, in := range m.inputs {
			rows = append(rows, row{in.Name + " (InputLayer)", outShape(append([]int{1}, in.Shape...)), "0", "-"})
		}
	}
	for _, c := range s.calls {
		n := 0
		for _, p := range c.layer.Params() {
			n += p.Size()
		}
		conn := make([]string, len(c.inputs))
		for i, in := range c.inputs {
			conn[i] = in + "[0][0]"
		}
		rows = append(rows, row{fmt.Sprintf("%s (%s)", c.layer.Name(), c.layer.Type()), outShape(c.out.Shape()), human.Commas(n), strings.Join(conn, ", ")})
	}
	head := row{"Layer (type)", "Output Shape", "Param #", "Connected to"}
	w := [4]int{}
	for _, r := range append(rows, head) {
		for i, f := range []string{r.name, r.shape, r.params, r.conn} {
			w[i] = max(w[i], utf8.RuneCountInString(f))
		}
	}
	cols := 3
	if m.functional {
		cols = 4
	}
	line := func(l, mid, r, fill string) string {
		var parts []string
		for i := 0; i < cols; i++ {
			parts = append(parts, strings.Repeat(fill, w[i]+2))
		}
		return l + strings.Join(parts, mid) + r + "\n"
	}
	cells := func(r row) string {
		f := []string{
			pad(r.name, w[0], false), pad(r.shape, w[1], false), pad(r.params, w[2], true), pad(r.conn, w[3], false),
		}
		return "│ " + strings.Join(f[:cols], " │ ") + " │\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Model: %q\n", m.Name)
	b.WriteString(line("┌", "┬", "┐", "─"))
	b.WriteString(cells(head))
	b.WriteString(line("├", "┼", "┤", "─"))
	for _, r := range rows {
		b.WriteString(cells(r))
	}
	b.WriteString(line("└", "┴", "┘", "─"))
	var tr, nt, trBytes, ntBytes int
	for _, p := range m.Params() {
		if p.Trainable {
			tr += p.Size()
			trBytes += p.Bytes()
		} else {
			nt += p.Size()
			ntBytes += p.Bytes()
		}
	}
	fmt.Fprintf(&b, " Total params: %s (%s)\n", human.Commas(tr+nt), bytesString(trBytes+ntBytes))
	fmt.Fprintf(&b, " Trainable params: %s (%s)\n", human.Commas(tr), bytesString(trBytes))
	fmt.Fprintf(&b, " Non-trainable params: %s (%s)\n", human.Commas(nt), bytesString(ntBytes))
	return b.String(), nil
}

func outShape(s []int) string {
	parts := []string{"None"}
	for _, d := range s[1:] {
		parts = append(parts, fmt.Sprint(d))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func pad(s string, w int, right bool) string {
	n := w - utf8.RuneCountInString(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// bytesString is Keras's readable size: "1.02 MB", "72.00 B".
func bytesString(n int) string {
	units := []string{"B", "KB", "MB", "GB"}
	v := float64(n)
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return fmt.Sprintf("%.2f %s", v, units[i])
}
