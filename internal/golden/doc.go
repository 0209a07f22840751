// Package golden holds a test only: the commands, run on small slices with
// their default seeds, must write the same bytes (models, ONNX exports,
// plots) as the commit that recorded testdata/golden.txt. Refactors that
// promise not to change what a user gets are checked by it; a change that
// means to alter those bytes re-records them with `go test ./internal/golden -update`
// and says why in its commit.
package golden
