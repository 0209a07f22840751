package human

import "testing"

func TestCommas(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 1719: "1,719", 266610: "266,610",
		1413834: "1,413,834", 1234567890: "1,234,567,890",
		-7: "-7", -266: "-266", -1000: "-1,000", -266610: "-266,610",
	} {
		if got := Commas(n); got != want {
			t.Errorf("Commas(%d) = %q, want %q", n, got, want)
		}
	}
}
