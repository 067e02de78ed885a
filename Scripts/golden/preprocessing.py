"""Golden data for the Keras image preprocessing layers (Lamina/Layers/Preprocessing):
Resizing (bilinear, nearest, crop_to_aspect_ratio), CenterCrop (crop and smart-resize), and the
geometry of RandomRotation / RandomZoom / RandomTranslation / RandomBrightness with a fixed
factor (lower == upper, so the random draw is a constant), plus keras.ops.image.affine_transform
with a given matrix for every fill mode and interpolation.

    KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/preprocessing.py
→ Tests/LaminaTests/Fixtures/preprocessing.json
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))
import numpy as np  # noqa: E402
import keras  # noqa: E402
from common import rng, tensor, write  # noqa: E402

SCRIPT = "Scripts/golden/preprocessing.py"
r = rng(7)
images = r.integers(0, 256, size=(2, 7, 8, 3)).astype(np.float32)
cases = []


def case(kind, args, x, y):
    cases.append({"kind": kind, "args": args, "x": tensor(x), "y": tensor(np.asarray(y))})


for h, w in [(4, 5), (10, 12), (8, 3)]:
    for interp in ["bilinear", "nearest"]:
        layer = keras.layers.Resizing(h, w, interpolation=interp)
        case("Resizing", {"height": h, "width": w, "interpolation": interp, "crop_to_aspect_ratio": False}, images, layer(images))
for h, w in [(4, 4), (6, 3)]:
    layer = keras.layers.Resizing(h, w, crop_to_aspect_ratio=True)
    case("Resizing", {"height": h, "width": w, "interpolation": "bilinear", "crop_to_aspect_ratio": True}, images, layer(images))

for h, w in [(4, 4), (5, 6), (10, 6)]:
    case("CenterCrop", {"height": h, "width": w}, images, keras.layers.CenterCrop(h, w)(images))

for mode in ["reflect", "wrap", "constant", "nearest"]:
    for interp in ["bilinear", "nearest"]:
        layer = keras.layers.RandomRotation((0.1, 0.1), fill_mode=mode, interpolation=interp, fill_value=7.0)
        case("RandomRotation", {"factor": 0.1, "fill_mode": mode, "interpolation": interp, "fill_value": 7.0},
             images, layer(images, training=True))
for mode in ["reflect", "constant"]:
    layer = keras.layers.RandomZoom((0.3, 0.3), (-0.2, -0.2), fill_mode=mode)
    case("RandomZoom", {"height_factor": 0.3, "width_factor": -0.2, "fill_mode": mode}, images, layer(images, training=True))
    layer = keras.layers.RandomTranslation((0.2, 0.2), (-0.15, -0.15), fill_mode=mode)
    case("RandomTranslation", {"height_factor": 0.2, "width_factor": -0.15, "fill_mode": mode}, images, layer(images, training=True))
layer = keras.layers.RandomBrightness((0.2, 0.2))
case("RandomBrightness", {"factor": 0.2}, images, layer(images, training=True))

matrix = np.array([0.9, 0.25, -1.3, -0.2, 1.1, 0.7, 0.0, 0.0], dtype=np.float32)
for mode in ["reflect", "wrap", "constant", "nearest"]:
    for interp in ["bilinear", "nearest"]:
        out = keras.ops.image.affine_transform(images, np.stack([matrix, matrix]), interpolation=interp,
                                                fill_mode=mode, fill_value=3.0)
        case("affine_transform", {"matrix": [float(v) for v in matrix[:6]], "fill_mode": mode, "interpolation": interp,
                                  "fill_value": 3.0}, images, out)

write("preprocessing", cases, SCRIPT)
