"""Golden data for Lamina's SinePositionEncoding: keras_hub's formula, run with Keras 3 ops (JAX).

Writes Tests/LaminaTests/Fixtures/sine_position.json, read by
Tests/LaminaTests/Attention/PositionEncodingTests.swift.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/sine_position.py

keras_hub is not installed here, so `encode` repeats the body of
keras_hub.layers.SinePositionEncoding.call (keras_hub/src/layers/modeling/sine_position_encoding.py)
op for op, in float32 (the layer's compute dtype): feature 2i of position p is
sin(p * (1/max_wavelength) ** (2i/d)), feature 2i+1 the cosine of the same angle; an odd hidden
size ends with a sine.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))

import numpy as np  # noqa: E402
from keras import ops  # noqa: E402

from common import tensor, write  # noqa: E402

SCRIPT = "Scripts/golden/sine_position.py"


def encode(inputs, max_wavelength=10000, start_index=0, dtype="float32"):
    shape = ops.shape(inputs)
    seq_length = shape[-2]
    hidden_size = shape[-1]
    positions = ops.arange(seq_length)
    positions = ops.cast(positions + start_index, dtype)
    min_freq = ops.cast(1 / max_wavelength, dtype=dtype)
    timescales = ops.power(
        min_freq,
        ops.cast(2 * (ops.arange(hidden_size) // 2), dtype) / ops.cast(hidden_size, dtype),
    )
    angles = ops.expand_dims(positions, 1) * ops.expand_dims(timescales, 0)
    cos_mask = ops.cast(ops.arange(hidden_size) % 2, dtype)
    sin_mask = 1 - cos_mask
    positional_encodings = ops.sin(angles) * sin_mask + ops.cos(angles) * cos_mask
    return ops.broadcast_to(positional_encodings, shape)


def main():
    cases = []
    # (batch, length, hidden, max_wavelength): even and odd hidden sizes, a long sequence, a short wavelength.
    for b, t, d, w in [(2, 6, 8, 10000), (1, 7, 5, 10000), (1, 3, 1, 10000), (1, 64, 16, 10000), (1, 9, 6, 100)]:
        x = np.zeros((b, t, d), dtype=np.float32)
        cases.append({"input_shape": [b, t, d], "max_wavelength": w, "output": tensor(np.asarray(encode(x, w)))})
    write("sine_position", cases, SCRIPT)


if __name__ == "__main__":
    main()
