#!/usr/bin/env python3
"""Writes the .npz and .npy fixtures NpzTest and NpyTest read, and checks the archive vnlab wrote.

Run from anywhere: python3 make_npz_fixtures.py. Every value is exactly representable in its
dtype (float64 values other than those are compared as float32 after rounding), so the tests
assert exact numbers. vnlab-written.npz is not made here: Npz.write makes it (NpzTest checks it
still writes those bytes) and this script checks that np.load reads it as expected.
"""
import os

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


WEIGHT = (np.arange(12, dtype=np.float32).reshape(3, 4) / 4 - 1)  # -1, -0.75, ..., 1.75
BIAS = np.array([0.5, -1.5, 0.0, 3.0], dtype=np.float32)
DOUBLES = np.array([0.1, -2.5, 1 / 3, 1e-3], dtype=np.float64)  # rounded to float32 on reading
HALVES = np.array([-1, -0.5, 0, 0.25, 1.5, 2048, 65504, -65504, 2 ** -14, 2 ** -24, -0.0, 1000.5],
                  dtype=np.float16).reshape(2, 3, 2)  # normal, largest, smallest normal and subnormal
SCALE = np.float64(-0.5)

ARRAYS = {"0.weight": WEIGHT, "0.bias": BIAS, "layers.2.bias": DOUBLES, "block": HALVES, "scale": SCALE}

VARIANTS = {
    "fortran": np.asfortranarray(WEIGHT),  # fortran_order True
    "big": np.array([[1.0, -2.0], [0.125, 1e6]], dtype=">f4"),
    "empty": np.zeros((0, 3), dtype=np.float32),
    "half": np.float16(-3.5),
    "cube": np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)),
}


def make():
    np.savez(path("savez.npz"), **ARRAYS)
    np.savez_compressed(path("savez_compressed.npz"), **ARRAYS)
    np.savez(path("variants.npz"), **VARIANTS)
    np.savez(path("object.npz"), w=BIAS, o=np.array([{"a": 1}, None], dtype=object))
    with open(path("npy-v2-f16.npy"), "wb") as f:
        npformat.write_array(f, HALVES, version=(2, 0))
    with open(path("npy-v3-f64-fortran.npy"), "wb") as f:
        npformat.write_array(f, np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)), version=(3, 0))


def check_vnlab():
    """np.load reads what Npz.write wrote: float32 arrays, in order, with these values."""
    f = path("vnlab-written.npz")
    if not os.path.exists(f):
        print("no vnlab-written.npz to check")
        return
    expected = {
        "0.weight": WEIGHT,
        "layers.2.bias": DOUBLES.astype(np.float32),
        "block": HALVES.astype(np.float32),
        "scale": np.float32(2.5),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "λ/unicode": np.array([1.0], dtype=np.float32),
    }
    with np.load(f, allow_pickle=False) as z:
        assert list(z.files) == list(expected), z.files
        for name, want in expected.items():
            got = z[name]
            assert got.dtype == np.float32 and got.shape == np.shape(want), (name, got.dtype, got.shape)
            assert np.array_equal(got, want), (name, got, want)
    print("vnlab-written.npz: np.load reads it as expected")


if __name__ == "__main__":
    make()
    check_vnlab()
