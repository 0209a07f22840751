#!/usr/bin/env python3
"""scikit-learn's own numbers for the notebook's three scikit-learn cells.

    /usr/bin/python3 bench/peers/sklearn_cells.py [--check]

Runs, with the installed scikit-learn (Debian's python3-sklearn 1.2.1), the
notebook's Perceptron(random_state=42) on iris petals, its
MLPClassifier(hidden_layer_sizes=[10], max_iter=10000, random_state=42) on
iris and its MLPRegressor(hidden_layer_sizes=[50, 50, 50], random_state=42)
on California housing, each after a StandardScaler as in the notebook, on
the notebook's train_test_split(random_state=42) splits, and writes what
they drew and computed to the testdata folders of zoo/perceptron,
zoo/mlpcls and zoo/mlpreg, which the Go tests compare against:

  - the initial weights, recorded from sklearn's own _init_coef calls;
  - the first epochs' sample orders, recorded from sklearn's own shuffle;
  - loss_curve_, n_iter_, the final weights and the predictions.

California housing comes from gozoo's embedded cal_housing.tgz (the archive
scikit-learn downloads, same checksum), read by sklearn's own
fetch_california_housing. The MLPRegressor cell takes about 40 s.
"""

import json
import os
import shutil
import sys
import tempfile
import warnings

import numpy as np
import sklearn
import sklearn.datasets._california_housing as cal
import sklearn.neural_network._multilayer_perceptron as mlp
from sklearn.datasets import load_iris
from sklearn.linear_model import Perceptron
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._seq_dataset import ArrayDataset64

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write(rel, obj):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print(f"wrote {rel}", file=sys.stderr)


def flat(arrays):
    return [np.asarray(a, dtype=np.float64).ravel().tolist() for a in arrays]


class Recorder:
    """Records sklearn's initial weights and shuffles as it draws them."""

    def __init__(self, keep_orders, head):
        self.init, self.orders = [], []
        self.keep_orders, self.head = keep_orders, head

    def __enter__(self):
        self.orig_init, self.orig_shuffle = mlp.BaseMultilayerPerceptron._init_coef, mlp.shuffle
        rec = self

        def init_coef(est, fan_in, fan_out, dtype):
            c, b = rec.orig_init(est, fan_in, fan_out, dtype)
            rec.init.append((c.copy(), b.copy()))
            return c, b

        def shuffle(*a, **k):
            out = rec.orig_shuffle(*a, **k)
            if len(rec.orders) < rec.keep_orders:
                rec.orders.append(out[: rec.head].tolist())
            return out

        mlp.BaseMultilayerPerceptron._init_coef = init_coef
        mlp.shuffle = shuffle
        return self

    def __exit__(self, *exc):
        mlp.BaseMultilayerPerceptron._init_coef, mlp.shuffle = self.orig_init, self.orig_shuffle


def fit_mlp(est, X, y, keep_orders, head):
    pipe = make_pipeline(StandardScaler(), est)
    with Recorder(keep_orders, head) as rec, warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        pipe.fit(X, y)
    scaler = pipe[0]
    return pipe, {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scaler_mean": scaler.mean_.tolist(),
        "scaler_scale": scaler.scale_.tolist(),
        "init_coefs": flat(c for c, _ in rec.init),
        "init_intercepts": flat(b for _, b in rec.init),
        "orders": rec.orders,
        "loss_curve": [float(v) for v in est.loss_curve_],
        "n_iter": int(est.n_iter_),
        "best_loss": float(est.best_loss_),
        "warnings": [str(w.message) for w in warned],
        "coefs": flat(est.coefs_),
        "intercepts": flat(est.intercepts_),
    }


def perceptron():
    iris = load_iris()
    X, y = iris.data[:, 2:4], iris.target == 0
    per = Perceptron(random_state=42)
    per.fit(X, y)
    # The seed fit_binary hands _plain_sgd: RandomState(42) draws make_dataset's
    # seed first, then this one; and the orders SequentialDataset.shuffle makes
    # from it, through the installed Cython code.
    rs = np.random.RandomState(42)
    rs.randint(1, np.iinfo(np.int32).max)
    seed = int(rs.randint(np.iinfo(np.int32).max))
    ds = ArrayDataset64(np.ascontiguousarray(X), np.where(y, 1.0, -1.0), np.ones(len(y)), seed=1)
    orders = []
    for _ in range(2):
        ds._shuffle_py(seed)
        orders.append([int(ds._next_py()[3]) for _ in range(len(y))])
    write("zoo/perceptron/testdata/sklearn_perceptron.json", {
        "sklearn": sklearn.__version__,
        "seed": seed,
        "orders": orders,
        "coef": per.coef_.ravel().tolist(),
        "intercept": float(per.intercept_[0]),
        "n_iter": int(per.n_iter_),
        "t": float(per.t_),
        "decision": per.decision_function(X).tolist(),
        "predict_notebook": per.predict([[2, 0.5], [3, 1]]).tolist(),
    })


def iris_mlp():
    iris = load_iris()
    Xf, Xt, yf, yt = train_test_split(iris.data, iris.target, random_state=42)
    X, Xv, y, yv = train_test_split(Xf, yf, random_state=42)
    est = MLPClassifier(hidden_layer_sizes=[10], max_iter=10000, random_state=42)
    pipe, out = fit_mlp(est, X, y, keep_orders=2, head=len(y))
    out.update({
        "valid_proba": pipe.predict_proba(Xv).ravel().tolist(),
        "test_proba": pipe.predict_proba(Xt).ravel().tolist(),
        "valid_accuracy": float((pipe.predict(Xv) == yv).mean()),
        "test_accuracy": float((pipe.predict(Xt) == yt).mean()),
    })
    write("zoo/mlpcls/testdata/sklearn_iris_mlp.json", out)


def california_mlp():
    home = tempfile.mkdtemp()
    try:
        src = os.path.join(ROOT, "data", "embed", "cal_housing.tgz")

        def fetch_local(remote, dirname=None):
            dst = os.path.join(dirname, remote.filename)
            shutil.copy(src, dst)
            return dst

        cal._fetch_remote = fetch_local
        housing = cal.fetch_california_housing(data_home=home)
    finally:
        shutil.rmtree(home)
    Xf, Xt, yf, yt = train_test_split(housing.data, housing.target, random_state=42)
    X, Xv, y, yv = train_test_split(Xf, yf, random_state=42)
    est = MLPRegressor(hidden_layer_sizes=[50, 50, 50], random_state=42, activation="relu")
    pipe, out = fit_mlp(est, X, y, keep_orders=2, head=50)
    pv = pipe.predict(Xv)
    pt = pipe.predict(Xt)
    out.update({
        "valid_pred": pv.tolist(),
        "valid_rmse": float(np.sqrt(np.mean((yv - pv) ** 2))),
        "test_rmse": float(np.sqrt(np.mean((yt - pt) ** 2))),
        "test_pred_head": pt[:100].tolist(),
    })
    write("zoo/mlpreg/testdata/sklearn_mlpreg.json", out)


if __name__ == "__main__":
    perceptron()
    iris_mlp()
    california_mlp()
