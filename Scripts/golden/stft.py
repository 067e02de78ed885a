"""Writes Tests/LaminaTests/Fixtures/stft.json: Keras's STFT initializer for a few settings.

Run: KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/stft.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import keras  # noqa: E402
from common import tensor, write  # noqa: E402

cases = []
for side in ["real", "imag"]:
    for window in ["hann", "hamming", None]:
        for scaling in ["density", "spectrum", None]:
            for periodic in [False, True]:
                init = keras.initializers.STFT(side=side, window=window, scaling=scaling, periodic=periodic)
                cases.append({"side": side, "window": window, "scaling": scaling, "periodic": periodic,
                              "value": tensor(init((16, 1, 9)))})
write("stft", cases, "Scripts/golden/stft.py")
