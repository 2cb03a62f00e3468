#!/usr/bin/env python3
"""The native peers of vnlab's headline benchmarks, measured on this machine.

Each workload is the one the matching JMH benchmark (or vnlab command) runs, done the way a
numpy, scipy or PyTorch user would do it. One call prints one line of `name=value` pairs whose
fields are the figure (ms: the best of --reps calls, median_ms: their median; s: seconds for
the end-to-end workload). The thread count must be fixed before numpy loads, so compare.py starts
this script once per measurement with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set.

    python3 bench/peers.py sgemm --n 1024
    python3 bench/peers.py shape --m 100 --k 500 --n 500
    python3 bench/peers.py vni --m 1000 --n 500
    python3 bench/peers.py eig --n 1000
    python3 bench/peers.py qr --n 1024
    python3 bench/peers.py train --depth 100 --width 500 --batch 100     # PyTorch
    python3 bench/peers.py demo --widths 200,500 --nets 20              # the demo's covariance VNI
    python3 bench/peers.py slq --width 4000 --depth 100 --rows 16 --steps 20   # spectrum's Lanczos steps
    python3 bench/peers.py inspect --weights model.npz --inputs 10000          # ./vnlab inspect's per-layer work
    python3 bench/peers.py versions
"""
import argparse
import os
import re
import sys
import time


