"""Golden data for Lamina's optimizers, learning-rate schedules, regularizers and constraints.

    cd <repo> && KERAS_BACKEND=jax /path/to/venv/bin/python Scripts/golden/optimizers.py

Writes Tests/LaminaTests/Fixtures/optimizers.json with cases of four kinds:
- "optimizer": a Keras optimizer class and its constructor kwargs (a schedule, if any, under
  "learning_rate" as {"class_name", "config"}), fixed initial weights of two variables, the
  5 gradients fed to `optimizer.apply`, and the weights after each step.
- "schedule": a schedule class and kwargs, the steps, and the rate at each step.
- "regularizer": a regularizer class and kwargs, an input and the penalty.
- "constraint": a constraint class and kwargs, an input and the constrained output.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from common import rng, tensor, write  # noqa: E402

SCRIPT = "Scripts/golden/optimizers.py"
STEPS = 5

SCHEDULES = {
    "ExponentialDecay": keras.optimizers.schedules.ExponentialDecay,
    "PiecewiseConstantDecay": keras.optimizers.schedules.PiecewiseConstantDecay,
    "PolynomialDecay": keras.optimizers.schedules.PolynomialDecay,
    "InverseTimeDecay": keras.optimizers.schedules.InverseTimeDecay,
    "CosineDecay": keras.optimizers.schedules.CosineDecay,
    "CosineDecayRestarts": keras.optimizers.schedules.CosineDecayRestarts,
}

OPTIMIZERS = [
    ("SGD", {}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"learning_rate": 0.1, "weight_decay": 0.1}),
    ("SGD", {"learning_rate": 0.1, "clipnorm": 1.0}),
    ("SGD", {"learning_rate": 0.1, "clipvalue": 0.5}),
    ("SGD", {"learning_rate": 0.1, "global_clipnorm": 1.0}),
    ("SGD", {"learning_rate": {"class_name": "PiecewiseConstantDecay",
                               "config": {"boundaries": [1, 3], "values": [0.1, 0.05, 0.01]}}, "momentum": 0.5}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("Adam", {"learning_rate": 0.01, "clipnorm": 1.0}),
    ("Adam", {"learning_rate": 0.01, "global_clipnorm": 0.5}),
    ("Adam", {"learning_rate": {"class_name": "ExponentialDecay",
                                "config": {"initial_learning_rate": 0.01, "decay_steps": 2, "decay_rate": 0.5}}}),
    ("AdamW", {}),
    ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5}),
    ("RMSprop", {"learning_rate": 0.01, "centered": True}),
    ("RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.9, "rho": 0.8}),
    ("RMSprop", {"learning_rate": 0.01, "weight_decay": 0.05, "clipvalue": 1.0}),
    ("Adagrad", {}),
    ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5, "epsilon": 1e-3}),
    ("Adadelta", {}),
    ("Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("Adamax", {}),
    ("Adamax", {"learning_rate": 0.02, "beta_1": 0.8, "global_clipnorm": 1.0}),
    ("Nadam", {}),
    ("Nadam", {"learning_rate": 0.01, "clipnorm": 0.5}),
    ("Nadam", {"learning_rate": {"class_name": "CosineDecay",
                                 "config": {"initial_learning_rate": 0.01, "decay_steps": 4, "warmup_target": 0.02,
                                            "warmup_steps": 2}}, "weight_decay": 0.01}),
    ("Lion", {}),
    ("Lion", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9, "weight_decay": 0.1}),
]

SCHEDULE_CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [10, 20], "values": [1.0, 0.5, 0.1]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 100}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 100, "end_learning_rate": 0.01, "power": 2.0}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 30, "end_learning_rate": 0.01, "power": 0.5,
                         "cycle": True}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 100}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 100, "alpha": 0.1}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 100, "alpha": 0.1, "warmup_target": 0.2,
                     "warmup_steps": 10}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 1.0, "m_mul": 0.5,
                             "alpha": 0.1}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 7, "t_mul": 3.0, "m_mul": 0.8,
                             "alpha": 0.05}),
]
SCHEDULE_STEPS = [0, 1, 2, 3, 5, 7, 9, 10, 11, 15, 19, 20, 21, 25, 28, 29, 30, 31, 45, 50, 69, 70, 71, 90, 99, 100, 101, 149, 150, 151,
                  200, 1000]

REGULARIZERS = [
    ("L1", {}), ("L1", {"l1": 0.3}), ("L2", {}), ("L2", {"l2": 0.25}), ("L1L2", {}), ("L1L2", {"l1": 0.01, "l2": 0.02}),
]

CONSTRAINTS = [
    ("MaxNorm", {}, (3, 4)), ("MaxNorm", {"max_value": 1.5, "axis": 1}, (3, 4)),
    ("MaxNorm", {"max_value": 2.0, "axis": [0, 1]}, (2, 2, 3)),
    ("NonNeg", {}, (3, 4)), ("UnitNorm", {}, (3, 4)), ("UnitNorm", {"axis": 1}, (3, 4)),
    ("UnitNorm", {"axis": -1}, (2, 2, 3)),
    ("MinMaxNorm", {}, (3, 4)), ("MinMaxNorm", {"min_value": 0.5, "max_value": 2.0, "rate": 0.7, "axis": 1}, (3, 4)),
]


def build_kwargs(kwargs):
    out = dict(kwargs)
    lr = out.get("learning_rate")
    if isinstance(lr, dict):
        out["learning_rate"] = SCHEDULES[lr["class_name"]](**lr["config"])
    return out


def optimizer_cases():
    r = rng(7)
    w0 = [r.normal(size=(3, 2)).astype(np.float32), r.normal(size=(4,)).astype(np.float32)]
    # Gradients of mixed scale (norms above and below the clipping thresholds), a zero entry.
    grads = [[(r.normal(size=w.shape) * s).astype(np.float32) for w in w0] for s in (2.0, 0.3, 1.0, 0.05, 1.5)]
    grads[1][0][0, 0] = 0.0
    cases = []
    for cls, kwargs in OPTIMIZERS:
        opt = getattr(keras.optimizers, cls)(**build_kwargs(kwargs))
        variables = [keras.Variable(w, name=f"w{i}") for i, w in enumerate(w0)]
        history = []
        for g in grads:
            opt.apply([keras.ops.convert_to_tensor(x) for x in g], variables)
            history.append([tensor(np.asarray(v.value)) for v in variables])
        cases.append({"kind": "optimizer", "class_name": cls, "kwargs": kwargs,
                      "initial": [tensor(w) for w in w0],
                      "gradients": [[tensor(x) for x in g] for g in grads],
                      "steps": history})
    return cases


def schedule_cases():
    cases = []
    for cls, kwargs in SCHEDULE_CASES:
        s = SCHEDULES[cls](**kwargs)
        values = [float(np.asarray(s(step))) for step in SCHEDULE_STEPS]
        cases.append({"kind": "schedule", "class_name": cls, "kwargs": kwargs, "steps": SCHEDULE_STEPS,
                      "values": tensor(np.array(values, dtype=np.float32))})
    return cases


def regularizer_cases():
    x = (rng(11).normal(size=(3, 4)) * 2).astype(np.float32)
    cases = []
    for cls, kwargs in REGULARIZERS:
        penalty = getattr(keras.regularizers, cls)(**kwargs)(keras.ops.convert_to_tensor(x))
        cases.append({"kind": "regularizer", "class_name": cls, "kwargs": kwargs, "input": tensor(x),
                      "output": tensor(np.asarray(penalty))})
    return cases


def constraint_cases():
    r = rng(13)
    cases = []
    for cls, kwargs, shape in CONSTRAINTS:
        x = (r.normal(size=shape) * 1.2).astype(np.float32)
        y = getattr(keras.constraints, cls)(**kwargs)(keras.ops.convert_to_tensor(x))
        cases.append({"kind": "constraint", "class_name": cls, "kwargs": kwargs, "input": tensor(x),
                      "output": tensor(np.asarray(y))})
    return cases


if __name__ == "__main__":
    write("optimizers", optimizer_cases() + schedule_cases() + regularizer_cases() + constraint_cases(), SCRIPT)
