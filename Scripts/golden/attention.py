"""Golden data for Lamina's attention and normalization layers, from real Keras 3 (JAX backend).

Writes Tests/LaminaTests/Fixtures/attention.json, read by Tests/LaminaTests/Attention/AttentionGoldenTests.swift.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/attention.py

Each case holds the layer's Keras `get_config()` (rebuilt in Swift through LayerRegistry), fixed
weights and inputs, call options and masks, the output (and attention scores), and the gradients
of `sum(output * weighting)` with respect to the float inputs and the trainable weights
(jax.grad over `layer.stateless_call`).
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from common import jsonable, rng, tensor, write  # noqa: E402

SCRIPT = "Scripts/golden/attention.py"
R = rng(20240611)


def rand(*shape, scale=1.0):
    return (R.standard_normal(shape) * scale).astype(np.float32)


def case(name, layer, inputs, call, kind, options=None, build=None):
    """`call(layer, tw, xs)` returns (output, scores or None) via stateless_call."""
    options = options or {}
    build(layer) if build else None
    weights = [rand(*w.shape, scale=0.5) for w in layer.weights]
    layer.set_weights(weights)
    tw = [v.value for v in layer.trainable_variables]
    xs = [jnp.asarray(x) for x in inputs]
    out, scores = call(tw, xs)
    weighting = rand(*np.shape(out))
    gw, gx = jax.grad(lambda tw, xs: jnp.sum(call(tw, xs)[0] * weighting), argnums=(0, 1))(tw, xs)
    c = {"name": name, "kind": kind, "class_name": layer.__class__.__name__, "config": jsonable(layer.get_config()),
         "inputs": [tensor(x) for x in inputs], "weights": [tensor(w) for w in layer.get_weights()],
         "weight_names": [w.name for w in layer.weights], "output": tensor(np.asarray(out)), "weighting": tensor(weighting),
         "input_grads": [tensor(np.asarray(g)) for g in gx], "weight_grads": [tensor(np.asarray(g)) for g in gw]}
    if scores is not None:
        c["scores"] = tensor(np.asarray(scores))
    for k, v in options.items():
        c[k] = tensor(v) if isinstance(v, np.ndarray) else v
    return c


def dense_attention_case(name, layer, inputs, q_mask=None, v_mask=None, causal=False):
    mask = None if q_mask is None and v_mask is None else [
        None if q_mask is None else jnp.asarray(q_mask), None if v_mask is None else jnp.asarray(v_mask)]
    layer.build([x.shape for x in inputs])

    def call(tw, xs):
        ntw = [v.value for v in layer.non_trainable_variables]
        (o, s), _ = layer.stateless_call(tw, ntw, list(xs), mask=mask, use_causal_mask=causal, return_attention_scores=True)
        return o, s
    opts = {"use_causal_mask": causal}
    if q_mask is not None:
        opts["query_mask"] = q_mask.astype(np.int32)
    if v_mask is not None:
        opts["value_mask"] = v_mask.astype(np.int32)
    return case(name, layer, inputs, call, "dense_attention", opts)


def mha_case(name, layer, q, v, k=None, attention_mask=None, causal=False):
    layer.build(q.shape, v.shape, None if k is None else k.shape)
    inputs = [q, v] + ([] if k is None else [k])

    def call(tw, xs):
        ntw = [v.value for v in layer.non_trainable_variables]
        kw = {"key": xs[2]} if len(xs) > 2 else {}
        am = None if attention_mask is None else jnp.asarray(attention_mask)
        (o, s), _ = layer.stateless_call(tw, ntw, xs[0], xs[1], attention_mask=am, use_causal_mask=causal,
                                         return_attention_scores=True, **kw)
        return o, s
    opts = {"use_causal_mask": causal}
    if attention_mask is not None:
        opts["attention_mask"] = attention_mask.astype(np.int32)
    return case(name, layer, inputs, call, "mha", opts)


def norm_case(name, layer, x):
    layer.build(x.shape)

    def call(tw, xs):
        ntw = [v.value for v in layer.non_trainable_variables]
        out, _ = layer.stateless_call(tw, ntw, xs[0])
        return out, None
    return case(name, layer, [x], call, "norm")


def cases():
    out = []
    q, v, k = rand(2, 3, 4), rand(2, 5, 4), rand(2, 5, 4)
    qm = np.array([[1, 1, 0], [1, 0, 1]], dtype=bool)
    vm = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], dtype=bool)
    out.append(dense_attention_case("attention_dot", layers.Attention(), [q, v]))
    out.append(dense_attention_case("attention_dot_key_scale", layers.Attention(use_scale=True), [q, v, k]))
    out.append(dense_attention_case("attention_concat", layers.Attention(score_mode="concat"), [q, v, k]))
    out.append(dense_attention_case("attention_concat_scale_masks", layers.Attention(score_mode="concat", use_scale=True), [q, v], qm, vm))
    out.append(dense_attention_case("attention_dot_masks", layers.Attention(use_scale=True), [q, v, k], qm, vm))
    s = rand(2, 4, 4)
    out.append(dense_attention_case("attention_causal", layers.Attention(), [s, s], causal=True))
    out.append(dense_attention_case("attention_causal_value_mask", layers.Attention(), [s, rand(2, 4, 4)],
                                    v_mask=np.array([[1, 1, 0, 1], [1, 1, 1, 0]], dtype=bool), causal=True))
    out.append(dense_attention_case("additive", layers.AdditiveAttention(), [q, v, k]))
    out.append(dense_attention_case("additive_noscale_masks", layers.AdditiveAttention(use_scale=False), [q, v], qm, vm))

    qq, vv, kk = rand(2, 3, 6), rand(2, 5, 4), rand(2, 5, 3)
    am = R.random((2, 3, 5)) > 0.3
    am[:, :, 0] = True
    out.append(mha_case("mha_self", layers.MultiHeadAttention(num_heads=2, key_dim=3), qq, qq))
    out.append(mha_case("mha_cross_mask", layers.MultiHeadAttention(num_heads=2, key_dim=3), qq, vv, attention_mask=am))
    out.append(mha_case("mha_key_value_dim", layers.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4), qq, vv, kk, attention_mask=am))
    out.append(mha_case("mha_causal", layers.MultiHeadAttention(num_heads=2, key_dim=4, use_bias=False), qq, qq, causal=True))
    out.append(mha_case("mha_output_shape", layers.MultiHeadAttention(num_heads=2, key_dim=3, output_shape=5), qq, vv))
    am2 = R.random((2, 3, 3)) > 0.4
    am2[:, :, 0] = True
    out.append(mha_case("mha_causal_and_mask", layers.MultiHeadAttention(num_heads=1, key_dim=5, value_dim=2), qq, qq,
                        attention_mask=am2, causal=True))

    x = rand(3, 4, 6, scale=2.0) + 0.5
    out.append(norm_case("layer_norm", layers.LayerNormalization(), x))
    out.append(norm_case("layer_norm_eps_nocenter", layers.LayerNormalization(epsilon=0.1, center=False), x))
    out.append(norm_case("layer_norm_noscale", layers.LayerNormalization(scale=False), x))
    out.append(norm_case("layer_norm_axes", layers.LayerNormalization(axis=[1, 2]), x))
    out.append(norm_case("layer_norm_axis1", layers.LayerNormalization(axis=1), x))
    out.append(norm_case("rms_norm", layers.RMSNormalization(), x))
    out.append(norm_case("rms_norm_eps", layers.RMSNormalization(epsilon=0.5), x))
    return out


write("attention", cases(), SCRIPT)
