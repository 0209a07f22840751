package mlpcls

import "github.com/gozoo/gozoo/zoo"

// FashionRecipe is how section 1.7.1 of the notebook trains FashionConfig:
//
//	model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
//	history = model.fit(XTrain, yTrain, epochs=30, validation_data=(XValid, yValid))
//
// with Keras's default batch of 32 and the last 5,000 training images kept
// for validation (cutoff = -5000).
func FashionRecipe() zoo.Recipe {
	return zoo.Recipe{
		Cell:      "section 1.7.1, the Fashion-MNIST classifier",
		Optimizer: zoo.SGD, LearningRate: 0.01, Batch: 32, Epochs: 30,
		HoldOut: 5000, Seed: 42,
	}
}

// IrisRecipe is how section 1.6 trains IrisConfig: scikit-learn's
//
//	MLPClassifier(hidden_layer_sizes=[10], max_iter=10000, random_state=42)
//
// after a StandardScaler, with scikit-learn's defaults: Adam 1e-3, alpha
// 1e-4, batch min(200, n), and the training loss's stopping rule (tol 1e-4,
// n_iter_no_change 10). The cell holds no validation rows out of its
// training ones: it splits the data twice with train_test_split (Iris's
// own split).
func IrisRecipe() zoo.Recipe {
	return zoo.Recipe{
		Cell:      "section 1.6, scikit-learn's MLPClassifier on Iris",
		Optimizer: zoo.Adam, LearningRate: 1e-3, L2: 1e-4, Batch: 200, Epochs: IrisMaxIter,
		Stop:       &zoo.Stopping{Monitor: "loss", Patience: 10, MinDelta: 1e-4},
		Preprocess: "StandardScaler", Seed: 42,
	}
}
