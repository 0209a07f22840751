package nn

// ClassPrediction is a classifier's answer for one example: the most
// probable class and the probability of each class.
type ClassPrediction struct {
	// Class is the index of the largest probability.
	Class int
	// Probabilities holds the softmax output, one value per class.
	Probabilities []float32
}

// PredictProbabilities is Predict for a classifier with a softmax output:
// one ClassPrediction per example of d. The probabilities share one array.
func (m *Model) PredictProbabilities(d Data, batch int) ([]ClassPrediction, error) {
	out, w, err := m.Predict(d, batch)
	if err != nil {
		return nil, err
	}
	preds := make([]ClassPrediction, len(out)/w)
	for i := range preds {
		p := out[i*w : (i+1)*w : (i+1)*w]
		preds[i] = ClassPrediction{Class: Argmax(p), Probabilities: p}
	}
	return preds, nil
}
