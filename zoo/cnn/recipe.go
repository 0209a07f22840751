package cnn

import "github.com/gozoo/gozoo/zoo"

// Recipe is how section 2.3 of the notebook trains DefaultConfig on
// Fashion-MNIST:
//
//	model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.05), metrics=["accuracy"])
//	history = model.fit(XTrain, yTrain, epochs=7, validation_data=(XValid, yValid))
//
// with Keras's default batch of 32 and, as for the MLP of section 1.7.1,
// the last 5,000 training images kept for validation.
func Recipe() zoo.Recipe {
	return zoo.Recipe{
		Cell:      "section 2.3, the Fashion-MNIST CNN",
		Optimizer: zoo.SGD, LearningRate: 0.05, Batch: 32, Epochs: 7,
		HoldOut: 5000, Seed: 42,
	}
}
