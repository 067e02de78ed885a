"""Golden data for Lamina's core layers and activations, from real Keras 3 (JAX backend).

Writes Tests/LaminaTests/Fixtures/layers.json and activations.json, read by
LayersGoldenTests.swift and ActivationsGoldenTests.swift.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/layers.py

Each layer case holds the layer's Keras `get_config()` (the Swift test rebuilds the layer from it
through LayerRegistry), fixed weights and inputs, the outputs, and the gradients of
`sum(outputs * weighting)` (a fixed random weighting) with respect to the inputs and the
trainable weights, computed with jax.grad over `layer.stateless_call`.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import activations, layers  # noqa: E402

from common import jsonable, rng, tensor, write  # noqa: E402


def fixed_sparsemax(x, axis=-1):
    """Sparsemax with Keras's fix (keras-team/keras#23469, in 3.16): tau = (sum of the sorted
    logits over the support - 1) / k. Keras 3.15 and earlier sum the cumulative sums instead
    (#23425), which gives outputs that do not sum to 1."""
    logits_sorted = -jnp.sort(-x, axis=axis)
    logits_cumsum = jnp.cumsum(logits_sorted, axis=axis)
    r_shape = [1] * x.ndim
    r_shape[axis] = -1
    r = jnp.arange(1, x.shape[axis] + 1, dtype=x.dtype).reshape(r_shape)
    support = logits_sorted - (logits_cumsum - 1) / r > 0
    k = jnp.sum(support, axis=axis, keepdims=True)
    tau = (jnp.sum(jnp.where(support, logits_sorted, 0.0), axis=axis, keepdims=True) - 1) / k
    return jnp.maximum(x - tau, 0.0)


_probe = np.asarray(keras.ops.sparsemax(np.array([[0.0, 0.5, 1.0]], dtype=np.float32)))
if abs(_probe.sum() - 1) > 1e-4:  # this Keras has the sparsemax bug: use the fixed formula
    import keras.src.backend.jax.nn as _jax_nn
    _jax_nn.sparsemax = fixed_sparsemax
    assert abs(np.asarray(keras.ops.sparsemax(np.array([[0.0, 0.5, 1.0]], dtype=np.float32))).sum() - 1) < 1e-4

SCRIPT = "Scripts/golden/layers.py"
R = rng(20240607)


def rand(*shape, scale=1.0):
    return (R.standard_normal(shape) * scale).astype(np.float32)


def layer_case(name, layer, inputs, weights=None, mask=None, adapt=None):
    """Runs `layer` on `inputs` (a list; merge layers get the whole list) and records everything."""
    multi = len(inputs) > 1 or isinstance(layer, layers.Concatenate) or name.startswith("merge")
    if adapt is not None:
        layer.adapt(adapt)
    if not layer.built:
        layer.build([x.shape for x in inputs] if multi else inputs[0].shape)
    if weights is not None:
        layer.set_weights(weights)
    tw = [v.value for v in layer.trainable_variables]
    ntw = [v.value for v in layer.non_trainable_variables]
    kwargs = {} if mask is None else {"mask": jnp.asarray(mask)}

    def forward(tw, xs):
        arg = list(xs) if multi else xs[0]
        out, _ = layer.stateless_call(tw, ntw, arg, **kwargs)
        return out

    xs = [jnp.asarray(x) for x in inputs]
    out = np.asarray(forward(tw, xs))
    weighting = rand(*out.shape)
    loss = lambda tw, xs: jnp.sum(forward(tw, xs) * weighting)  # noqa: E731
    gw, gx = jax.grad(loss, argnums=(0, 1))(tw, xs)
    case = {
        "name": name,
        "class_name": layer.__class__.__name__,
        "config": layer.get_config(),
        "inputs": [tensor(x) for x in inputs],
        "weights": [tensor(np.asarray(w)) for w in layer.get_weights()],
        "weight_names": [w.name for w in layer.weights],
        "output": tensor(out),
        "weighting": tensor(weighting),
        "input_grads": [tensor(np.asarray(g)) for g in gx],
        "weight_grads": [tensor(np.asarray(g)) for g in gw],
        "count_params": int(layer.count_params()),
    }
    if mask is not None:
        case["mask"] = tensor(np.asarray(mask))
    if adapt is not None:
        case["adapt"] = tensor(adapt)
    return case


ACTIVATION_NAMES = [
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "swish", "hard_silu", "hard_swish",
    "mish", "softplus", "softsign", "sigmoid", "hard_sigmoid", "log_sigmoid", "sparse_sigmoid", "tanh", "tanh_shrink",
    "hard_tanh", "soft_shrink", "hard_shrink", "sparse_plus", "squareplus", "exponential",
]
AXIS_ACTIVATIONS = ["softmax", "log_softmax", "glu", "sparsemax"]


def layer_cases():
    cases = []
    x2, x3 = rand(3, 5), rand(2, 3, 5)
    k, b = rand(5, 4, scale=0.5), rand(4, scale=0.5)
    # Dense: bias / no bias, 2-D / 3-D, every activation string.
    cases.append(layer_case("dense_2d", layers.Dense(4), [x2], [k, b]))
    cases.append(layer_case("dense_3d", layers.Dense(4), [x3], [k, b]))
    cases.append(layer_case("dense_nobias_2d", layers.Dense(4, use_bias=False), [x2], [k]))
    cases.append(layer_case("dense_nobias_3d_relu", layers.Dense(4, use_bias=False, activation="relu"), [x3], [k]))
    for a in ACTIVATION_NAMES + ["softmax", "log_softmax", "sparsemax"]:
        cases.append(layer_case(f"dense_{a}", layers.Dense(4, activation=a), [x2], [k, b]))
    cases.append(layer_case("dense_glu", layers.Dense(4, activation="glu"), [x2], [k, b]))

    # Activation layers.
    xa = rand(3, 6, scale=2.0)
    for a in ["relu", "gelu", "softmax", "tanh"]:
        cases.append(layer_case(f"activation_{a}", layers.Activation(a), [xa]))
    cases.append(layer_case("relu_default", layers.ReLU(), [xa]))
    cases.append(layer_case("relu_max", layers.ReLU(max_value=1.5), [xa]))
    cases.append(layer_case("relu_max6", layers.ReLU(max_value=6.0), [xa * 4]))
    cases.append(layer_case("relu_slope", layers.ReLU(negative_slope=0.1), [xa]))
    cases.append(layer_case("relu_all", layers.ReLU(max_value=2.5, negative_slope=0.2, threshold=0.4), [xa]))
    cases.append(layer_case("relu_threshold", layers.ReLU(threshold=0.7), [xa]))
    cases.append(layer_case("leaky_relu_default", layers.LeakyReLU(), [xa]))
    cases.append(layer_case("leaky_relu_0.05", layers.LeakyReLU(negative_slope=0.05), [xa]))
    cases.append(layer_case("elu_default", layers.ELU(), [xa]))
    cases.append(layer_case("elu_alpha", layers.ELU(alpha=0.5), [xa]))
    xp = rand(2, 3, 4)
    cases.append(layer_case("prelu", layers.PReLU(), [xp], [rand(3, 4, scale=0.3)]))
    cases.append(layer_case("prelu_shared", layers.PReLU(shared_axes=[1]), [xp], [rand(1, 4, scale=0.3)]))
    cases.append(layer_case("softmax_default", layers.Softmax(), [xa]))
    cases.append(layer_case("softmax_axis1", layers.Softmax(axis=1), [xp]))
    mask = np.array([[1, 1, 0, 1, 0, 1], [1, 0, 0, 0, 1, 1], [0, 1, 1, 1, 1, 1]], dtype=bool)
    cases.append(layer_case("softmax_masked", layers.Softmax(), [xa], mask=mask))

    # Regularization at inference: the identity.
    cases.append(layer_case("dropout_inference", layers.Dropout(0.4, seed=3), [xa]))
    cases.append(layer_case("gaussian_noise_inference", layers.GaussianNoise(0.3, seed=3), [xa]))

    # Reshaping.
    x4 = rand(2, 3, 2, 2)
    cases.append(layer_case("flatten", layers.Flatten(), [x4]))
    cases.append(layer_case("flatten_channels_first", layers.Flatten(data_format="channels_first"), [x4]))
    cases.append(layer_case("reshape", layers.Reshape((6, 2)), [x4]))
    cases.append(layer_case("reshape_infer", layers.Reshape((-1, 3)), [x4]))
    cases.append(layer_case("permute", layers.Permute((3, 1, 2)), [x4]))
    cases.append(layer_case("permute_2d", layers.Permute((2, 1)), [rand(2, 3, 4)]))
    cases.append(layer_case("repeat_vector", layers.RepeatVector(3), [rand(2, 4)]))

    # Merging.
    a, b2, c = rand(2, 3, 4), rand(2, 3, 4), rand(2, 3, 4)
    cases.append(layer_case("merge_add", layers.Add(), [a, b2, c]))
    cases.append(layer_case("merge_add_broadcast", layers.Add(), [a, rand(2, 1, 4)]))
    cases.append(layer_case("merge_subtract", layers.Subtract(), [a, b2]))
    cases.append(layer_case("merge_multiply", layers.Multiply(), [a, b2, c]))
    cases.append(layer_case("merge_average", layers.Average(), [a, b2, c]))
    cases.append(layer_case("merge_maximum", layers.Maximum(), [a, b2, c]))
    cases.append(layer_case("merge_minimum", layers.Minimum(), [a, b2]))
    cases.append(layer_case("merge_concatenate", layers.Concatenate(), [a, rand(2, 3, 2)]))
    cases.append(layer_case("merge_concatenate_axis1", layers.Concatenate(axis=1), [a, rand(2, 1, 4), b2]))
    cases.append(layer_case("merge_dot_2d", layers.Dot(axes=1), [rand(3, 4), rand(3, 4)]))
    cases.append(layer_case("merge_dot_2d_normalize", layers.Dot(axes=1, normalize=True), [rand(3, 4), rand(3, 4)]))
    cases.append(layer_case("merge_dot_3d", layers.Dot(axes=(2, 2)), [a, rand(2, 5, 4)]))
    cases.append(layer_case("merge_dot_3d_axes12", layers.Dot(axes=(1, 2)), [a, rand(2, 5, 3)]))
    cases.append(layer_case("merge_dot_3d_2d", layers.Dot(axes=-1), [a, rand(2, 4)]))
    cases.append(layer_case("merge_dot_normalize_3d", layers.Dot(axes=(1, 1), normalize=True), [a, rand(2, 3, 5)]))

    # Preprocessing.
    cases.append(layer_case("rescaling", layers.Rescaling(scale=1 / 255, offset=-0.5), [xa * 100]))
    data = rand(8, 3, scale=3.0) + np.array([1.0, -2.0, 5.0], dtype=np.float32)
    cases.append(layer_case("normalization_adapt", layers.Normalization(), [rand(4, 3)], adapt=data))
    data3 = rand(6, 2, 3, scale=2.0)
    cases.append(layer_case("normalization_adapt_axis1", layers.Normalization(axis=1), [rand(2, 2, 3)], adapt=data3))
    cases.append(layer_case("normalization_adapt_axis_none", layers.Normalization(axis=None), [rand(2, 3)], adapt=data))
    cases.append(layer_case("normalization_given", layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 0.25, 1.0]), [rand(4, 3)]))
    cases.append(layer_case("normalization_given_invert",
                            layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 0.25, 1.0], invert=True), [rand(4, 3)]))
    for cs in cases:
        cs["config"] = jsonable(cs["config"])
    return cases


