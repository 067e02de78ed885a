"""The seed CNN on MNIST or Fashion-MNIST in Keras 3, as `lamina train --model cnn` runs it:
Conv2D(32, 3, relu) -> MaxPooling2D -> Flatten -> Dense(128, relu) -> Dense(10, softmax), adam,
categorical cross-entropy, accuracy, the last 10% of the training set held out for validation,
the test set only at the end.

    KERAS_BACKEND=tensorflow python mnist_keras.py DIR [--epochs 6] [--batch-size 128] [--seed 0]

DIR holds the four IDX files (.gz or raw): Data/mnist of the repository, or
/usr/share/datasets/fashion-mnist from Debian's dataset-fashion-mnist.
"""
import argparse
import gzip
import os
import time

import keras
import numpy as np


def idx(directory, name):
    for path in (os.path.join(directory, name + ".gz"), os.path.join(directory, name)):
        if os.path.exists(path):
            with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
                data = f.read()
            dims = data[3]
            shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)
    raise FileNotFoundError(f"{name}(.gz) not in {directory}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("directory")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    keras.utils.set_random_seed(a.seed)
    x = idx(a.directory, "train-images-idx3-ubyte").astype("float32")[..., None] / 255
    y = keras.utils.to_categorical(idx(a.directory, "train-labels-idx1-ubyte"), 10)
    tx = idx(a.directory, "t10k-images-idx3-ubyte").astype("float32")[..., None] / 255
    ty = keras.utils.to_categorical(idx(a.directory, "t10k-labels-idx1-ubyte"), 10)
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    model.fit(x, y, epochs=a.epochs, batch_size=a.batch_size, validation_split=0.1, verbose=2)
    per_epoch = (time.time() - start) / a.epochs
    loss, acc = model.evaluate(tx, ty, verbose=0)
    print(f"keras {keras.__version__} ({keras.backend.backend()}): test accuracy {acc:.4f}  "
          f"test loss {loss:.4f}  ({per_epoch:.1f} s per epoch)")


if __name__ == "__main__":
    main()
