package data

import (
	"fmt"
	"math"
)

// TrainTestSplit returns the row indices that scikit-learn's
// train_test_split(X, y, test_size=testSize, random_state=seed) puts in its training and test sets,
// for n rows, in sklearn's order, bit for bit. With scikit-learn's default test_size pass 0.25.
//
// It follows ShuffleSplit: n_test = ceil(testSize*n), n_train = n - n_test, then
// np.random.RandomState(seed).permutation(n) with the test rows first. That is why it carries its
// own copy of numpy's MT19937 and legacy shuffle: any other generator gives other splits, and the
// notebook's scores are measured on these exact rows.
//
// testSize must lie strictly between 0 and 1 and leave at least one row on each side.
func TrainTestSplit(n int, testSize float64, seed uint32) (train, test []int, err error) {
	if n < 0 {
		return nil, nil, fmt.Errorf("train-test split: %d rows", n)
	}
	if !(testSize > 0 && testSize < 1) {
		return nil, nil, fmt.Errorf("train-test split: test size %v is not in (0, 1)", testSize)
	}
	nTest := int(math.Ceil(testSize * float64(n)))
	nTrain := n - nTest
	if nTest == 0 || nTrain == 0 {
		return nil, nil, fmt.Errorf("train-test split: %d rows with test size %v leave %d for training and %d for testing; want at least one each",
			n, testSize, nTrain, nTest)
	}
	perm := NewRandomState(seed).Permutation(n)
	return perm[nTest:], perm[:nTest:nTest], nil
}

// SplitTable splits t's rows like TrainTestSplit and returns copies of them (see Table.Subset), so
// the halves can be scaled independently.
func SplitTable(t Table, testSize float64, seed uint32) (train, test Table, err error) {
	trainIdx, testIdx, err := TrainTestSplit(t.Len(), testSize, seed)
	if err != nil {
		name := t.Name
		if name == "" {
			name = "table"
		}
		return Table{}, Table{}, fmt.Errorf("%s: %w", name, err)
	}
	return t.Subset(trainIdx), t.Subset(testIdx), nil
}

// NotebookSplits cuts t into training, validation and test rows as the
// notebook cuts California housing (see NotebookSplitIndices). The rows are
// copies (see Table.Subset).
func NotebookSplits(t Table) (train, valid, test Table, err error) {
	trainIdx, validIdx, testIdx, err := NotebookSplitIndices(t.Len())
	if err != nil {
		return Table{}, Table{}, Table{}, err
	}
	return t.Subset(trainIdx), t.Subset(validIdx), t.Subset(testIdx), nil
}

// NotebookSplitIndices returns the rows of n that the notebook's two
// splits put in training, validation and test: XTrainFull, XTest =
// train_test_split(X, y, random_state=42), then XTrain, XValid =
// train_test_split(XTrainFull, yTrainFull, random_state=42), each keeping a
// quarter for its second part.
func NotebookSplitIndices(n int) (train, valid, test []int, err error) {
	if n < 3 {
		return nil, nil, nil, fmt.Errorf("%d rows are too few for training, validation and test rows: want 3 or more", n)
	}
	fullIdx, testIdx, err := TrainTestSplit(n, 0.25, 42)
	if err != nil {
		return nil, nil, nil, err
	}
	trainPos, validPos, err := TrainTestSplit(len(fullIdx), 0.25, 42)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("after the test rows: %w", err)
	}
	pick := func(pos []int) []int {
		out := make([]int, len(pos))
		for i, p := range pos {
			out[i] = fullIdx[p]
		}
		return out
	}
	return pick(trainPos), pick(validPos), testIdx, nil
}
