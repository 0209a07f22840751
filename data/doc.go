// Package data loads the notebook's datasets (Iris, California housing, Fashion-MNIST, MNIST digits),
// splits them like scikit-learn, scales them and cuts them into minibatches. It knows nothing of
// Gorgonia.
package data
