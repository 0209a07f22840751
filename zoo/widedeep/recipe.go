package widedeep

import "github.com/gozoo/gozoo/zoo"

// Recipe is how section 1.7.3 of the notebook trains both Wide & Deep
// models, OneInputConfig (cell [29]) and TwoInputConfig (cell [33]):
//
//	model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=1e-3), metrics=["RootMeanSquaredError"])
//	history = model.fit(XTrain, yTrain, epochs=20, validation_data=(XValid, yValid))
//
// with Keras's default batch of 32, after the Normalization layers are
// adapted to the training rows.
func Recipe() zoo.Recipe {
	return zoo.Recipe{
		Cell:       "section 1.7.3, the Wide & Deep regressors",
		Preprocess: "Normalization layer",
		Optimizer:  zoo.Adam, LearningRate: 1e-3, Batch: 32, Epochs: 20, Seed: 42,
	}
}
