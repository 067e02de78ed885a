"""Trains the Keras equivalents of Lamina's text classifiers (Models/Text) on the vectorized
splits that `lamina train-text --export FILE.json` writes, so both see the same int32 ids.

    KERAS_BACKEND=jax /work/venv/bin/python Scripts/compare/text_keras.py \
        --data /tmp/sms.json --model rnn --epochs 3 [--learning-rate 0.01] [--seed 42] [--positive-name spam]

Prints test accuracy and, with --positive-name, precision / recall / F1 of class 1.
"""
import argparse
import json
import time

import numpy as np
import keras
from keras import layers


def build(name, vocab, length, classes):
    if name == "attention":
        ids = keras.Input((None,), dtype="int32", name="token_ids")
        mask = keras.Input((None,), dtype="int32", name="attention_mask")
        e = layers.Embedding(vocab, 64)(ids)
        m = keras.ops.cast(mask, "bool")
        a = layers.Attention()([e, e], mask=[m, m])
        pooled = layers.GlobalAveragePooling1D()(a, mask=m)
        out = layers.Dense(classes, activation="softmax")(pooled)
        return keras.Model([ids, mask], out)
    rnn = {"rnn": lambda: layers.SimpleRNN(64), "lstm": lambda: layers.LSTM(64), "gru": lambda: layers.GRU(64),
           "bilstm": lambda: layers.Bidirectional(layers.LSTM(32))}[name]()
    return keras.Sequential([keras.Input((length,), dtype="int32"), layers.Embedding(vocab, 64, mask_zero=True), rnn,
                             layers.Dense(classes, activation="softmax")])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--model", default="rnn", choices=["rnn", "lstm", "gru", "bilstm", "attention"])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--learning-rate", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--positive-name", default=None)
    a = p.parse_args()
    keras.utils.set_random_seed(a.seed)
    d = json.load(open(a.data))
    xtr, ytr = np.array(d["train_x"], np.int32), np.array(d["train_y"], np.int32)
    xte, yte = np.array(d["test_x"], np.int32), np.array(d["test_y"], np.int32)
    model = build(a.model, d["vocabulary_size"], xtr.shape[1], d["classes"])
    model.compile(optimizer=keras.optimizers.Adam(a.learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    inputs = (lambda x: [x, (x != 0).astype(np.int32)]) if a.model == "attention" else (lambda x: x)
    t0 = time.time()
    model.fit(inputs(xtr), ytr, batch_size=a.batch_size, epochs=a.epochs, verbose=2)
    seconds = (time.time() - t0) / max(a.epochs, 1)
    pred = model.predict(inputs(xte), batch_size=256, verbose=0).argmax(axis=1)
    tp = int(((pred == 1) & (yte == 1)).sum()); fp = int(((pred == 1) & (yte != 1)).sum())
    fn = int(((pred != 1) & (yte == 1)).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"keras {a.model}: {model.count_params()} parameters, {seconds:.1f} s per epoch")
    line = f"test accuracy: {(pred == yte).mean():.4f}"
    if a.positive_name:
        line += f"  {a.positive_name} precision: {prec:.4f}  recall: {rec:.4f}  F1: {f1:.4f}"
    print(line)


if __name__ == "__main__":
    main()
