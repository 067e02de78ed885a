"""Keras files written by real Keras 3, for Lamina's LaminaKeras tests.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/keras_files/make_fixtures.py

For every model of models.py: trains two steps (so BatchNormalization statistics and the
optimizer state are not the initial ones), then writes into Tests/LaminaKerasTests/Fixtures/

- `<name>.keras` (model.save) and, as models.MODELS lists, `<name>.weights.h5`
  (model.save_weights), the legacy `<name>.h5` (model.save("x.h5")) and `<name>.keras2.h5`, that
  file in Keras 2's own layout (keras2_style.py);
- `keras_files.json`: per model the inputs and Keras's predictions, the optimizer's iteration
  count, the training batch, the loss of one more training step on it and the predictions after
  that step (which Lamina must reproduce after restoring the optimizer state).

With model names as arguments only those are rewritten (the other files and their entries in
keras_files.json stay as they are: every .keras records the date it was saved).

The other direction is check_lamina_files.py. `swift test` never needs Python.
"""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))

import keras  # noqa: E402
import numpy as np  # noqa: E402

import models  # noqa: E402
from keras2_style import rewrite as keras2_style  # noqa: E402
from models import MODELS  # noqa: E402

SCRIPT = "Scripts/keras_files/make_fixtures.py"
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "LaminaKerasTests", "Fixtures")


def tensor(a):
    """{"shape", "dtype", "data"} with float32 values in 9 significant digits (exact)."""
    a = np.asarray(a)
    if np.issubdtype(a.dtype, np.integer):
        return {"shape": list(a.shape), "dtype": "int32", "data": [int(v) for v in a.reshape(-1)]}
    return {"shape": list(a.shape), "dtype": "float32", "data": [float(f"{v:.9g}") for v in a.astype(np.float32).reshape(-1)]}


def as_list(v):
    return list(v) if isinstance(v, (list, tuple)) else [v]


def write_hdf5_types():
    """hdf5_types.h5: datasets and attributes of the kinds h5py writes, for the HDF5 wrapper's tests."""
    import h5py
    with h5py.File(os.path.join(OUT, "hdf5_types.h5"), "w") as f:
        g = f.create_group("data")
        g["float16"] = np.array([[0.5, -1.25], [65504.0, 1e-3]], dtype=np.float16)
        g["float64"] = np.array([1.0 / 3.0, -2.5e300], dtype=np.float64)
        g["uint8"] = np.array([0, 7, 255], dtype=np.uint8)
        g["int64"] = np.array([[-(2 ** 40), 3]], dtype=np.int64)
        g["bool"] = np.array([True, False, True])
        g["scalar"] = np.float32(2.5)
        g["text"] = "not numbers"
        f.attrs["vlen_string"] = "dénse"
        f.attrs["vlen_strings"] = ["a", "bc", ""]
        f.attrs["fixed_strings"] = np.array([b"dense", b"dense_1"])
        f.attrs["fixed_string"] = np.bytes_(b"keras")
        f.attrs["empty_list"] = np.array([], dtype=np.float64)
        f.attrs["number"] = 3


def main(only):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "keras_files.json")
    previous = {}
    if only and os.path.exists(path):
        with open(path) as f:
            previous = {c["name"]: c for c in json.load(f)["cases"]}
    cases = []
    for i, (name, (build, extra)) in enumerate(MODELS.items()):
        if only and name not in only:
            if name in previous:
                cases.append(previous[name])
            continue
        keras.utils.set_random_seed(1000 + i)
        models.R = np.random.default_rng(20250611 + i)   # each model's data independent of the others
        model, inputs, train = build()
        steps = 2 if train else 0
        for _ in range(steps):
            model.train_on_batch(*train)
        outputs = as_list(model.predict(inputs, verbose=0))
        files = [name + ".keras"] + [name + "." + e for e in extra]
        model.save(os.path.join(OUT, name + ".keras"))
        if "weights.h5" in extra:
            model.save_weights(os.path.join(OUT, name + ".weights.h5"))
        if "h5" in extra or "keras2.h5" in extra:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.save(os.path.join(OUT, name + ".h5"))
        if "keras2.h5" in extra:
            keras2_style(os.path.join(OUT, name + ".h5"), os.path.join(OUT, name + ".keras2.h5"))
            if "h5" not in extra:
                os.remove(os.path.join(OUT, name + ".h5"))
        case = {"name": name, "files": files, "inputs": [tensor(a) for a in inputs], "outputs": [tensor(a) for a in outputs],
                "optimizer": type(model.optimizer).__name__, "iterations": steps}
        if train:
            x, y = train
            loss = as_list(model.train_on_batch(x, y))[0]
            after = as_list(model.predict(inputs, verbose=0))
            case.update({"train_x": [tensor(a) for a in as_list(x)], "train_y": [tensor(a) for a in as_list(y)],
                         "train_loss": float(loss), "after_step": [tensor(a) for a in after]})
        cases.append(case)
        sizes = ", ".join(f"{f} {os.path.getsize(os.path.join(OUT, f))} B" for f in files)
        print(f"{name}: {sizes}")
    write_hdf5_types()
    with open(path, "w") as f:
        json.dump({"generator": SCRIPT, "keras_version": keras.__version__, "backend": keras.backend.backend(),
                   "cases": cases}, f, separators=(",", ":"))
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"wrote {path}; fixtures total {total} bytes")


if __name__ == "__main__":
    unknown = [n for n in sys.argv[1:] if n not in MODELS]
    if unknown:
        sys.exit(f"unknown models {unknown}; known: {list(MODELS)}")
    main(set(sys.argv[1:]))
