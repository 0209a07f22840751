package nn

import (
	"fmt"
	"strings"
	"unicode"
)

// renamer is a layer of nn, which NewModel names when it was made with the
// name "": rename gives it its name and its parameters theirs (name/kernel,
// name/bias, ...).
type renamer interface {
	Layer
	rename(name string)
}

// nameLayers names the layers made with the name "" the way Keras names
// them in a fresh session: the snake_case of the layer's kind, then _1,
// _2, ... for the next ones of that kind (dense, dense_1, conv2d,
// max_pooling2d, ...), skipping the names given explicitly. These are the
// names in the model files the zoo saved before layers were named
// automatically, and must stay so.
func nameLayers(layers []Layer) {
	taken := map[string]bool{}
	for _, l := range layers {
		if l.Name() != "" {
			taken[l.Name()] = true
		}
	}
	count := map[string]int{}
	for _, l := range layers {
		r, ok := l.(renamer)
		if !ok || l.Name() != "" {
			continue
		}
		base := snakeCase(l.Type())
		for {
			name := base
			if i := count[base]; i > 0 {
				name = fmt.Sprintf("%s_%d", base, i)
			}
			count[base]++
			if !taken[name] {
				taken[name] = true
				r.rename(name)
				break
			}
		}
	}
}

// snakeCase is Keras's to_snake_case of a class name: "Dense" is "dense",
// "MaxPooling2D" "max_pooling2d", "GlobalAveragePooling2D"
// "global_average_pooling2d". An upper-case letter starts a new word when
// a lower-case one follows it, or when it follows a lower-case letter.
func snakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if i > 0 && unicode.IsUpper(c) {
			next := i+1 < len(r) && unicode.IsLower(r[i+1])
			if next || unicode.IsLower(r[i-1]) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// renameParams prefixes the parameters of a layer made with the name ""
// (named "/kernel", "/bias", ...) with its name.
func renameParams(l Layer, name string) {
	for _, p := range l.Params() {
		p.Name = name + p.Name
	}
}

func (d *Dense) rename(name string)        { d.name = name; renameParams(d, name) }
func (f *Flatten) rename(name string)      { f.name = name }
func (r *Reshape) rename(name string)      { r.name = name }
func (c *Conv2D) rename(name string)       { c.name = name; renameParams(c, name) }
func (p *MaxPool2D) rename(name string)    { p.name = name }
func (p *AvgPool2D) rename(name string)    { p.name = name }
func (p *DepthMaxPool) rename(name string) { p.name = name }
func (d *Dropout) rename(name string)      { d.name = name }
func (c *Concatenate) rename(name string)  { c.name = name }
func (n *Normalization) rename(name string) {
	n.name = name
	renameParams(n, name)
	n.invStd.Name = name + n.invStd.Name // not among Params, named in the graphs
}
func (p *GlobalAveragePooling2D) rename(name string) {
	p.name = name
}
