"""ResNet-20 (CIFAR-10, He et al. 2016 option B) trained in Keras 3 with the same data,
augmentation, optimizer and epochs as `lamina train --model resnet20 --dataset cifar10`.

    KERAS_BACKEND=jax python Scripts/bench/resnet20_keras.py --epochs 20

Data: the CIFAR-10 binary records in <data-dir>/cifar10 (the 4,000 + 1,000 subset: the first
records of data_batch_1 and test_batch), pixels / 255. Augmentation per epoch: zero-pad 4, random
32×32 crop, random horizontal flip. Adam (lr 1e-3), categorical cross-entropy, batch 64.
`build_cifar_resnet` is also used by Scripts/compare/zoo_params.py for parameter counts.
"""
import argparse
import glob
import os
import time

import numpy as np


def build_cifar_resnet(depth=20, input_shape=(32, 32, 3), classes=10):
    import keras
    from keras import layers

    def conv_bn(x, filters, kernel, strides=1, activation=True):
        x = layers.Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False,
                          kernel_initializer="he_normal")(x)
        x = layers.BatchNormalization()(x)
        return layers.Activation("relu")(x) if activation else x

    n = (depth - 2) // 6
    inputs = keras.Input(shape=input_shape)
    x = conv_bn(inputs, 16, 3)
    for stage, filters in enumerate([16, 32, 64]):
        for block in range(n):
            strides = 2 if stage > 0 and block == 0 else 1
            y = conv_bn(x, filters, 3, strides)
            y = conv_bn(y, filters, 3, activation=False)
            shortcut = x
            if strides != 1 or x.shape[-1] != filters:
                shortcut = conv_bn(x, filters, 1, strides, activation=False)
            x = layers.Activation("relu")(layers.Add()([shortcut, y]))
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(classes, activation="softmax", kernel_initializer="he_normal")(x)
    return keras.Model(inputs, outputs, name=f"resnet{depth}")


def load_records(path):
    raw = np.fromfile(path, np.uint8).reshape(-1, 3073)
    x = raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).astype(np.float32) / 255.0
    return x, raw[:, 0].astype(np.int64)


def load_cifar10(data_dir):
    folder = os.path.join(data_dir, "cifar10")
    def first(pattern):
        found = sorted(glob.glob(os.path.join(folder, pattern)))
        if not found:
            raise SystemExit(f"no {pattern} in {folder}")
        return found
    train = [load_records(p) for p in first("data_batch_*.bin")]
    test = load_records(first("test_batch*.bin")[0])
    return (np.concatenate([t[0] for t in train]), np.concatenate([t[1] for t in train])), test


def augment(x, rng):
    """Zero-pad 4, random 32×32 crop, random horizontal flip (per image)."""
    n, h, w, _ = x.shape
    padded = np.pad(x, ((0, 0), (4, 4), (4, 4), (0, 0)))
    dy = rng.integers(0, 9, n)
    dx = rng.integers(0, 9, n)
    flip = rng.random(n) < 0.5
    out = np.empty_like(x)
    for i in range(n):
        crop = padded[i, dy[i]:dy[i] + h, dx[i]:dx[i] + w]
        out[i] = crop[:, ::-1] if flip[i] else crop
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default="Data")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    import keras
    keras.utils.set_random_seed(args.seed)
    (x, y), (tx, ty) = load_cifar10(args.data_dir)
    y1, ty1 = keras.utils.to_categorical(y, 10), keras.utils.to_categorical(ty, 10)
    print(f"cifar10: {len(x)} training and {len(tx)} test samples, keras {keras.__version__}, backend {keras.backend.backend()}")
    model = build_cifar_resnet(20)
    print(f"resnet20 parameters: {model.count_params()}")
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(args.seed)
    times = []
    for epoch in range(args.epochs):
        xa = augment(x, rng)
        t0 = time.time()
        model.fit(xa, y1, batch_size=args.batch_size, epochs=epoch + 1, initial_epoch=epoch, verbose=0)
        times.append(time.time() - t0)
        loss, acc = model.evaluate(tx, ty1, batch_size=256, verbose=0)
        print(f"epoch {epoch + 1}/{args.epochs}: {times[-1]:.1f} s, test accuracy {acc:.4f}, test loss {loss:.4f}", flush=True)
    steady = times[1:] or times
    print(f"final test accuracy: {acc:.4f}  test loss: {loss:.4f}  "
          f"({sum(steady) / len(steady):.1f} s per epoch after the first, first epoch {times[0]:.1f} s incl. compilation)")


if __name__ == "__main__":
    main()
