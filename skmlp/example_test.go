package skmlp_test

import (
	"fmt"

	"github.com/gozoo/gozoo/skmlp"
)

// The notebook's MLPRegressor(hidden_layer_sizes=[50, 50, 50],
// random_state=42) on California housing's 8 features: scikit-learn's
// initial weights, drawn from numpy's RandomState(42).
func ExampleNew() {
	m, err := skmlp.New(skmlp.DefaultConfig(false, 42, 50, 50, 50), 8, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Units, m.CountParams())
	fmt.Printf("%.6f\n", m.Params()[0][0]) // coefs_[0][0, 0]
	// Output:
	// [8 50 50 50 1] 5601
	// -0.080704
}
