"""Step-level parity between Keras 3 and Lamina: train a model for a few steps on fixed batches
(no shuffling, no augmentation) and record, in one .npz, everything Lamina needs to repeat the
run and check it: the initial weights, the per-step training losses and the weights after the
last step (batch-normalization moving statistics included).

    KERAS_BACKEND=jax python Scripts/parity/keras_steps.py --model resnet20 --steps 50 \
        --batch-size 64 --out /tmp/parity_resnet20.npz
    # the committed golden fixture of Tests/LaminaModelsTests/KerasParityTests.swift:
    KERAS_BACKEND=jax python Scripts/parity/keras_steps.py --model resnet8 --steps 30 \
        --batch-size 32 --final last --with-float64 \
        --out Tests/LaminaModelsTests/Fixtures/parity_resnet8_cifar.npz

Models: `resnet20`, `resnet8` (`CIFARResNet(depth:)` of Models/CIFARResNet.swift, built by
`build_cifar_resnet` of Scripts/bench/resnet20_keras.py) on the CIFAR-10 subset of Data/cifar10,
and `cnn` (`SimpleCNN`, Models/SimpleCNN.swift) on MNIST (Data/mnist). Step `s` trains on the
training images `s·B ..< (s+1)·B` in file order (pixels / 255), with one-hot labels, adam 1e-3
and categorical cross-entropy, through `train_on_batch` (which resets the loss tracker, so each
recorded loss is that batch's loss before the update).

Arrays in the file: weights are named by layer class and creation order, `CLASS/KKK/J` = weight
J (in the layer's `weights` order, e.g. gamma, beta, moving_mean, moving_variance) of the K-th
layer of class CLASS (Conv2D, BatchNormalization, Dense) created, as the automatic names count
them (`conv2d_5` is Conv2D number 5). Creation order, not `model.layers` order: it is the same in
both libraries, as the model-building code is.
  init/CLASS/KKK/J    the initial weights
  final/CLASS/KKK/J   the weights after the last step (`--final all`, or `last`: only the first
                      Conv2D, the last BatchNormalization and the last Dense, to keep the fixture
                      small)
  loss            [steps] float64, the loss of each step
  step1/BatchNormalization/KKK/2, …/3   the moving mean and variance after the first step
  pred0           [B, classes] the initial model's inference output on the first batch
  f64/loss, f64/final/CLASS/KKK/J   with --with-float64: the same run in float64 (arrays saved as
                  float32), the reference that shows how far float32 rounding alone moves the
                  losses and weights of this (chaotic: batch normalization + adam) training
  steps, batch_size, seed   int64 scalars
"""
import argparse
import gzip
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))


def simple_cnn(input_shape, classes=10):
    import keras
    from keras import layers
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="simple_cnn")


