"""Writes Tests/LaminaTests/Fixtures/model_configs.json: the configs real Keras writes for a
Sequential and a Functional model (two inputs, a shared layer, two outputs, a nested Sequential),
with the weights and a prediction, so the Swift tests can rebuild the models from Keras's JSON and
check they compute the same thing.

Run: KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/model_config.py
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import keras  # noqa: E402
from common import rng, tensor, write  # noqa: E402

keras.utils.set_random_seed(0)
cases = []


def record(name, model, inputs):
    outs = model.predict(inputs, verbose=0)
    if not isinstance(outs, list):
        outs = [outs]
    cases.append({
        "name": name,
        "config": json.loads(model.to_json()),
        "weights": [tensor(w) for w in model.get_weights()],
        "weight_names": [w.path for w in model.weights],
        "inputs": [tensor(x) for x in inputs],
        "outputs": [tensor(o) for o in outs],
        "params": int(model.count_params()),
    })


seq = keras.Sequential([
    keras.Input(shape=(6,), name="features"),
    keras.layers.Dense(8, activation="relu", name="hidden"),
    keras.layers.Dropout(0.2, name="drop"),
    keras.layers.Dense(3, activation="softmax", name="probs"),
], name="mlp")
r = rng(1)
record("sequential", seq, [r.normal(size=(4, 6)).astype("float32")])

a = keras.Input(shape=(5,), name="a")
b = keras.Input(shape=(3,), name="b")
ha = keras.layers.Dense(4, activation="tanh", name="dense_a")(a)
hb = keras.layers.Dense(4, activation="relu", name="dense_b")(b)
shared = keras.layers.Dense(4, name="shared")
sa, sb = shared(ha), shared(hb)
merged = keras.layers.Concatenate(name="concat")([sa, sb])
inner = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(6, activation="relu", name="inner_dense")], name="inner")
h = inner(merged)
out1 = keras.layers.Dense(1, name="regression")(h)
out2 = keras.layers.Dense(2, activation="softmax", name="classes")(keras.layers.Add(name="add")([sa, sb]))
fn = keras.Model(inputs=[a, b], outputs=[out1, out2], name="two_heads")
record("functional", fn, [r.normal(size=(3, 5)).astype("float32"), r.normal(size=(3, 3)).astype("float32")])

write("model_configs", cases, "Scripts/golden/model_config.py")
