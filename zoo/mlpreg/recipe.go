package mlpreg

import "github.com/gozoo/gozoo/zoo"

// KerasRecipe is how section 1.7.2 of the notebook trains KerasConfig:
//
//	model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=1e-3), metrics=["RootMeanSquaredError"])
//	history = model.fit(XTrain, yTrain, epochs=20, validation_data=(XValid, yValid))
//
// with Keras's default batch of 32, after norm.adapt(XTrain) (the test RMSE
// of cell [24]).
func KerasRecipe() zoo.Recipe {
	return zoo.Recipe{
		Cell:       "section 1.7.2, the Keras regressor",
		Preprocess: "Normalization layer",
		Optimizer:  zoo.Adam, LearningRate: 1e-3, Batch: 32, Epochs: 20, Seed: 42,
	}
}

// SklearnRecipe is how section 1.5 trains SklearnConfig (cell [4]):
//
//	mlpReg = MLPRegressor(hidden_layer_sizes=[50, 50, 50], random_state=42)
//	mlpRegPipe = make_pipeline(StandardScaler(), mlpReg)
//
// with scikit-learn's defaults: Adam 1e-3, alpha 1e-4, batch min(200, n),
// max_iter 200, and the training loss's stopping rule (tol 1e-4,
// n_iter_no_change 10).
func SklearnRecipe() zoo.Recipe {
	return zoo.Recipe{
		Cell:       "section 1.5, scikit-learn's MLPRegressor",
		Preprocess: "StandardScaler",
		Optimizer:  zoo.Adam, LearningRate: 1e-3, L2: 1e-4, Batch: 200, Epochs: 200,
		Stop: &zoo.Stopping{Monitor: "loss", Patience: 10, MinDelta: 1e-4},
		Seed: 42,
	}
}
