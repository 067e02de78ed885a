"""Golden data for losses and metrics under the model's output mask in fit / evaluate /
train_on_batch, from real Keras 3 (JAX backend).

Writes Tests/LaminaTests/Fixtures/masked_training.json, read by
Tests/LaminaTests/LossesMetrics/MaskedTrainingGoldenTests.swift.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/masked_training.py

Each case is a small seq-to-seq Sequential model on padded int ids (Embedding(mask_zero=True) ->
LSTM(return_sequences=True) -> Dense or TimeDistributed(Dense)), so the model's output carries the
padding mask [B, T]. Keras attaches that mask to y_pred; `Loss.__call__` folds it into the sample
weights (`apply_mask`: with sum_over_batch_size the valid entries get total/valid, so the mean runs
over unmasked entries only) and `MeanMetricWrapper.update_state` does the same with
reduction="sum". A case holds:
  "model": {"vocab", "embed", "units", "outputs", "head": "dense"|"time_distributed",
            "activation"}, "loss", "metric", "learning_rate" (SGD),
  "x" [B, T] int32 ids (0 = padding), "y" targets, "sample_weight" ([B, T] or null),
  "weights": the initial weights (model.get_weights() order),
  "evaluate": [{"batch_size", "loss", "metric"}], "unmasked_loss" (the same loss without the
  mask, to show the mask matters), "train_on_batch": {"loss", "metric", "jax_logged_metric",
  "weights"} (one SGD step on all samples; the logs are those of the step, computed before the
  update), "fit": {"batch_size", "loss", "metric", "jax_logged_metric", "weights"} (one epoch,
  shuffle=False, so one SGD step per batch). "metric" is the training metric with the mask, as
  Keras computes it on the TensorFlow and torch backends (see masked_metric);
  "jax_logged_metric" is what Keras logs under JAX, which loses the mask in train_step.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from common import rng, write  # noqa: E402
from common import tensor as full_tensor  # noqa: E402

SCRIPT = "Scripts/golden/masked_training.py"
R = rng(20261127)


def tensor(a):
    """common.tensor with float32 values in 9 significant digits (exact for float32)."""
    t = full_tensor(a)
    if t["dtype"] == "float32":
        t["data"] = [float(f"{v:.9g}") for v in t["data"]]
    return t


def padded_ids(lengths, steps, vocab):
    ids = np.zeros((len(lengths), steps), dtype=np.int32)
    for b, n in enumerate(lengths):
        ids[b, :n] = R.integers(1, vocab, size=n)
    return ids


def build(spec, mask_zero=True):
    head = layers.Dense(spec["outputs"], activation=spec["activation"])
    if spec["head"] == "time_distributed":
        head = layers.TimeDistributed(head)
    return keras.Sequential([
        keras.Input((spec["steps"],), dtype="int32"),
        layers.Embedding(spec["vocab"], spec["embed"], mask_zero=mask_zero),
        layers.LSTM(spec["units"], return_sequences=True),
        head,
    ])


def compiled(spec, weights, loss, metric, lr, mask_zero=True):
    """The model with `weights`, compiled with SGD and `metric` both as a plain metric (Keras 3
    does not weight those by sample_weight) and as a weighted metric (which Keras does)."""
    model = build(spec, mask_zero)
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss=loss, metrics=[metric],
                  weighted_metrics=[metric])
    return model


def metric_values(logs):
    """(plain, weighted) metric from logs with keys loss, <metric>, weighted_<metric>."""
    plain = next(k for k in logs if k != "loss" and not k.startswith("weighted_"))
    return float(np.ravel(logs[plain])[-1]), float(np.ravel(logs["weighted_" + plain])[-1])


def masked_metric(metric, batches):
    """The metric accumulated over `batches` of (y, y_pred, sample_weight) with the output mask
    attached to y_pred, as Keras's `MeanMetricWrapper.update_state` sees it in a train step on the
    TensorFlow and torch backends. (Under JAX, `train_step` takes y_pred out of
    `jax.value_and_grad`'s aux output, which drops the mask attached to it, so JAX's logged
    training metrics ignore the mask; its `test_step` and every backend's loss keep it.)"""
    fn = {"accuracy": keras.metrics.sparse_categorical_accuracy, "mae": keras.metrics.mean_absolute_error}[metric]
    acc = keras.metrics.MeanMetricWrapper(fn)
    for by, y_pred, bsw in batches:
        assert keras.src.backend.get_keras_mask(y_pred) is not None
        acc.update_state(by, y_pred, sample_weight=bsw)
    return float(acc.result())


def train_metrics(model, x, y, sample_weight):
    """(plain, weighted) masked training metrics for one step of `model` on a batch, before it."""
    y_pred = model(x, training=False)  # an eager call: Keras attaches the mask to y_pred
    return (masked_metric(model.metric_name, [(y, y_pred, None)]),
            masked_metric(model.metric_name, [(y, y_pred, sample_weight)]))


def case(name, spec, loss, metric, y, x, sample_weight=None, lr=0.5, fit_batch=2):
    probe = build(spec)
    weights = [(R.standard_normal(w.shape) * 0.6).astype(np.float32) for w in probe.get_weights()]
    mask = (x != 0).astype(np.float32)

    def fresh(mask_zero=True):
        m = compiled(spec, weights, loss, metric, lr, mask_zero)
        m.metric_name = metric
        return m

    evaluations = []
    for bs in (len(x), 3):
        logs = fresh().evaluate(x, y, batch_size=bs, sample_weight=sample_weight, verbose=0, return_dict=True)
        plain, weighted = metric_values(logs)
        evaluations.append({"batch_size": bs, "loss": float(logs["loss"]), "metric": plain, "weighted_metric": weighted})

    # Cross-check the masked mean by hand for the whole batch: the loss of each entry from the
    # predictions, times its sample weight, summed over the unmasked entries and divided by their number.
    pred = np.asarray(fresh().predict(x, verbose=0), dtype=np.float64)
    if loss == "sparse_categorical_crossentropy":
        per = -np.log(np.take_along_axis(pred, y[..., None].astype(np.int64), axis=-1)[..., 0])
    else:
        per = ((pred - y) ** 2).mean(axis=-1)
    w = mask if sample_weight is None else mask * sample_weight
    by_hand = (per * w).sum() / mask.sum()
    assert abs(by_hand - evaluations[0]["loss"]) < 1e-4 * max(1, abs(by_hand)), (by_hand, evaluations[0])
    unmasked_loss = float(fresh(mask_zero=False).evaluate(x, y, batch_size=len(x), sample_weight=sample_weight,
                                                          verbose=0, return_dict=True)["loss"])
    assert abs(unmasked_loss - evaluations[0]["loss"]) > 1e-3, "the mask must change the loss"

    m = fresh()
    plain, weighted = train_metrics(m, x, y, sample_weight)
    logs = m.train_on_batch(x, y, sample_weight=sample_weight, return_dict=True)
    train = {"loss": float(logs["loss"]), "metric": plain, "weighted_metric": weighted,
             "jax_logged_metrics": list(metric_values(logs)), "weights": [tensor(v) for v in m.get_weights()]}

    # fit's training metrics, step by step: each batch's predictions before its SGD step.
    m = fresh()
    hist = m.fit(x, y, batch_size=fit_batch, epochs=1, shuffle=False, sample_weight=sample_weight, verbose=0).history
    stepped = fresh()
    seen = []
    for start in range(0, len(x), fit_batch):
        sl = slice(start, start + fit_batch)
        sw = None if sample_weight is None else sample_weight[sl]
        seen.append((y[sl], stepped(x[sl], training=False), sw))
        stepped.train_on_batch(x[sl], y[sl], sample_weight=sw)
    for a, b in zip(stepped.get_weights(), m.get_weights()):
        assert np.allclose(a, b, atol=1e-6), "fit = one train_on_batch per batch"
    fit = {"batch_size": fit_batch, "loss": float(hist["loss"][-1]),
           "metric": masked_metric(metric, [(by, yp, None) for by, yp, _ in seen]),
           "weighted_metric": masked_metric(metric, seen),
           "jax_logged_metrics": list(metric_values(hist)), "weights": [tensor(v) for v in m.get_weights()]}

    return {"name": name, "model": spec, "loss": loss, "metric": metric, "learning_rate": lr,
            "x": tensor(x), "y": tensor(y), "sample_weight": None if sample_weight is None else tensor(sample_weight),
            "weights": [tensor(v) for v in weights], "evaluate": evaluations, "unmasked_loss": unmasked_loss,
            "train_on_batch": train, "fit": fit}


def main():
    B, T, V, C = 5, 6, 9, 4
    x = padded_ids([6, 4, 1, 3, 5], T, V)
    tagger = {"steps": T, "vocab": V, "embed": 3, "units": 4, "outputs": C, "head": "time_distributed",
              "activation": "softmax"}
    labels = R.integers(0, C, (B, T)).astype(np.int32)  # labels under the padding too: they must not count
    sw = R.uniform(0.2, 2.0, (B, T)).astype(np.float32)
    regressor = {"steps": T, "vocab": V, "embed": 3, "units": 4, "outputs": 2, "head": "dense",
                 "activation": "linear"}
    targets = R.standard_normal((B, T, 2)).astype(np.float32)
    cases = [
        case("tagger_sparse_ce", tagger, "sparse_categorical_crossentropy", "accuracy", labels, x),
        case("tagger_sparse_ce_sample_weight", tagger, "sparse_categorical_crossentropy", "accuracy", labels, x,
             sample_weight=sw),
        # Per-sample weights [B, 1] broadcast over the steps (Keras refuses [B] against a [B, T] mask).
        case("tagger_sparse_ce_sample_weight_per_sample", tagger, "sparse_categorical_crossentropy", "accuracy",
             labels, x, sample_weight=R.uniform(0.2, 2.0, (B, 1)).astype(np.float32)),
        case("regressor_mse", regressor, "mse", "mae", targets, x, lr=0.2),
        case("regressor_mse_sample_weight", regressor, "mse", "mae", targets, x, sample_weight=sw, lr=0.2),
    ]
    write("masked_training", cases, SCRIPT)


if __name__ == "__main__":
    main()
