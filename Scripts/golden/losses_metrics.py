"""Golden data for Lamina's losses and metrics, from real Keras 3 (JAX backend).

Writes Tests/LaminaTests/Fixtures/losses.json and metrics.json. Both start with one case holding
the shared inputs ({"inputs": {name: tensor}}); the other cases refer to inputs by name.

losses.json case: {"loss": class name, "args": constructor kwargs, "reduction", "y_true", "y_pred",
  "sample_weight": name or null, "expected": tensor (scalar, or per-sample for "none")}
metrics.json case: {"metric": class name or a string for keras.metrics.get, "args": kwargs,
  "y_true", "y_pred", "sample_weight": name or null, "updates": [[start, end], ...] row ranges
  fed to update_state in order, "expected": tensor (result(): scalar or vector)}

Run from the repository root:
    KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/losses_metrics.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402

from common import rng, tensor, write  # noqa: E402

SCRIPT = "Scripts/golden/losses_metrics.py"


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def make_inputs():
    r = rng(20240607)
    f = lambda *s: r.standard_normal(s).astype(np.float32)  # noqa: E731
    u = lambda lo, hi, *s: r.uniform(lo, hi, s).astype(np.float32)  # noqa: E731
    B, C = 6, 4
    ids = np.array([0, 3, 1, 2, 1, 3], dtype=np.int32)
    r3_ids = r.integers(0, C, (B, 3)).astype(np.int32)
    inp = {
        "reg_true": f(B, C), "reg_pred": f(B, C),
        "pos_true": u(0.1, 2, B, C), "pos_pred": u(0.1, 2, B, C),
        "logits": f(B, C) * 2, "onehot": np.eye(C, dtype=np.float32)[ids],
        "ids": ids, "ids_col": ids[:, None], "ids_float": ids.astype(np.float32),
        "ids_pred": np.array([0, 3, 2, 2, 0, 3], dtype=np.float32),
        "bin_true": r.integers(0, 2, (B, 1)).astype(np.float32), "bin_prob": u(0.05, 0.95, B, 1),
        "bin_logit": f(B, 1) * 2,
        "mbin_true": r.integers(0, 2, (B, C)).astype(np.float32), "mbin_prob": u(0.0, 1.0, B, C),
        "mbin_logit": f(B, C) * 2,
        "pm_true": np.where(r.integers(0, 2, (B, C)) == 1, 1.0, -1.0).astype(np.float32),
        "sw": np.array([1.0, 0.5, 2.0, 0.0, 1.5, 0.7], dtype=np.float32),
        "sw_col": np.array([[1.0], [0.5], [2.0], [0.0], [1.5], [0.7]], dtype=np.float32),
        "values": u(-1, 3, B), "values2": u(-1, 3, B, 3),
        "r3_true": f(B, 3, C), "r3_pred": f(B, 3, C), "r3_logits": f(B, 3, C) * 2,
        "r3_onehot": np.eye(C, dtype=np.float32)[r3_ids], "r3_ids": r3_ids,
        "r3_sw": u(0.2, 2, B, 3),
    }
    inp["probs"] = softmax(inp["logits"]).astype(np.float32)
    inp["prob_true"] = softmax(f(B, C)).astype(np.float32)
    inp["r3_probs"] = softmax(inp["r3_logits"]).astype(np.float32)
    inp["bin_true_flat"] = inp["bin_true"][:, 0]
    # Make sure ignore_class=1 and exact ties both occur.
    inp["mbin_prob"][2] = [0.7, 0.7, 0.1, 0.0]
    inp["mbin_prob"][4, 0] = 1.0
    return inp


LOSS_SPECS = [
    # (class, kwargs, y_true, y_pred, sample weights to try)
    ("MeanSquaredError", {}, "reg_true", "reg_pred", ["sw", "sw_col"]),
    ("MeanSquaredError", {}, "r3_true", "r3_pred", ["sw_col", "r3_sw"]),
    ("MeanAbsoluteError", {}, "reg_true", "reg_pred", ["sw"]),
    ("MeanAbsoluteError", {}, "r3_true", "r3_pred", ["r3_sw"]),
    ("MeanAbsolutePercentageError", {}, "reg_true", "reg_pred", ["sw"]),
    ("MeanSquaredLogarithmicError", {}, "pos_true", "reg_pred", ["sw"]),
    ("Huber", {}, "reg_true", "reg_pred", ["sw"]),
    ("Huber", {"delta": 0.5}, "reg_true", "reg_pred", ["sw"]),
    ("LogCosh", {}, "reg_true", "reg_pred", ["sw"]),
    ("CosineSimilarity", {}, "reg_true", "reg_pred", ["sw"]),
    ("CosineSimilarity", {"axis": 1}, "r3_true", "r3_pred", ["sw_col"]),
    ("BinaryCrossentropy", {}, "bin_true", "bin_prob", ["sw"]),
    ("BinaryCrossentropy", {}, "bin_true_flat", "bin_prob", ["sw"]),
    ("BinaryCrossentropy", {"from_logits": True}, "bin_true", "bin_logit", ["sw"]),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "mbin_true", "mbin_prob", ["sw"]),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "mbin_true", "mbin_logit", ["sw"]),
    ("BinaryFocalCrossentropy", {}, "mbin_true", "mbin_prob", ["sw"]),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5}, "mbin_true", "mbin_prob", ["sw"]),
    ("BinaryFocalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "mbin_true", "mbin_logit", ["sw"]),
    ("CategoricalCrossentropy", {}, "onehot", "probs", ["sw"]),
    ("CategoricalCrossentropy", {}, "prob_true", "pos_pred", ["sw"]),
    ("CategoricalCrossentropy", {"from_logits": True}, "onehot", "logits", ["sw"]),
    ("CategoricalCrossentropy", {"label_smoothing": 0.1}, "onehot", "probs", ["sw"]),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, "r3_onehot", "r3_logits", ["sw_col", "r3_sw"]),
    ("SparseCategoricalCrossentropy", {}, "ids", "probs", ["sw"]),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "ids_col", "logits", ["sw"]),
    ("SparseCategoricalCrossentropy", {"ignore_class": 1}, "ids", "probs", ["sw"]),
    ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 3}, "ids", "logits", ["sw"]),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "r3_ids", "r3_logits", ["sw_col", "r3_sw"]),
    ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 2}, "r3_ids", "r3_logits", ["r3_sw"]),
    ("KLDivergence", {}, "prob_true", "probs", ["sw"]),
    ("Poisson", {}, "pos_true", "pos_pred", ["sw"]),
    ("Hinge", {}, "pm_true", "reg_pred", ["sw"]),
    ("Hinge", {}, "mbin_true", "reg_pred", ["sw"]),
    ("SquaredHinge", {}, "pm_true", "reg_pred", ["sw"]),
    ("SquaredHinge", {}, "mbin_true", "reg_pred", ["sw"]),
    ("CategoricalHinge", {}, "onehot", "reg_pred", ["sw"]),
]

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"]


def loss_cases(inp):
    cases = []
    for cls, kwargs, yt, yp, sws in LOSS_SPECS:
        for reduction in REDUCTIONS:
            for sw in [None] + sws:
                loss = getattr(keras.losses, cls)(reduction=reduction, **kwargs)
                out = loss(inp[yt], inp[yp], sample_weight=None if sw is None else inp[sw])
                cases.append({"loss": cls, "args": kwargs, "reduction": reduction, "y_true": yt, "y_pred": yp,
                              "sample_weight": sw, "expected": tensor(np.asarray(out))})
    return cases


THREE = [[0, 2], [2, 6], [1, 5]]
METRIC_SPECS = [
    # (class or string, kwargs, y_true, y_pred, sample weights to try)
    ("Accuracy", {}, "ids_float", "ids_pred", ["sw"]),
    ("BinaryAccuracy", {}, "bin_true", "bin_prob", ["sw"]),
    ("BinaryAccuracy", {"threshold": 0.7}, "mbin_true", "mbin_prob", ["sw"]),
    ("CategoricalAccuracy", {}, "onehot", "probs", ["sw"]),
    ("CategoricalAccuracy", {}, "r3_onehot", "r3_probs", ["sw"]),
    ("SparseCategoricalAccuracy", {}, "ids", "probs", ["sw"]),
    ("SparseCategoricalAccuracy", {}, "ids_col", "logits", ["sw"]),
    ("SparseCategoricalAccuracy", {}, "r3_ids", "r3_probs", ["sw"]),
    ("TopKCategoricalAccuracy", {"k": 2}, "onehot", "probs", ["sw"]),
    ("TopKCategoricalAccuracy", {}, "onehot", "probs", []),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "ids", "logits", ["sw"]),
    ("SparseTopKCategoricalAccuracy", {"k": 1}, "r3_ids", "r3_logits", ["sw"]),
    ("Precision", {}, "mbin_true", "mbin_prob", ["sw"]),
    ("Precision", {}, "bin_true", "bin_prob", ["sw"]),
    ("Precision", {"thresholds": [0.3, 0.5, 0.7]}, "mbin_true", "mbin_prob", ["sw"]),
    ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, "mbin_true", "mbin_prob", ["sw"]),
    ("Precision", {"top_k": 2}, "mbin_true", "mbin_prob", ["sw"]),
    ("Precision", {"class_id": 1}, "mbin_true", "mbin_prob", ["sw"]),
    ("Precision", {"top_k": 1, "class_id": 0}, "mbin_true", "mbin_prob", []),
    ("Recall", {}, "mbin_true", "mbin_prob", ["sw"]),
    ("Recall", {"thresholds": [0.3, 0.5, 0.7]}, "mbin_true", "mbin_prob", ["sw"]),
    ("Recall", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]}, "mbin_true", "mbin_prob", ["sw"]),
    ("Recall", {"top_k": 2}, "mbin_true", "mbin_prob", ["sw"]),
    ("Recall", {"class_id": 2}, "mbin_true", "mbin_prob", ["sw"]),
    ("AUC", {}, "mbin_true", "mbin_prob", ["sw"]),
    ("AUC", {}, "bin_true", "bin_prob", ["sw"]),
    ("AUC", {"curve": "PR"}, "mbin_true", "mbin_prob", ["sw"]),
    ("AUC", {"curve": "PR"}, "bin_true", "bin_prob", ["sw"]),
    ("AUC", {"summation_method": "minoring"}, "mbin_true", "mbin_prob", ["sw"]),
    ("AUC", {"curve": "PR", "summation_method": "majoring"}, "mbin_true", "mbin_prob", ["sw"]),
    ("AUC", {"num_thresholds": 10}, "mbin_true", "mbin_prob", ["sw"]),
    ("AUC", {"from_logits": True}, "mbin_true", "mbin_logit", ["sw"]),
    ("AUC", {"thresholds": [0.2, 0.5, 0.6]}, "mbin_true", "mbin_prob", ["sw"]),
    ("F1Score", {}, "mbin_true", "mbin_prob", ["sw"]),
    ("F1Score", {"average": "micro"}, "mbin_true", "mbin_prob", ["sw"]),
    ("F1Score", {"average": "macro", "threshold": 0.5}, "mbin_true", "mbin_prob", ["sw"]),
    ("F1Score", {"average": "weighted"}, "onehot", "probs", ["sw"]),
    ("F1Score", {"threshold": 0.4}, "onehot", "probs", []),
    ("MeanSquaredError", {}, "reg_true", "reg_pred", ["sw"]),
    ("RootMeanSquaredError", {}, "reg_true", "reg_pred", ["sw"]),
    ("MeanAbsoluteError", {}, "reg_true", "reg_pred", ["sw"]),
    ("MeanAbsolutePercentageError", {}, "reg_true", "reg_pred", ["sw"]),
    ("R2Score", {}, "reg_true", "reg_pred", ["sw"]),
    ("R2Score", {"class_aggregation": "variance_weighted_average"}, "reg_true", "reg_pred", ["sw"]),
    ("R2Score", {"class_aggregation": None}, "reg_true", "reg_pred", []),
    ("R2Score", {"num_regressors": 2}, "reg_true", "reg_pred", []),
    ("Mean", {}, "values", "values", ["sw"]),
    ("Mean", {}, "values2", "values2", ["sw"]),
    ("Sum", {}, "values", "values", ["sw"]),
    ("Sum", {}, "values2", "values2", ["sw"]),
    # Strings resolved by keras.metrics.get (Lamina: Metrics.named).
    ("mse", {}, "reg_true", "reg_pred", ["sw"]),
    ("mae", {}, "reg_true", "reg_pred", []),
    ("mape", {}, "reg_true", "reg_pred", []),
    ("msle", {}, "pos_true", "pos_pred", ["sw"]),
    ("binary_crossentropy", {}, "mbin_true", "mbin_prob", ["sw"]),
    ("categorical_crossentropy", {}, "onehot", "probs", ["sw"]),
    ("sparse_categorical_crossentropy", {}, "ids", "probs", ["sw"]),
    ("kl_divergence", {}, "prob_true", "probs", ["sw"]),
    ("poisson", {}, "pos_true", "pos_pred", ["sw"]),
    ("hinge", {}, "pm_true", "reg_pred", ["sw"]),
    ("squared_hinge", {}, "mbin_true", "reg_pred", []),
    ("categorical_hinge", {}, "onehot", "reg_pred", []),
    ("cosine_similarity", {}, "reg_true", "reg_pred", ["sw"]),
    ("log_cosh_error", {}, "reg_true", "reg_pred", ["sw"]),
    ("root_mean_squared_error", {}, "reg_true", "reg_pred", []),
    ("top_k_categorical_accuracy", {}, "onehot", "probs", []),
]


def metric_cases(inp):
    cases = []
    for cls, kwargs, yt, yp, sws in METRIC_SPECS:
        for sw in [None] + sws:
            if cls[0].isupper():
                m = getattr(keras.metrics, cls)(**kwargs)
            else:
                m = keras.metrics.get(cls)
            for a, b in THREE:
                if cls in ("Mean", "Sum"):
                    m.update_state(inp[yp][a:b], sample_weight=None if sw is None else inp[sw][a:b])
                else:
                    m.update_state(inp[yt][a:b], inp[yp][a:b], sample_weight=None if sw is None else inp[sw][a:b])
            cases.append({"metric": cls, "args": kwargs, "y_true": yt, "y_pred": yp, "sample_weight": sw,
                          "updates": THREE, "expected": tensor(np.asarray(m.result()))})
    return cases


def main():
    inp = make_inputs()
    header = {"inputs": {k: tensor(v) for k, v in inp.items()}}
    write("losses", [header] + loss_cases(inp), SCRIPT)
    write("metrics", [header] + metric_cases(inp), SCRIPT)


if __name__ == "__main__":
    main()
