#!/usr/bin/env python3
"""PyTorch twins of gozoo's bench models, timed as gozoo's bench times them.

    python3 bench/peers/torch_bench.py MODEL [--steps N] [--warmup N] [--reps N] [--threads N]
    python3 bench/peers/torch_bench.py --params

MODEL is one of the names of bench.Specs (fashion-mlp, iris-mlp, mlpreg,
widedeep, widedeep-2in, cnn). On the CPU, with the notebook's batch size and
optimizer, on random inputs, it times training steps (zero_grad, forward,
loss, backward, optimizer step: median over the timed steps after a
warm-up), inference on a batch of 1,000 (no_grad, eval mode) and the
prediction of one example, and prints one JSON object on stdout.
`go run ./cmd/bench -peers` runs it for each model and parses that object.
It exits 3 with a message on stderr when torch cannot be imported.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

try:
    import torch
    from torch import nn
except ImportError as e:  # the Go side tells the user how to install it
    print(f"PyTorch not found ({e}): apt-get install python3-torch", file=sys.stderr)
    sys.exit(3)


class Normalization(nn.Module):
    """Keras's Normalization after adapt: fixed (x - mean) / sqrt(var)."""

    def __init__(self, features):
        super().__init__()
        self.register_buffer("mean", torch.zeros(features))
        self.register_buffer("std", torch.ones(features))

    def adapt(self, x):
        self.mean.copy_(x.mean(0))
        self.std.copy_(x.var(0, unbiased=False).sqrt().clamp_min(1e-7))

    def forward(self, x):
        return (x - self.mean) / self.std


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return layers


class MLPReg(nn.Module):
    """zoo/mlpreg KerasConfig: Normalization, 50-50-50 ReLU, linear 1."""

    def __init__(self):
        super().__init__()
        self.norm = Normalization(8)
        self.net = nn.Sequential(*mlp([8, 50, 50, 50, 1]))

    def prepare(self, xs):
        self.norm.adapt(xs[0])

    def forward(self, x):
        return self.net(self.norm(x))


class WideDeep(nn.Module):
    """zoo/widedeep: concat(normalized input, 2x Dense 30 ReLU) -> Dense 1.

    With two inputs, the wide path takes features 0-4 and the deep path
    features 2-7, each normalized on its own."""

    def __init__(self, two_inputs):
        super().__init__()
        self.two = two_inputs
        wide, deep = (5, 6) if two_inputs else (8, 8)
        self.norm_wide = Normalization(wide)
        self.norm_deep = Normalization(deep) if two_inputs else self.norm_wide
        self.deep = nn.Sequential(nn.Linear(deep, 30), nn.ReLU(), nn.Linear(30, 30), nn.ReLU())
        self.out = nn.Linear(wide + 30, 1)

    def prepare(self, xs):
        self.norm_wide.adapt(xs[0])
        if self.two:
            self.norm_deep.adapt(xs[1])

    def forward(self, *xs):
        w = self.norm_wide(xs[0])
        d = self.norm_deep(xs[1]) if self.two else w
        return self.out(torch.cat([w, self.deep(d)], 1))


