#!/usr/bin/env python3
"""Train a small tanh MLP on Fashion-MNIST with PyTorch, save it for ./vnlab inspect, and print
numpy's own VNI of each hidden layer over the same inputs, to set beside vnlab's.

    python3 examples/torch_to_vnlab.py [--data DIR] [--out model.npz] [--epochs 2]
    ./vnlab inspect --weights model.npz --activation tanh --data DIR

The save is the three lines every PyTorch user can add to a training script:

    import numpy as np
    state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    np.savez("model.npz", **state)

(with the safetensors package: safetensors.torch.save_file(model.state_dict(),
"model.safetensors", metadata={"activation": "tanh"}), which also names the activation.)
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
from torch import nn


def idx(path):
    """An IDX file (raw or .gz) as a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        zero, dtype, rank = struct.unpack(">HBB", f.read(4))
        dims = struct.unpack(">" + "I" * rank, f.read(4 * rank))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def find(directory, base):
    for name in (base, base + ".gz"):
        if os.path.exists(os.path.join(directory, name)):
            return os.path.join(directory, name)
    raise SystemExit(f"{directory} has no {base}[.gz]; expected an MNIST-style IDX directory")


def vni(x):
    """tr(C^2) / tr(C)^2 of the nodes' sample covariance over the rows of x (float64)."""
    c = np.cov(x, rowvar=False)
    return float(np.sum(c * c) / np.trace(c) ** 2)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", default="model.npz")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--depth", type=int, default=6)
    p.add_argument("--samples", type=int, default=10000, help="inputs the printed VNIs are taken over")
    a = p.parse_args()
    torch.manual_seed(0)

    images = idx(find(a.data, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    labels = idx(find(a.data, "train-labels-idx1-ubyte")).astype(np.int64)
    x, y = torch.from_numpy(images), torch.from_numpy(labels)

    layers, fan_in = [], 784
    for _ in range(a.depth):
        layers += [nn.Linear(fan_in, a.width), nn.Tanh()]
        fan_in = a.width
    model = nn.Sequential(*layers, nn.Linear(fan_in, 10))  # state dict: 0.weight, 0.bias, 2.weight, ...
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    start = time.time()
    for epoch in range(a.epochs):
        order = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            b = order[i:i + 128]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x[b]), y[b])
            loss.backward()
            opt.step()
        with torch.no_grad():
            accuracy = (model(x).argmax(1) == y).float().mean().item()
        print(f"epoch {epoch + 1}: training accuracy {accuracy:.4f} ({time.time() - start:.1f} s)")

    state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    np.savez(a.out, **state)
    print(f"saved {a.out}: {', '.join(state)}")

    with torch.no_grad():  # numpy's reading of the same inputs vnlab takes with --data: the first images
        h = x[:a.samples]
        for l, module in enumerate(model):
            h = module(h)
            if isinstance(module, nn.Tanh):
                print(f"layer {(l + 1) // 2}: VNI {vni(h.double().numpy()):.6g}")
    print(f"now: ./vnlab inspect --weights {a.out} --activation tanh --data {a.data} --samples {a.samples}")


if __name__ == "__main__":
    main()
