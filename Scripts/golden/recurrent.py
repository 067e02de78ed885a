"""Golden data for Lamina's Embedding and recurrent layers, from real Keras 3 (JAX backend).

Writes Tests/LaminaTests/Fixtures/recurrent.json, read by Tests/LaminaTests/Recurrent/*.swift.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/recurrent.py

Each case holds the layer's Keras `get_config()` (the Swift test rebuilds the layer from it through
LayerRegistry), fixed weights, inputs (the sequence, then any initial states), an optional mask
([B, T], from padded id sequences: ids != 0), every output (the output, then the states with
return_state), and the gradients of sum(output_k * weighting_k) over all outputs with respect to
the inputs and the trainable weights (jax.grad over `layer.stateless_call`).
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

from common import jsonable as common_jsonable  # noqa: E402
from common import rng, write  # noqa: E402
from common import tensor as full_tensor  # noqa: E402


def tensor(a):
    """common.tensor with float32 values written in 9 significant digits (exact for float32)."""
    t = full_tensor(a)
    if t["dtype"] == "float32":
        t["data"] = [float(f"{v:.9g}") for v in t["data"]]
    return t

SCRIPT = "Scripts/golden/recurrent.py"
R = rng(20240611)


def rand(*shape, scale=1.0):
    return (R.standard_normal(shape) * scale).astype(np.float32)


def jsonable(v):
    """common.jsonable without the dtype policies (all float32 here; dropped to keep the fixture small)."""
    return common_jsonable(v, drop=("dtype",))


def padded_ids(batch, steps, vocab, lengths):
    ids = np.zeros((batch, steps), dtype=np.int32)
    for b, n in enumerate(lengths):
        ids[b, :n] = R.integers(1, vocab, size=n)
    return ids


def case(name, layer, x, states=(), mask=None, weight_scale=0.5):
    """Builds `layer` for x, sets random weights, runs it and records outputs and gradients."""
    layer.build(x.shape)
    weights = [rand(*w.shape, scale=weight_scale) for w in layer.get_weights()]
    layer.set_weights(weights)
    tw = [v.value for v in layer.trainable_variables]
    ntw = [v.value for v in layer.non_trainable_variables]
    float_input = x.dtype != np.int32

    def forward(tw, xs):
        kwargs = {}
        if mask is not None:
            kwargs["mask"] = jnp.asarray(mask)
        if len(xs) > 1:
            kwargs["initial_state"] = list(xs[1:])
        out, _ = layer.stateless_call(tw, ntw, xs[0], **kwargs)
        return list(out) if isinstance(out, (list, tuple)) else [out]

    xs = [jnp.asarray(x)] + [jnp.asarray(s) for s in states]
    outs = [np.asarray(o) for o in forward(tw, xs)]
    weightings = [rand(*o.shape) for o in outs]

    def loss(tw, xs):
        return sum(jnp.sum(o * w) for o, w in zip(forward(tw, xs), weightings))

    if float_input:
        gw, gx = jax.grad(loss, argnums=(0, 1))(tw, xs)
        input_grads = [tensor(np.asarray(g)) for g in gx]
    else:
        gw = jax.grad(lambda tw: loss(tw, xs))(tw)
        input_grads = []
    c = {
        "name": name,
        "class_name": layer.__class__.__name__,
        "config": jsonable(layer.get_config()),
        "inputs": [tensor(np.asarray(v)) for v in [x] + list(states)],
        "weights": [tensor(w) for w in weights],
        "weight_names": [w.path for w in layer.weights],
        "outputs": [tensor(o) for o in outs],
        "weightings": [tensor(w) for w in weightings],
        "input_grads": input_grads,
        "weight_grads": [tensor(np.asarray(g)) for g in gw],
    }
    if mask is not None:
        c["mask"] = tensor(np.asarray(mask).astype(np.int32))
    return c


def cases():
    out = []
    B, T, F, U = 3, 5, 4, 3
    x = rand(B, T, F)
    ids = padded_ids(B, T, 9, [5, 3, 1])
    mask = ids != 0
    h0, c0 = rand(B, U, scale=0.5), rand(B, U, scale=0.5)

    # Embedding: plain, and with mask_zero on padded ids.
    out.append(case("embedding", layers.Embedding(9, 4), ids))
    out.append(case("embedding_mask_zero", layers.Embedding(9, 4, mask_zero=True), ids))

    makers = {
        "simple_rnn": lambda **k: layers.SimpleRNN(U, **k),
        "lstm": lambda **k: layers.LSTM(U, **k),
        "gru": lambda **k: layers.GRU(U, **k),
        "gru_reset_before": lambda **k: layers.GRU(U, reset_after=False, **k),
    }
    for kind, make in makers.items():
        n_states = 2 if kind == "lstm" else 1
        init = (h0, c0)[:n_states]
        out.append(case(f"{kind}_last", make(), x))
        out.append(case(f"{kind}_sequences", make(return_sequences=True), x))
        out.append(case(f"{kind}_masked_sequences", make(return_sequences=True), x, mask=mask))
        out.append(case(f"{kind}_backwards_sequences", make(return_sequences=True, go_backwards=True), x))
        out.append(case(f"{kind}_backwards_masked_state", make(go_backwards=True, return_state=True), x, mask=mask))
        out.append(case(f"{kind}_initial_state", make(return_sequences=True, return_state=True), x, states=init))
        out.append(case(f"{kind}_initial_state_masked", make(return_state=True), x, states=init, mask=mask))
    # Other activations (step-by-step path in Lamina).
    out.append(case("simple_rnn_relu", layers.SimpleRNN(U, activation="relu", return_sequences=True), x, mask=mask))
    out.append(case("lstm_hard_sigmoid", layers.LSTM(U, recurrent_activation="hard_sigmoid", return_sequences=True), x))
    out.append(case("gru_no_bias", layers.GRU(U, use_bias=False), x))
    # Long sequence.
    xl = rand(2, 30, F)
    out.append(case("lstm_long", layers.LSTM(U, return_sequences=True), xl, weight_scale=0.3))
    out.append(case("gru_long", layers.GRU(U), xl, weight_scale=0.3))

    # Bidirectional, every merge mode, with and without masks.
    for mode in ["concat", "sum", "mul", "ave", None]:
        tag = mode or "none"
        out.append(case(f"bidirectional_lstm_{tag}", layers.Bidirectional(layers.LSTM(U, return_sequences=True), merge_mode=mode), x))
        out.append(case(f"bidirectional_gru_{tag}_masked",
                        layers.Bidirectional(layers.GRU(U, return_sequences=True), merge_mode=mode), x, mask=mask))
    out.append(case("bidirectional_lstm_last_masked", layers.Bidirectional(layers.LSTM(U)), x, mask=mask))
    out.append(case("bidirectional_simple_state", layers.Bidirectional(layers.SimpleRNN(U, return_state=True)), x))

    # Generic RNN with cells, stacked cells, TimeDistributed.
    out.append(case("rnn_lstm_cell", layers.RNN(layers.LSTMCell(U), return_sequences=True), x, mask=mask))
    out.append(case("rnn_stacked", layers.RNN(layers.StackedRNNCells([layers.LSTMCell(U), layers.GRUCell(2)]),
                                               return_sequences=True), x, mask=mask))
    out.append(case("time_distributed_dense", layers.TimeDistributed(layers.Dense(2)), x))
    return out


def pipeline_case():
    """Embedding(mask_zero) -> LSTM(return_sequences) on padded ids, as one Sequential model."""
    B, T = 3, 6
    ids = padded_ids(B, T, 12, [6, 4, 2])
    model = keras.Sequential([keras.Input((T,), dtype="int32"), layers.Embedding(12, 4, mask_zero=True),
                              layers.LSTM(3, return_sequences=True)])
    weights = [rand(*w.shape, scale=0.5) for w in model.get_weights()]
    model.set_weights(weights)
    tw = [v.value for v in model.trainable_variables]
    ntw = [v.value for v in model.non_trainable_variables]
    y = np.asarray(model.stateless_call(tw, ntw, jnp.asarray(ids))[0])
    w = rand(*y.shape)
    gw = jax.grad(lambda tw: jnp.sum(model.stateless_call(tw, ntw, jnp.asarray(ids))[0] * w))(tw)
    return {"name": "embedding_lstm_pipeline", "inputs": [tensor(ids)], "weights": [tensor(v) for v in weights],
            "embedding_config": jsonable(model.layers[0].get_config()), "lstm_config": jsonable(model.layers[1].get_config()),
            "outputs": [tensor(y)], "weightings": [tensor(w)], "weight_grads": [tensor(np.asarray(g)) for g in gw]}


if __name__ == "__main__":
    write("recurrent", cases() + [pipeline_case()], SCRIPT)