def best_ms(f, reps):
    """The best and the median of reps timed calls, in ms, after one untimed call (allocation, thread start-up)."""
    f()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    return Timing(times[0], times[len(times) // 2])


class Timing:
    def __init__(self, best, median):
        self.best, self.median = best, median

    def __format__(self, spec):
        return f"{self.best:.4f} median_ms={self.median:.4f}"


def openblas_core(np):
    """The kernel family numpy's bundled OpenBLAS chose on this machine (OPENBLAS_CORETYPE can
    pin an older one, e.g. Haswell on an AVX-512 CPU, which halves its float throughput), or ''."""
    import ctypes, glob
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    for lib in libs:
        try:
            dll = ctypes.CDLL(lib)
        except OSError:
            continue
        for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_", "openblas_get_corename"):
            fn = getattr(dll, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                return fn().decode()
    return ""


def versions():
    out = []
    try:
        import numpy as np
        cfg = getattr(np, "show_config", None)
        blas = ""
        try:
            info = np.show_config(mode="dicts")
            b = info.get("Build Dependencies", {}).get("blas", {})
            blas = f"{b.get('name', '?')} {b.get('version', '')}".strip()
        except Exception:
            pass
        core = openblas_core(np)
        out.append(f"numpy={np.__version__}" + (f" blas={blas.replace(' ', '-')}" if blas else "")
                   + (f" blas_core={core}" if core else ""))
    except ImportError:
        out.append("numpy=missing")
    try:
        import scipy
        out.append(f"scipy={scipy.__version__}")
    except ImportError:
        out.append("scipy=missing")
    try:
        import torch
        out.append(f"torch={torch.__version__}")
    except ImportError:
        out.append("torch=missing")
    print(" ".join(out))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=["sgemm", "dgemm", "shape", "vni", "eig", "qr", "train", "demo", "slq", "inspect", "versions"])
    p.add_argument("--n", type=int, default=None, help="sgemm, dgemm, eig, qr: the size (1024, 1024, 1000, 1024); shape, vni: the columns (500)")
    p.add_argument("--m", type=int, default=1000)
    p.add_argument("--k", type=int, default=500)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--depth", type=int, default=100)
    p.add_argument("--width", type=int, default=500)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--widths", default="200,500")
    p.add_argument("--depths", default="10:100:10")
    p.add_argument("--nets", type=int, default=20)
    p.add_argument("--inputs", type=int, default=1000)
    p.add_argument("--rows", type=int, default=16, help="slq: start vectors in the block")
    p.add_argument("--steps", type=int, default=20, help="slq: Lanczos steps")
    p.add_argument("--weights", default=None, help="inspect: an .npz state dict (0.weight, 0.bias, 2.weight, ...; tanh between layers)")
    a = p.parse_args()
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "?")
    if a.workload == "versions":
        versions()
        return
    if a.workload == "train":
        train(a, threads)
        return
    if a.n is None:
        a.n = {"sgemm": 1024, "dgemm": 1024, "eig": 1000, "qr": 1024}.get(a.workload, 500)
    import numpy as np
    rng = np.random.default_rng(1)
    if a.workload in ("sgemm", "dgemm"):
        dtype = np.float32 if a.workload == "sgemm" else np.float64
        x = rng.standard_normal((a.n, a.n), dtype=dtype)
        y = rng.standard_normal((a.n, a.n), dtype=dtype)
        ms = best_ms(lambda: x @ y, a.reps)
        print(f"peer=numpy workload={a.workload} n={a.n} threads={threads} ms={ms:.4f}")
    elif a.workload == "shape":
        x = rng.standard_normal((a.m, a.k), dtype=np.float32)
        y = rng.standard_normal((a.k, a.n), dtype=np.float32)
        ms = best_ms(lambda: x @ y, a.reps)
        print(f"peer=numpy workload=shape m={a.m} k={a.k} n={a.n} threads={threads} ms={ms:.4f}")
    elif a.workload == "vni":
        x = rng.standard_normal((a.m, a.n), dtype=np.float32)

        ms = best_ms(lambda: vni(np, x), a.reps)
        print(f"peer=numpy workload=vni m={a.m} n={a.n} threads={threads} ms={ms:.4f}")
    elif a.workload == "eig":
        g = rng.standard_normal((a.n, a.n))
        s = (g + g.T) / 2
        try:
            import scipy.linalg as sl
            f, peer = (lambda: sl.eigvalsh(s)), "scipy"
        except ImportError:
            f, peer = (lambda: np.linalg.eigvalsh(s)), "numpy"
        ms = best_ms(f, a.reps)
        print(f"peer={peer} workload=eig n={a.n} threads={threads} ms={ms:.4f}")
    elif a.workload == "qr":
        g = rng.standard_normal((a.n, a.n))
        ms = best_ms(lambda: np.linalg.qr(g, mode="reduced"), a.reps)
        print(f"peer=numpy workload=qr n={a.n} threads={threads} ms={ms:.4f}")
    elif a.workload == "demo":
        demo(a, np, threads)
    elif a.workload == "slq":
        slq(a, np, rng, threads)
    elif a.workload == "inspect":
        inspect(a, np, threads)


def vni(np, x):
    """The VNI of the rows of x: the sum of the squared eigenvalues of their covariance over the
    squared sum, ||C||_F^2 / tr(C)^2, from the centred Gram matrix in float32 (one product)."""
    xc = x - x.mean(axis=0, dtype=np.float64).astype(np.float32)
    c = xc.T @ xc
    # No float64 copy of C: fresh multi-MB temporaries cost more in page faults than the product.
    return float(np.linalg.norm(c) ** 2 / float(np.trace(c, dtype=np.float64)) ** 2)


def depths_of(text):
    out = []
    for part in text.split(","):
        if ":" in part:
            lo, hi, step = (int(v) for v in part.split(":"))
            out.extend(range(lo, hi + 1, step))
        else:
            out.append(int(part))
    return out


def slq(a, np, rng, threads):
    """The Lanczos steps of `spectrum` above its exact width limit: a block of start vectors through
    J^T then J of a hard-tanh network (sigma_w^2 = 1) at one input, in float32, with full
    reorthogonalisation of each row against its own basis in float64. s: the steps alone."""
    n, depth = a.width, a.depth
    w = [rng.standard_normal((n, n), dtype=np.float32) * np.float32(1 / np.sqrt(n)) for _ in range(depth)]
    h = rng.standard_normal(n).astype(np.float32) * np.float32(np.sqrt(0.1))
    slopes = []
    for layer in w:
        pre = layer @ h
        slopes.append(((pre > -1) & (pre < 1)).astype(np.float32))
        h = np.clip(pre, -1, 1)

    def gram(v):  # rows of v, each through J^T then J
        g = v * slopes[-1]
        for l in range(depth - 1, -1, -1):
            g = g @ w[l]
            if l > 0:
                g = g * slopes[l - 1]
        for l in range(depth):
            g = (g @ w[l].T) * slopes[l]
        return g

    q = rng.standard_normal((a.rows, n))
    basis = [q / np.linalg.norm(q, axis=1, keepdims=True)]
    start = time.perf_counter()
    for _ in range(a.steps):
        y = gram(basis[-1].astype(np.float32)).astype(np.float64)
        for b in basis:
            for _ in range(2):
                y -= np.sum(y * b, axis=1, keepdims=True) * b
        basis.append(y / np.linalg.norm(y, axis=1, keepdims=True))
    s = time.perf_counter() - start
    print(f"peer=numpy workload=slq width={n} depth={depth} rows={a.rows} steps={a.steps} threads={threads} s={s:.2f}")


def demo(a, np, threads):
    """The demo's covariance VNI: per width, nets random hard-tanh networks (weights N(0, 1/N),
    zero biases) over the same M Gaussian inputs of variance 0.1, the VNI of x_L at each depth."""
    t = time.perf_counter()
    depths = depths_of(a.depths)
    rng = np.random.default_rng(1)
    checksum = 0.0
    for n in (int(w) for w in a.widths.split(",")):
        x0 = (rng.standard_normal((a.inputs, n), dtype=np.float32) * np.float32(np.sqrt(0.1)))
        for _ in range(a.nets):
            x = x0
            for l in range(1, depths[-1] + 1):
                w = rng.standard_normal((n, n), dtype=np.float32) * np.float32(1 / np.sqrt(n))
                x = np.clip(x @ w.T, -1, 1)
                if l in depths:
                    checksum += vni(np, x)
    s = time.perf_counter() - t
    print(f"peer=numpy workload=demo widths={a.widths} nets={a.nets} threads={threads} checksum={checksum:.3f} s={s:.3f}")


def inspect(a, np, threads):
    """./vnlab inspect's work on a tanh MLP read from an .npz, as a numpy user would write it:
    over --inputs Gaussian inputs (variance 1), per hidden layer the covariance in float64, its
    VNI, participation ratio and entropy effective rank (eigvalsh), the pairs with |rho| > 0.9 and
    0.99, the fraction of units with tanh' < 1% of its peak, linear CKA with the layer before, and
    the weights' stable rank (the largest singular value by eigvalsh of the smaller Gram matrix);
    the whole script's time, reading the file included (the Jacobian is left out: vnlab does more)."""
    t = time.perf_counter()
    z = np.load(a.weights)
    names = sorted({k.rsplit(".", 1)[0] for k in z.files}, key=lambda p: [int(s) if s.isdigit() else s for s in re.split(r"(\d+)", p)])
    layers = [(z[n + ".weight"], z[n + ".bias"]) for n in names]
    rng = np.random.default_rng(1)
    x = rng.standard_normal((a.inputs, layers[0][0].shape[1]), dtype=np.float32)
    checksum = 0.0
    prev = x.astype(np.float64)
    prev -= prev.mean(0)
    prev_c2 = np.sum((prev.T @ prev) ** 2)
    for w, b in layers[:-1]:
        h = x @ w.T + b
        x = np.tanh(h)
        saturated = np.mean(1 - x * x < 0.01)
        xc = x.astype(np.float64)
        xc -= xc.mean(0)
        c = xc.T @ xc / (len(xc) - 1)
        ev = np.clip(np.linalg.eigvalsh(c), 0, None)
        p = ev / ev.sum()
        v = np.sum(c * c) / np.trace(c) ** 2
        rank = np.exp(-np.sum(p[p > 0] * np.log(p[p > 0])))
        d = np.sqrt(np.diag(c))
        rho = np.abs(c / np.outer(d, d))[np.tril_indices(len(c), -1)]
        cross = xc.T @ prev
        cka = np.sum(cross ** 2) / np.sqrt(np.sum((xc.T @ xc) ** 2) * prev_c2)
        g = w.astype(np.float64)
        g = g @ g.T if g.shape[0] <= g.shape[1] else g.T @ g
        stable = np.trace(g) / np.linalg.eigvalsh(g)[-1]
        checksum += v + 1 / v + rank + np.sum(rho > 0.9) + np.sum(rho > 0.99) + saturated + cka + stable
        prev, prev_c2 = xc, np.sum((xc.T @ xc) ** 2)
    s = time.perf_counter() - t
    print(f"peer=numpy workload=inspect weights={a.weights} inputs={a.inputs} threads={threads} checksum={checksum:.4f} s={s:.3f}")


def train(a, threads):
    try:
        import torch
    except ImportError:
        print("peer=torch workload=train missing=1 hint=apt-get_install_python3-torch")
        return
    torch.set_num_threads(int(threads) if threads.isdigit() else 1)
    torch.manual_seed(1)
    layers = [torch.nn.Linear(784, a.width), torch.nn.Tanh()]
    for _ in range(a.depth - 1):
        layers += [torch.nn.Linear(a.width, a.width), torch.nn.Tanh()]
    layers.append(torch.nn.Linear(a.width, 10))
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.randn(a.batch, 784)
    y = torch.arange(a.batch) % 10
    loss = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss(net(x), y).backward()
        opt.step()
    ms = best_ms(step, a.reps)
    print(f"peer=torch workload=train depth={a.depth} width={a.width} batch={a.batch} threads={threads} ms={ms:.4f}")


if __name__ == "__main__":
    sys.exit(main())
