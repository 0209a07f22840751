"""Builds the notebook's architectures in PyTorch, exports each with
torch.onnx.export (opset 13, dynamic batch) and writes, beside NAME.onnx,
NAME.json: the inputs it was run on and PyTorch's outputs.

python3 torch_models.py OUTDIR [--images FILE] [NAME...]

With --images, the CNNs run on the (N, 28, 28, 1) images of FILE, a JSON
list of floats, instead of random ones; with names, only those models are
built.
"""
import json
import os
import sys

import torch
from torch import nn

torch.manual_seed(13)
out_dir = sys.argv[1]
args = sys.argv[2:]
images = None
if args[:1] == ["--images"]:
    with open(args[1]) as f:
        images = torch.tensor(json.load(f), dtype=torch.float32).reshape(-1, 28, 28, 1)
    args = args[2:]
wanted = set(args)


def jiggle(model):
    """Non-zero biases, so that a bias lost on import shows."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.normal_(0, 0.1)
    return model


class Normalize(nn.Module):
    """Keras's Normalization as PyTorch users write it: (x - mean) / std."""

    def __init__(self, features):
        super().__init__()
        self.register_buffer("mean", torch.randn(features) * 2)
        self.register_buffer("std", torch.rand(features) * 3 + 0.5)

    def forward(self, x):
        return (x - self.mean) / self.std


class MatMulLinear(nn.Module):
    """A dense layer written as x @ W + b, which exports as MatMul and Add."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_in, n_out) / n_in ** 0.5)
        self.b = nn.Parameter(torch.randn(n_out) * 0.1)

    def forward(self, x):
        return x @ self.w + self.b


class MLPReg(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Normalize(8)
        self.hidden = nn.ModuleList([MatMulLinear(8, 50), MatMulLinear(50, 50), MatMulLinear(50, 50)])
        self.out = MatMulLinear(50, 1)

    def forward(self, x):
        h = self.norm(x)
        for layer in self.hidden:
            h = torch.relu(layer(h))
        return self.out(h)


class WideDeep(nn.Module):
    """The notebook's Wide & Deep: one input, or a wide and a deep one."""

    def __init__(self, wide, deep):
        super().__init__()
        self.two = wide is not None
        self.norm_deep = Normalize(deep)
        if self.two:
            self.norm_wide = Normalize(wide)
        self.hid1 = nn.Linear(deep, 30)
        self.hid2 = nn.Linear(30, 30)
        self.out = nn.Linear(30 + (wide if self.two else deep), 1)

    def forward(self, *xs):
        deep = self.norm_deep(xs[-1])
        wide = self.norm_wide(xs[0]) if self.two else deep
        h = torch.relu(self.hid2(torch.relu(self.hid1(deep))))
        return self.out(torch.cat([wide, h], dim=1))


class CNN(nn.Module):
    """The notebook's CNN. nhwc: it takes gozoo's and Keras's (N, 28, 28, 1)
    images and permutes them; otherwise PyTorch's (N, 1, 28, 28)."""

    def __init__(self, nhwc):
        super().__init__()
        self.nhwc = nhwc

        def conv(i, o, k):
            # padding k // 2 is Keras's "same" for odd kernels; torch 1.13
            # cannot export padding="same".
            return [nn.Conv2d(i, o, k, padding=k // 2), nn.ReLU()]

        self.body = nn.Sequential(
            *conv(1, 64, 7), nn.MaxPool2d(2),
            *conv(64, 128, 3), *conv(128, 128, 3), nn.MaxPool2d(2),
            *conv(128, 256, 3), *conv(256, 256, 3), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(256 * 3 * 3, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(64, 10), nn.Softmax(dim=1))

    def forward(self, x):
        if self.nhwc:
            x = x.permute(0, 3, 1, 2)
        return self.body(x)


class SmallGreyCNN(nn.Module):
    """A narrow CNN of the same shape on (N, 28, 28) grey images, to which
    it adds the channel axis itself (an Unsqueeze)."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 4, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(8 * 7 * 7, 16), nn.ReLU(), nn.Linear(16, 10), nn.Softmax(dim=1))

    def forward(self, x):
        return self.body(x.unsqueeze(1))


def export(name, model, inputs, names):
    if wanted and name not in wanted:
        return
    model = jiggle(model).eval()
    with torch.no_grad():
        out = model(*inputs)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(model, tuple(inputs), path, opset_version=13,
                      input_names=names, output_names=["output"],
                      dynamic_axes={n: {0: "batch"} for n in names + ["output"]})
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump({"inputs": [x.flatten().tolist() for x in inputs],
                   "output": out.flatten().tolist()}, f)


n = 32
export("mlpcls-iris", nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 3), nn.Softmax(dim=1)),
       [torch.randn(n, 4)], ["input"])
export("mlpcls-fashion", nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                                       nn.Linear(100, 10), nn.Softmax(dim=1)),
       [torch.rand(n, 28, 28)], ["input"])
export("mlpreg", MLPReg(), [torch.randn(n, 8) * 3], ["input"])
export("widedeep-one", WideDeep(None, 8), [torch.randn(n, 8) * 3], ["input"])
export("widedeep-two", WideDeep(5, 6), [torch.randn(n, 5) * 3, torch.randn(n, 6) * 3], ["wide", "deep"])
cnn_images = images if images is not None else torch.rand(8, 28, 28, 1)
export("cnn", CNN(nhwc=True), [cnn_images], ["input"])
export("cnn-nchw", CNN(nhwc=False), [cnn_images.permute(0, 3, 1, 2)], ["input"])
export("cnn-small-grey", SmallGreyCNN(), [torch.rand(16, 28, 28)], ["input"])
print("ok")
