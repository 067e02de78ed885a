"""Keras 3 versions of the `lamina bench models` workloads, on TensorFlow (CPU) by default or JAX.

Same models, shapes, optimizers and losses as Lamina; steps are `train_on_batch` and
`predict_on_batch` with Keras's defaults (jit_compile="auto": on a CPU-only TensorFlow that is a
tf.function graph without XLA; on JAX, XLA).
TensorFlow is limited to 2 intra-op and 2 inter-op threads; for JAX the XLA CPU client is asked
for 2 threads through XLA_FLAGS (and the process is pinned to 2 cores if more exist).

    python bench_keras.py [--backend tensorflow|jax] [--only cnn-train] [--csv out.csv]
"""
import os
import sys

backend = "tensorflow"
if "--backend" in sys.argv:
    backend = sys.argv[sys.argv.index("--backend") + 1]
os.environ["KERAS_BACKEND"] = backend
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
if backend == "jax":
    os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=2"
    if len(os.sched_getaffinity(0)) > 2:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
else:
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(2)

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from common import main  # noqa: E402

keras.utils.set_random_seed(0)


def seed_cnn():
    return keras.Sequential([keras.Input((64, 64, 3)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
                             layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")])


def resnet20(classes=10):
    """ResNet-20 v1 for 32x32x3, as Sources/lamina/ResNet20.swift builds it."""
    def conv_bn(x, filters, strides=1, relu=True):
        x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False, kernel_initializer="he_normal")(x)
        x = layers.BatchNormalization()(x)
        return layers.Activation("relu")(x) if relu else x

    inp = keras.Input((32, 32, 3))
    x = conv_bn(inp, 16)
    for stage, filters in enumerate([16, 32, 64]):
        for block in range(3):
            strides = 2 if stage > 0 and block == 0 else 1
            shortcut = x
            if strides != 1:
                shortcut = layers.Conv2D(filters, 1, strides=2, use_bias=False, kernel_initializer="he_normal")(x)
            y = conv_bn(conv_bn(x, filters, strides), filters, relu=False)
            x = layers.Activation("relu")(layers.Add()([y, shortcut]))
    out = layers.Dense(classes, activation="softmax")(layers.GlobalAveragePooling2D()(x))
    return keras.Model(inp, out, name="resnet20")


def sequence(rnn):
    return keras.Sequential([keras.Input((100,), dtype="int32"), layers.Embedding(10000, 100), rnn,
                             layers.Dense(10, activation="softmax")])


def attention_net():
    ids = keras.Input((128,), dtype="int32")
    h = layers.Embedding(10000, 64)(ids)
    a = layers.Attention()([h, h])  # dot scores, no scale (use_scale=False): softmax(h hT) h
    out = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling1D()(a))
    return keras.Model(ids, out)


def images(batch, side):
    return np.random.default_rng(1).random((batch, side, side, 3), dtype=np.float32)


def labels(batch):
    return np.array([i * 7 % 10 for i in range(batch)], dtype=np.int32)


def ids(batch, length):
    return np.array([(i * 2654435761) % 10000 for i in range(batch * length)], dtype=np.int32).reshape(batch, length)


def trained(model, optimizer, loss, x, y):
    model.compile(optimizer=optimizer, loss=loss)
    return lambda: model.train_on_batch(x, y)


def prepare(name, args):
    if name == "cnn-train":
        y = keras.utils.to_categorical(labels(32), 10)
        return trained(seed_cnn(), keras.optimizers.Adam(), "categorical_crossentropy", images(32, 64), y)
    if name == "resnet20-train":
        return trained(resnet20(), keras.optimizers.SGD(0.01, momentum=0.9), "sparse_categorical_crossentropy",
                       images(64, 32), labels(64))
    if name in ("cnn-infer", "resnet20-infer"):
        model, x = (seed_cnn(), images(256, 64)) if name == "cnn-infer" else (resnet20(), images(256, 32))
        return lambda: model.predict_on_batch(x)
    if name in ("lstm-train", "simplernn-train"):
        rnn = layers.LSTM(128) if name == "lstm-train" else layers.SimpleRNN(128)
        return trained(sequence(rnn), keras.optimizers.Adam(), "sparse_categorical_crossentropy", ids(32, 100), labels(32))
    if name == "attention-train":
        return trained(attention_net(), keras.optimizers.Adam(), "sparse_categorical_crossentropy", ids(32, 128), labels(32))
    raise SystemExit(f"unknown workload {name}")


def version(args):
    if backend == "jax":
        import jax
        return f"keras {keras.__version__} on jax {jax.__version__} · 2 cores"
    return f"keras {keras.__version__} on tensorflow-cpu {tf.__version__} · 2 intra / 2 inter-op threads"


if __name__ == "__main__":
    main(f"Keras ({backend})", version, prepare)