def load_mnist_train(data_dir):
    with gzip.open(os.path.join(data_dir, "mnist", "train-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28, 1)
    with gzip.open(os.path.join(data_dir, "mnist", "train-labels-idx1-ubyte.gz")) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    return x.astype(np.float32) / np.float32(255), y.astype(np.int64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["resnet20", "resnet8", "cnn"], default="resnet20")
    ap.add_argument("--data-dir", default="Data")
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--final", choices=["all", "last"], default="all")
    ap.add_argument("--float64", action="store_true",
                    help="train in float64 (with JAX_ENABLE_X64=1): a reference to tell float32 rounding "
                         "from real differences (saved arrays are float32)")
    ap.add_argument("--init-from", help="take the initial weights from this file (written by this script) "
                                        "instead of the seeded initializers")
    ap.add_argument("--with-float64", action="store_true",
                    help="also run the same steps in float64 from the same initial weights (a subprocess) and "
                         "add its losses and final weights as f64/loss, f64/final/…")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import keras
    from resnet20_keras import build_cifar_resnet, load_cifar10
    if args.float64:
        keras.config.set_floatx("float64")
    keras.utils.set_random_seed(args.seed)
    if args.model == "cnn":
        x, y = load_mnist_train(args.data_dir)
        model = simple_cnn(x.shape[1:])
    else:
        (x, y), _ = load_cifar10(args.data_dir)
        model = build_cifar_resnet(20 if args.model == "resnet20" else 8)
    n = args.steps * args.batch_size
    assert n <= len(x), f"{args.steps} steps of {args.batch_size} need {n} images, have {len(x)}"
    dtype = np.float64 if args.float64 else np.float32
    x, y1 = x[:n].astype(dtype), keras.utils.to_categorical(y[:n], 10).astype(dtype)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy")

    def creation(layer):   # `conv2d` → 0, `conv2d_5` → 5
        tail = layer.name.rsplit("_", 1)[-1]
        return int(tail) if tail.isdigit() else 0
    with_weights = sorted((l for l in model.layers if l.weights), key=lambda l: (type(l).__name__, creation(l)))
    keys = {}
    for layer in with_weights:
        cls = type(layer).__name__
        keys[id(layer)] = f"{cls}/{sum(k.startswith(cls + '/') for k in keys.values()):03d}"
    if args.init_from:
        saved = np.load(args.init_from)
        for layer in with_weights:
            layer.set_weights([saved[f"init/{keys[id(layer)]}/{j}"] for j in range(len(layer.weights))])
    out = {"steps": np.int64(args.steps), "batch_size": np.int64(args.batch_size), "seed": np.int64(args.seed)}
    for layer in with_weights:
        for j, w in enumerate(layer.weights):
            out[f"init/{keys[id(layer)]}/{j}"] = np.asarray(w.numpy(), np.float32)
    b = args.batch_size
    out["pred0"] = np.asarray(model.predict(x[:b], batch_size=b, verbose=0), np.float32)
    losses = []
    for s in range(args.steps):
        loss = model.train_on_batch(x[s * b:(s + 1) * b], y1[s * b:(s + 1) * b])
        losses.append(float(loss))
        if s == 0:   # moving statistics after one step: no rounding chaos yet, so a tight check
            for layer in with_weights:
                if type(layer).__name__ == "BatchNormalization":
                    for j in (2, 3):
                        out[f"step1/{keys[id(layer)]}/{j}"] = np.asarray(layer.weights[j].numpy(), np.float32)
    out["loss"] = np.array(losses, np.float64)
    def last(cls):
        return [l for l in with_weights if type(l).__name__ == cls][-1]
    keep = with_weights if args.final == "all" else [
        [l for l in with_weights if type(l).__name__ == "Conv2D"][0], last("BatchNormalization"), last("Dense")]
    for layer in keep:
        for j, w in enumerate(layer.weights):
            out[f"final/{keys[id(layer)]}/{j}"] = np.asarray(w.numpy(), np.float32)
    if args.with_float64:
        import subprocess
        import tempfile
        np.savez(args.out, **out)
        with tempfile.TemporaryDirectory() as tmp:
            ref = os.path.join(tmp, "f64.npz")
            cmd = [sys.executable, __file__, "--model", args.model, "--data-dir", args.data_dir, "--steps", str(args.steps),
                   "--batch-size", str(args.batch_size), "--final", args.final, "--float64", "--init-from", args.out,
                   "--out", ref]
            subprocess.run(cmd, check=True, env=dict(os.environ, KERAS_BACKEND="jax", JAX_ENABLE_X64="1"),
                           stdout=subprocess.DEVNULL)
            f64 = np.load(ref)
            out["f64/loss"] = f64["loss"]
            for k in f64.files:
                if k.startswith("final/"):
                    out["f64/" + k] = f64[k]
    np.savez(args.out, **out)
    print(f"{args.model}: {model.count_params()} parameters, {len(with_weights)} layers with weights; "
          f"losses {losses[0]:.6f} … {losses[-1]:.6f}; wrote {args.out} ({os.path.getsize(args.out)} bytes)")
    print(" ".join(f"{l:.6f}" for l in losses))


if __name__ == "__main__":
    main()
