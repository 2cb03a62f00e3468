#!/usr/bin/env python3
"""Writes mixed-dtypes.safetensors, the fixture SafeTensorsTest reads, with struct and json only.

The layout is safetensors' own: an 8-byte little-endian header length, the UTF-8 JSON header
padded with spaces to a multiple of 8 bytes, then the tensors' little-endian bytes in C order,
contiguous. The header lists the tensors by name, not in data order, so a reader must sort them.
Half-precision tensors are given as raw bit patterns so that every value is exactly as stated.
"""
import json
import struct
from pathlib import Path

F32 = [-0.0, -1.5, 3.25, 65504.0, 2.0 ** -149, -3.4028234663852886e38]  # exact in float32
F64 = [0.1, 1 / 3, 1e300, 1e-50, 1e-45, -2.5]  # all but -2.5 round (1e300 to infinity, 1e-50 to zero)
F16 = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x7C00, 0xFC00, 0x8000, 0x7E00]  # 1, -2, max, subnormals, +-inf, -0, NaN
BF16 = [0x3F80, 0xC0A0, 0x7F7F, 0x0001]  # 1, -5, max, smallest subnormal

# name, dtype, shape, data, in data order
TENSORS = [
    ("dense.weight", "F32", [2, 3], struct.pack("<6f", *F32)),
    ("dense.bias", "F64", [2, 3], struct.pack("<6d", *F64)),
    ("half", "F16", [3, 3], struct.pack("<9H", *F16)),
    ("bhalf", "BF16", [2, 2], struct.pack("<4H", *BF16)),
    ("step", "F32", [], struct.pack("<f", 1000.0)),
    ("unused", "F32", [0, 4], b""),
]


def main():
    entries, data = {}, b""
    for name, dtype, shape, raw in TENSORS:
        entries[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    header = {"__metadata__": {"format": "pt", "note": "h\u00e9llo \u2713"}}
    header.update(sorted(entries.items()))
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    out = Path(__file__).with_name("mixed-dtypes.safetensors")
    out.write_bytes(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main()
