"""Checks that Python Keras 3 reads the files Lamina writes and predicts the same.

    mkdir -p /tmp/lamina-export
    flock /tmp/lamina-build.lock env LAMINA_KERAS_EXPORT=/tmp/lamina-export \\
        .build/release/LaminaPackageTests.xctest --testing-library swift-testing --filter KerasExportTests
    KERAS_BACKEND=jax /work/venv/bin/python Scripts/keras_files/check_lamina_files.py /tmp/lamina-export

Tests/LaminaKerasTests/KerasExportTests.swift writes, for every model, `<name>.keras`,
`<name>.weights.h5` and `<name>.json` (inputs, Lamina's predictions, the optimizer's iteration
count, a training batch, and the loss and predictions after one more training step in Lamina).
For each model this script:

1. loads the .keras with keras.saving.load_model (compiled), failing on any warning that a
   variable or the optimizer state was skipped, and compares the predictions (1e-5 relative);
2. checks the optimizer's iteration count, then takes one training step on the batch and
   compares the loss and the predictions after it with Lamina's (1e-4 relative): this only
   agrees if the optimizer state (slots, in Keras's order) was restored;
3. loads the .weights.h5 into a fresh clone of the model and compares the predictions.

Exits non-zero if any model fails.
"""
import glob
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def array(t):
    return np.array(t["data"], dtype=np.int32 if t["dtype"] == "int32" else np.float32).reshape(t["shape"])


def as_list(v):
    return list(v) if isinstance(v, (list, tuple)) else [v]


def close(actual, expected, rtol, atol):
    actual, expected = np.asarray(actual, np.float32), np.asarray(expected, np.float32)
    if actual.shape != expected.shape:
        return f"shape {actual.shape} != {expected.shape}"
    excess = np.abs(actual - expected) - (atol + rtol * np.abs(expected))
    if np.all(excess <= 0):
        return None
    i = int(np.argmax(excess))
    return f"{int(np.sum(excess > 0))} of {actual.size} differ; worst {actual.reshape(-1)[i]} vs {expected.reshape(-1)[i]}"


def check(base):
    with open(base + ".json") as f:
        case = json.load(f)
    inputs = [array(t) for t in case["inputs"]]
    x = [array(t) for t in case["train_x"]]
    y = [array(t) for t in case["train_y"]]
    problems = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.saving.load_model(base + ".keras")
    skipped = [str(w.message) for w in caught if "skipping" in str(w.message).lower()]
    problems += [f"load_model warned: {m[:200]}" for m in skipped]
    for i, (a, e) in enumerate(zip(as_list(model.predict(inputs, verbose=0)), case["outputs"])):
        if (p := close(a, array(e), 1e-5, 1e-6)):
            problems.append(f".keras output {i}: {p}")
    iterations = int(keras.ops.convert_to_numpy(model.optimizer.iterations))
    if iterations != case["iterations"]:
        problems.append(f"optimizer iterations {iterations}, Lamina had {case['iterations']}")
    loss = float(as_list(model.train_on_batch(x if len(x) > 1 else x[0], y if len(y) > 1 else y[0]))[0])
    if abs(loss - case["train_loss"]) > 1e-4 * abs(case["train_loss"]) + 1e-6:
        problems.append(f"training-step loss {loss}, Lamina {case['train_loss']}")
    for i, (a, e) in enumerate(zip(as_list(model.predict(inputs, verbose=0)), case["after_step"])):
        if (p := close(a, array(e), 1e-4, 1e-5)):
            problems.append(f"after a training step, output {i}: {p}")
    clone = keras.models.clone_model(keras.saving.load_model(base + ".keras", compile=False))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clone.load_weights(base + ".weights.h5")
    problems += [f"load_weights warned: {str(w.message)[:200]}" for w in caught if "skipping" in str(w.message).lower()]
    for i, (a, e) in enumerate(zip(as_list(clone.predict(inputs, verbose=0)), case["outputs"])):
        if (p := close(a, array(e), 1e-5, 1e-6)):
            problems.append(f".weights.h5 output {i}: {p}")
    return case, problems


def main(directory):
    bases = sorted(p[:-5] for p in glob.glob(os.path.join(directory, "*.json")))
    if not bases:
        sys.exit(f"no <name>.json files in {directory}")
    failed = 0
    for base in bases:
        name = os.path.basename(base)
        try:
            case, problems = check(base)
        except Exception as e:  # a file Keras cannot load at all
            case, problems = {"optimizer": "?"}, [f"{type(e).__name__}: {str(e)[:300]}"]
        status = "ok" if not problems else "FAILED"
        print(f"{name:40s} {case['optimizer']:9s} {status}")
        for p in problems:
            print(f"    - {p}")
        failed += bool(problems)
    print(f"{len(bases) - failed} of {len(bases)} models: Keras {keras.__version__} ({keras.backend.backend()}) "
          f"predicts as Lamina and trains on from its optimizer state")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
