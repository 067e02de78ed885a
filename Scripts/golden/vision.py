"""Golden data for Lamina's convolution, pooling, normalization and image reshaping layers, from
real Keras 3 (JAX backend).

Writes Tests/LaminaTests/Fixtures/vision.json, read by Tests/LaminaTests/Vision/VisionGoldenTests.swift.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/vision.py

Each case holds the layer's Keras `get_config()` (the Swift test rebuilds the layer from it through
LayerRegistry), fixed weights and inputs, the outputs, and the gradients of
`sum(outputs * weighting)` (a fixed random weighting) with respect to the inputs and the trainable
weights, computed with jax.grad over `layer.stateless_call`. BatchNormalization cases in training
mode also hold the non-trainable weights (moving statistics) after that one call.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from common import jsonable, rng, write  # noqa: E402


def tensor(a):
    """Like common.tensor, with each float32 written in its shortest round-trip form (smaller file)."""
    a = np.asarray(a)
    if a.dtype == np.bool_ or np.issubdtype(a.dtype, np.integer):
        return {"shape": list(a.shape), "dtype": "int32", "data": [int(v) for v in a.reshape(-1)]}
    return {"shape": list(a.shape), "dtype": "float32",
            "data": [float(np.format_float_positional(v, unique=True, trim="-")) for v in a.astype(np.float32).reshape(-1)]}

SCRIPT = "Scripts/golden/vision.py"
R = rng(20240611)


def rand(*shape, scale=1.0):
    return (R.standard_normal(shape) * scale).astype(np.float32)


def case(name, layer, x, weights=None, training=False, mask=None, long=False):
    layer.build(x.shape)
    if weights is not None:
        layer.set_weights(weights)
    else:  # deterministic weights of the right shapes
        layer.set_weights([rand(*w.shape, scale=0.5) for w in layer.weights])
    tw = [v.value for v in layer.trainable_variables]
    ntw = [v.value for v in layer.non_trainable_variables]
    kwargs = {} if mask is None else {"mask": jnp.asarray(mask)}
    if training:
        kwargs["training"] = True

    def forward(tw, x):
        out, new_ntw = layer.stateless_call(tw, ntw, x, **kwargs)
        return out, new_ntw

    out, new_ntw = forward(tw, jnp.asarray(x))
    weighting = rand(*out.shape)
    loss = lambda tw, x: jnp.sum(forward(tw, x)[0] * weighting)  # noqa: E731
    gw, gx = jax.grad(loss, argnums=(0, 1))(tw, jnp.asarray(x))
    c = {
        "name": name,
        "class_name": layer.__class__.__name__,
        "config": jsonable(layer.get_config()),
        "input": tensor(x),
        "weights": [tensor(np.asarray(w)) for w in layer.get_weights()],
        "weight_names": [w.name for w in layer.weights],
        "training": training,
        "long_reduction": long,
        "output": tensor(np.asarray(out)),
        "weighting": tensor(weighting),
        "input_grad": tensor(np.asarray(gx)),
        "weight_grads": [tensor(np.asarray(g)) for g in gw],
        "count_params": int(layer.count_params()),
    }
    if training:
        c["non_trainable_after"] = [tensor(np.asarray(v)) for v in new_ntw]
    if mask is not None:
        c["mask"] = tensor(np.asarray(mask).astype(np.int32))
    return c


def cases():
    out = []
    x4 = rand(2, 6, 5, 3)
    # Conv2D
    out.append(case("conv2d_3x3_valid", layers.Conv2D(4, 3), x4))
    out.append(case("conv2d_same_strided_tanh", layers.Conv2D(5, (3, 2), strides=2, padding="same", activation="tanh"), x4))
    out.append(case("conv2d_strided_valid_odd", layers.Conv2D(2, (2, 3), strides=(3, 2)), rand(1, 9, 7, 2)))
    out.append(case("conv2d_dilated_same", layers.Conv2D(3, 3, dilation_rate=2, padding="same"), rand(1, 9, 8, 2)))
    out.append(case("conv2d_groups2_same", layers.Conv2D(6, 3, groups=2, padding="same"), rand(2, 6, 6, 4)))
    out.append(case("conv2d_groups4_strided", layers.Conv2D(8, 3, strides=2, groups=4), rand(1, 7, 5, 8)))
    out.append(case("conv2d_pointwise_nobias", layers.Conv2D(4, 1, use_bias=False), rand(2, 5, 5, 3)))
    out.append(case("conv2d_even_same_s2", layers.Conv2D(3, 4, strides=2, padding="same"), rand(2, 8, 7, 2)))
    # Conv1D
    x3 = rand(2, 9, 3)
    out.append(case("conv1d_valid", layers.Conv1D(4, 3), x3))
    out.append(case("conv1d_same_strided", layers.Conv1D(4, 4, strides=2, padding="same"), x3))
    out.append(case("conv1d_causal_dilated", layers.Conv1D(2, 3, padding="causal", dilation_rate=2), x3))
    out.append(case("conv1d_groups", layers.Conv1D(4, 2, groups=2, padding="same"), rand(2, 6, 4)))
    # Conv2DTranspose
    xt = rand(2, 4, 3, 3)
    out.append(case("conv2dt_3x3_s2_same", layers.Conv2DTranspose(2, 3, strides=2, padding="same"), xt))
    out.append(case("conv2dt_3x3_s2_valid", layers.Conv2DTranspose(2, 3, strides=2), xt))
    out.append(case("conv2dt_2x2_s2_valid", layers.Conv2DTranspose(4, 2, strides=2), xt))
    out.append(case("conv2dt_4x4_s2_same", layers.Conv2DTranspose(2, 4, strides=2, padding="same"), xt))
    out.append(case("conv2dt_s2_same_outpad1", layers.Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=1), xt))
    out.append(case("conv2dt_s3_valid_outpad", layers.Conv2DTranspose(2, (2, 3), strides=3, output_padding=(2, 1)), xt))
    out.append(case("conv2dt_1x1_s3_same", layers.Conv2DTranspose(2, 1, strides=3, padding="same"), xt))
    out.append(case("conv2dt_dilated_same", layers.Conv2DTranspose(3, 3, dilation_rate=2, padding="same"), xt))
    out.append(case("conv2dt_s1_valid", layers.Conv2DTranspose(3, (2, 3)), xt))
    # Depthwise and separable
    out.append(case("depthwise_same_s2", layers.DepthwiseConv2D(3, strides=2, padding="same"), x4))
    out.append(case("depthwise_dm2_dilated", layers.DepthwiseConv2D((3, 2), depth_multiplier=2, dilation_rate=2), rand(2, 8, 7, 3)))
    out.append(case("separable_dm2_same", layers.SeparableConv2D(4, 3, depth_multiplier=2, padding="same"), x4))
    out.append(case("separable_s2_valid_relu", layers.SeparableConv2D(3, (2, 2), strides=2, activation="sigmoid"), x4))
    # Pooling
    xp = rand(2, 5, 6, 2)
    out.append(case("maxpool2d_default", layers.MaxPooling2D(), xp))
    out.append(case("maxpool2d_3x3_s2_same", layers.MaxPooling2D(3, strides=2, padding="same"), xp))
    out.append(case("maxpool2d_2x3_s12", layers.MaxPooling2D((2, 3), strides=(1, 2)), xp))
    out.append(case("avgpool2d_default", layers.AveragePooling2D(2), xp))
    out.append(case("avgpool2d_3x3_s1_same", layers.AveragePooling2D(3, strides=1, padding="same"), xp))
    out.append(case("avgpool2d_2x2_s2_same_odd", layers.AveragePooling2D(2, padding="same"), xp))
    out.append(case("avgpool2d_3x2_s21", layers.AveragePooling2D((3, 2), strides=(2, 1)), xp))
    out.append(case("maxpool1d_default", layers.MaxPooling1D(), x3))
    out.append(case("maxpool1d_3_s2_same", layers.MaxPooling1D(3, strides=2, padding="same"), x3))
    out.append(case("avgpool1d_3_s2_same", layers.AveragePooling1D(3, strides=2, padding="same"), x3))
    out.append(case("avgpool1d_default", layers.AveragePooling1D(2), x3))
    # Global pooling
    out.append(case("gap2d", layers.GlobalAveragePooling2D(), xp))
    out.append(case("gap2d_keepdims", layers.GlobalAveragePooling2D(keepdims=True), xp))
    out.append(case("gmp2d", layers.GlobalMaxPooling2D(), xp))
    out.append(case("gmp2d_keepdims", layers.GlobalMaxPooling2D(keepdims=True), xp))
    out.append(case("gap1d", layers.GlobalAveragePooling1D(), x3))
    out.append(case("gap1d_keepdims", layers.GlobalAveragePooling1D(keepdims=True), x3))
    mask = np.ones((2, 9), dtype=bool)
    mask[0, 7:] = False
    mask[1, :2] = False
    out.append(case("gap1d_masked", layers.GlobalAveragePooling1D(), x3, mask=mask))
    out.append(case("gmp1d", layers.GlobalMaxPooling1D(), x3))
    # BatchNormalization
    c = 3
    bn_w = [rand(c, scale=0.5) + 1, rand(c, scale=0.5), rand(c, scale=0.5), np.abs(rand(c)) + 0.5]
    xb = rand(3, 4, 4, c, scale=2) + 1
    out.append(case("bn_inference_rank4", layers.BatchNormalization(), xb, bn_w))
    out.append(case("bn_training_rank4", layers.BatchNormalization(), xb, bn_w, training=True, long=True))
    out.append(case("bn_training_rank2_momentum", layers.BatchNormalization(momentum=0.9, epsilon=1e-5), rand(16, 4) * 3 + 2,
                    [rand(4) + 1, rand(4), rand(4), np.abs(rand(4)) + 0.5], training=True, long=True))
    out.append(case("bn_training_noscale_nocenter", layers.BatchNormalization(center=False, scale=False), rand(6, 2, 3, 2),
                    [rand(2), np.abs(rand(2)) + 0.5], training=True, long=True))
    out.append(case("bn_inference_rank3_nocenter", layers.BatchNormalization(center=False), rand(2, 5, 3),
                    [rand(3) + 1, rand(3), np.abs(rand(3)) + 0.5]))
    # Reshaping
    out.append(case("zeropad2d_default", layers.ZeroPadding2D(), xp))
    out.append(case("zeropad2d_asym", layers.ZeroPadding2D(((1, 2), (3, 0))), xp))
    out.append(case("cropping2d", layers.Cropping2D(((1, 0), (2, 1))), xp))
    out.append(case("upsampling2d_nearest_23", layers.UpSampling2D((2, 3)), rand(2, 3, 4, 2)))
    out.append(case("upsampling2d_bilinear", layers.UpSampling2D(2, interpolation="bilinear"), rand(2, 3, 4, 2)))
    out.append(case("upsampling2d_bilinear_32", layers.UpSampling2D((3, 2), interpolation="bilinear"), rand(1, 4, 3, 2)))
    out.append(case("spatialdropout2d_inference", layers.SpatialDropout2D(0.3, seed=1), rand(2, 3, 3, 4)))
    return out


if __name__ == "__main__":
    write("vision", cases(), SCRIPT)