def cnn():
    """zoo/cnn: the notebook's Fashion-MNIST CNN, 1,413,834 parameters."""
    return nn.Sequential(
        nn.Conv2d(1, 64, 7, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding="same"), nn.ReLU(),
        nn.Conv2d(128, 128, 3, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(128, 256, 3, padding="same"), nn.ReLU(),
        nn.Conv2d(256, 256, 3, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256 * 3 * 3, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(64, 10),
    )


def adam(lr, weight_decay=0.0):
    # Keras's epsilon; weight_decay adds wd * w to the gradient as gozoo's L2 does.
    return lambda params: torch.optim.Adam(params, lr=lr, eps=1e-7, weight_decay=weight_decay)


def sgd(lr):
    return lambda params: torch.optim.SGD(params, lr=lr)


# name: (build, input shapes without the batch axis, classes (0 = regression), batch, optimizer)
MODELS = {
    "fashion-mlp": (lambda: nn.Sequential(nn.Flatten(), *mlp([784, 300, 100, 10])), [(28, 28)], 10, 32, sgd(0.01)),
    "iris-mlp": (lambda: nn.Sequential(*mlp([4, 10, 3])), [(4,)], 3, 84, adam(1e-3, 1e-4 / 84)),
    "mlpreg": (MLPReg, [(8,)], 0, 32, adam(1e-3)),
    "widedeep": (lambda: WideDeep(False), [(8,)], 0, 32, adam(1e-3)),
    "widedeep-2in": (lambda: WideDeep(True), [(5,), (6,)], 0, 32, adam(1e-3)),
    "cnn": (cnn, [(1, 28, 28)], 10, 32, sgd(0.05)),
}

INFER_BATCH = 1000


def peak_rss_mb():
    try:
        with open("/proc/self/status") as f:
            m = re.search(r"VmHWM:\s+(\d+)", f.read())
        return int(m.group(1)) / 1024 if m else 0.0
    except OSError:
        return 0.0


def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def time_reps(reps, budget, f):
    times, start = [], time.perf_counter()
    for i in range(reps):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1000)
        if i >= 2 and time.perf_counter() - start > budget:
            break
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", choices=sorted(MODELS))
    ap.add_argument("--params", action="store_true", help="print every model's trainable parameter count and exit")
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=0, help="default 3 + steps/10, at most 20")
    ap.add_argument("--reps", type=int, default=0, help="batch-of-1,000 inferences (default 1000, within 2 s)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: the usable cores)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.params:
        print(json.dumps({name: sum(p.numel() for p in m[0]().parameters()) for name, m in MODELS.items()}))
        return
    if a.model is None:
        ap.error("which model?")

    threads = a.threads or len(os.sched_getaffinity(0))
    torch.set_num_threads(threads)
    torch.manual_seed(a.seed)
    build, shapes, classes, batch, make_opt = MODELS[a.model]
    warmup = a.warmup or min(3 + a.steps // 10, 20)
    reps = a.reps or 1000  # as bench.go's defaultPredictReps, within 2 s (predictBudget)

    reset_peak_rss()
    model = build()
    params = sum(p.numel() for p in model.parameters())

    def inputs(n):
        return [torch.rand(n, *s) for s in shapes]

    xs = inputs(batch)
    if hasattr(model, "prepare"):
        model.prepare(xs)
    if classes:
        y = torch.randint(0, classes, (batch,))
        loss_fn = nn.CrossEntropyLoss()
    else:
        y = torch.randn(batch, 1)
        loss_fn = nn.MSELoss()
    opt = make_opt(model.parameters())

    model.train()
    step_ms = []
    for i in range(warmup + a.steps):
        t = time.perf_counter()
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(*xs), y)
        loss.backward()
        opt.step()
        if i >= warmup:
            step_ms.append((time.perf_counter() - t) * 1000)

    model.eval()
    big, one = inputs(INFER_BATCH), inputs(1)
    with torch.no_grad():
        model(*big)
        infer = time_reps(reps, 2.0, lambda: model(*big))
        model(*one)
        latency = time_reps(10 * reps, 2.0, lambda: model(*one))

    med = statistics.median(step_ms)
    print(json.dumps({
        "model": a.model,
        "framework": "PyTorch " + torch.__version__,
        "threads": torch.get_num_threads(),
        "trainable_params": params,
        "batch": batch,
        "warmup_steps": warmup,
        "timed_steps": a.steps,
        "step_ms": med,
        "step_min_ms": min(step_ms),
        "train_samples_per_s": batch / med * 1000,
        "infer_samples_per_s": INFER_BATCH / statistics.median(infer) * 1000,
        "infer_reps": len(infer),
        "latency_ms": statistics.median(latency),
        "latency_reps": len(latency),
        "peak_rss_mb": peak_rss_mb(),
    }))


if __name__ == "__main__":
    main()
