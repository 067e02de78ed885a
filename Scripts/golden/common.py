"""Shared helpers for the golden-data scripts: they run real Keras 3 (JAX backend, float32) and
write small JSON fixtures into Tests/LaminaTests/Fixtures/ that the Swift tests compare against.

Run any script from the repository root with a venv outside the repo:
    python3 -m venv /tmp/keras-venv && /tmp/keras-venv/bin/pip install keras jax h5py
    KERAS_BACKEND=jax /tmp/keras-venv/bin/python Scripts/golden/<script>.py
`swift test` never needs Python: the fixtures are committed.
"""
import json
import os

import numpy as np

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "LaminaTests", "Fixtures")


def tensor(a):
    """A JSON-able {"shape", "data"} record of an array (float32 or int32 data, row-major)."""
    a = np.asarray(a)
    if a.dtype == np.bool_:
        a = a.astype(np.int32)
    if np.issubdtype(a.dtype, np.integer):
        return {"shape": list(a.shape), "dtype": "int32", "data": [int(v) for v in a.reshape(-1)]}
    return {"shape": list(a.shape), "dtype": "float32", "data": [float(v) for v in a.astype(np.float32).reshape(-1)]}


def write(name, cases, script):
    """Writes Fixtures/<name>.json: {"generator": script, "keras_version": ..., "cases": cases}."""
    import keras
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name + ".json")
    with open(path, "w") as f:
        json.dump({"generator": script, "keras_version": keras.__version__,
                   "backend": keras.backend.backend(), "cases": cases}, f, separators=(",", ":"))
    print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(cases)} cases)")


def jsonable(v, drop=()):
    """A Keras config as plain JSON: tuples as lists, NumPy scalars as Python numbers, and the dict
    keys in `drop` left out at any depth."""
    if isinstance(v, (tuple, list)):
        return [jsonable(x, drop) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x, drop) for k, x in v.items() if k not in drop}
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


def rng(seed):
    return np.random.default_rng(seed)