GRID = np.array([-80, -30, -7, -3.7, -2.2, -1.3, -0.7, -0.3, -0.05, 0, 0.05, 0.3, 0.7, 1.3, 2.2, 3.7, 7, 30, 80],
                dtype=np.float32)


def activation_cases():
    cases = []

    def elementwise(name, fn, args=None):
        x = jnp.asarray(GRID)
        y = np.asarray(fn(x))
        dy = np.asarray(jax.grad(lambda v: jnp.sum(fn(v)))(x))
        cases.append({"name": name, "args": args or {}, "x": tensor(GRID), "y": tensor(y), "dy": tensor(dy)})

    for n in ACTIVATION_NAMES:
        elementwise(n, activations.get(n))
    variants = [
        ("relu", {"negative_slope": 0.1}), ("relu", {"max_value": 4.0}), ("relu", {"threshold": 0.5}),
        ("relu", {"negative_slope": 0.2, "max_value": 2.5, "threshold": 0.4}), ("relu", {"max_value": 6.0}),
        ("leaky_relu", {"negative_slope": 0.05}), ("elu", {"alpha": 0.5}), ("celu", {"alpha": 2.0}),
        ("gelu", {"approximate": True}), ("soft_shrink", {"threshold": 0.3}), ("hard_shrink", {"threshold": 0.3}),
        ("squareplus", {"b": 2.0}), ("threshold", {"threshold": 0.5, "default_value": -1.0}),
    ]
    for n, args in variants:
        f = getattr(activations, n)
        elementwise(n, lambda v, f=f, args=args: f(v, **args), args)

    x = rand(3, 6, scale=2.0)
    for n, axis in [(n, -1) for n in AXIS_ACTIVATIONS] + [("softmax", 0), ("log_softmax", 0), ("glu", 0), ("sparsemax", 0)]:
        xin = x if not (n == "glu" and axis == 0) else rand(4, 3)
        f = getattr(activations, n)
        fn = lambda v, f=f, axis=axis: f(v, axis=axis)  # noqa: E731
        y = np.asarray(fn(jnp.asarray(xin)))
        weighting = rand(*y.shape)
        dy = np.asarray(jax.grad(lambda v: jnp.sum(fn(v) * weighting))(jnp.asarray(xin)))
        cases.append({"name": n, "args": {"axis": axis}, "x": tensor(xin), "y": tensor(y), "weighting": tensor(weighting),
                      "dy": tensor(dy)})
    return cases


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    write("layers", layer_cases(), SCRIPT)
    write("activations", activation_cases(), SCRIPT)
