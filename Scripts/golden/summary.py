"""Writes Tests/LaminaTests/Fixtures/summary_*.txt: real Keras 3 `model.summary()` output for the
small models that Tests/LaminaTests/SummaryTests.swift builds with the same names.

    COLUMNS=200 KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/summary.py

COLUMNS is set so that Keras does not cap the table at the terminal width (it uses
`shutil.get_terminal_size().columns - 4`, which is 76 when stdout is not a terminal).
"""
import os

os.environ.setdefault("COLUMNS", "200")
os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "LaminaTests", "Fixtures")


def capture(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda s, **kw: lines.append(s), **kwargs)
    return "".join(lines)


def write(name, text):
    path = os.path.join(FIXTURES, f"summary_{name}.txt")
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {path}")
    print(text)


# 1. Sequential MLP.
mlp = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(64, activation="relu", name="hidden"),
                        layers.Dense(10, activation="softmax", name="probs")], name="mlp")
write("mlp", capture(mlp))
write("mlp_narrow", capture(mlp, line_length=60))

# 1b. The same after compiling with Adam and one training step: an "Optimizer params" line.
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
mlp.fit(np.zeros((4, 64), "float32"), np.zeros((4,), "int32"), epochs=1, verbose=0)
write("mlp_adam", capture(mlp))

# 2. Functional: two inputs, a Dense on each, Concatenate, a Dense head (with "Connected to").
a = keras.Input(shape=(8,), name="input_a")
b = keras.Input(shape=(4,), name="input_b")
ha = layers.Dense(16, name="dense_a")(a)
hb = layers.Dense(16, name="dense_b")(b)
c = layers.Concatenate(name="concatenate")([ha, hb])
out = layers.Dense(1, name="head")(c)
two = keras.Model(inputs=[a, b], outputs=out, name="two_inputs")
write("two_inputs", capture(two))

# 3. Frozen weights (non-trainable params), a long layer name that wraps, and an unbuilt layer.
frozen = layers.Dense(32, name="frozen_feature_extractor_with_a_long_name")
frozen.trainable = False
m3 = keras.Sequential([keras.Input(shape=(16,)), frozen, layers.Dense(3, name="classifier")], name="frozen_model")
write("frozen", capture(m3))
unbuilt = keras.Sequential([layers.Dense(5, name="first"), layers.Dense(2, name="second")], name="unbuilt_model")
write("unbuilt", capture(unbuilt))
