"""Parameter counts and output shapes of the Keras models that LaminaModels mirrors; the numbers in
Tests/LaminaModelsTests/ZooParameterCountTests.swift come from this script.

    KERAS_BACKEND=jax python Scripts/compare/zoo_params.py

keras.applications for ResNet50, VGG16, MobileNet, MobileNetV2, InceptionV3; the other models
(no Keras application) are written here in Keras, layer for layer as in Models/.
"""
import os
import sys

import keras
from keras import layers

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
from resnet20_keras import build_cifar_resnet  # noqa: E402


def simple_cnn():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
                             layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")])


def vgg11():
    inputs = keras.Input((224, 224, 3))
    x = inputs
    for block in [[64], [128], [256, 256], [512, 512], [512, 512]]:
        for f in block:
            x = layers.Conv2D(f, 3, padding="same", activation="relu")(x)
        x = layers.MaxPooling2D(2, 2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(4096, activation="relu")(x)
    x = layers.Dense(4096, activation="relu")(x)
    return keras.Model(inputs, layers.Dense(1000, activation="softmax")(x))


def conv_bn(x, f, k, s=1, padding="same", act=True, eps=1e-3):
    x = layers.Conv2D(f, k, strides=s, padding=padding, use_bias=False)(x)
    x = layers.BatchNormalization(epsilon=eps)(x)
    return layers.Activation("relu")(x) if act else x


def resnet18():
    inputs = keras.Input((224, 224, 3))
    x = layers.ZeroPadding2D(3)(inputs)
    x = conv_bn(x, 64, 7, 2, "valid")
    x = layers.ZeroPadding2D(1)(x)
    x = layers.MaxPooling2D(3, 2)(x)
    for stage, f in enumerate([64, 128, 256, 512]):
        for block in range(2):
            s = 2 if stage > 0 and block == 0 else 1
            y = conv_bn(conv_bn(x, f, 3, s), f, 3, act=False)
            sc = conv_bn(x, f, 1, s, act=False) if s != 1 or x.shape[-1] != f else x
            x = layers.Activation("relu")(layers.Add()([sc, y]))
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(1000, activation="softmax")(x))


def small_inception():
    def inc(x, c1, c3):
        return layers.Concatenate()([conv_bn(x, c1, 1), conv_bn(x, c3, 3)])

    def down(x, c):
        return layers.Concatenate()([conv_bn(x, c, 3, 2, "valid"), layers.MaxPooling2D(3, 2)(x)])

    inputs = keras.Input((32, 32, 3))
    x = conv_bn(inputs, 96, 3)
    x = down(inc(inc(x, 32, 32), 32, 48), 80)
    for c1, c3 in [(112, 48), (96, 64), (80, 80), (48, 96)]:
        x = inc(x, c1, c3)
    x = inc(inc(down(x, 96), 176, 160), 176, 160)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x))


A = keras.applications
MODELS = [
    ("SimpleCNN 28x28x1/10", simple_cnn),
    ("ResNet20 32x32x3/10", lambda: build_cifar_resnet(20)),
    ("ResNet56 32x32x3/10", lambda: build_cifar_resnet(56)),
    ("ResNet18 224x224x3/1000", resnet18),
    ("SmallInception 32x32x3/10", small_inception),
    ("VGG11 224x224x3/1000", vgg11),
    ("VGG16 224x224x3/1000", lambda: A.VGG16(weights=None)),
    ("VGG16 no top 32x32x3", lambda: A.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))),
    ("ResNet50 224x224x3/1000", lambda: A.ResNet50(weights=None)),
    ("ResNet50 no top 64x64x3", lambda: A.ResNet50(weights=None, include_top=False, input_shape=(64, 64, 3))),
    ("MobileNet 224x224x3/1000", lambda: A.MobileNet(weights=None)),
    ("MobileNet alpha 0.5 32x32x3/10", lambda: A.MobileNet(weights=None, alpha=0.5, input_shape=(32, 32, 3), classes=10)),
    ("MobileNetV2 224x224x3/1000", lambda: A.MobileNetV2(weights=None)),
    ("MobileNetV2 alpha 0.5 32x32x3/10", lambda: A.MobileNetV2(weights=None, alpha=0.5, input_shape=(32, 32, 3), classes=10)),
    ("MobileNetV2 alpha 1.4 96x96x3/1000", lambda: A.MobileNetV2(weights=None, alpha=1.4, input_shape=(96, 96, 3))),
    ("InceptionV3 299x299x3/1000", lambda: A.InceptionV3(weights=None)),
    ("InceptionV3 no top 75x75x3", lambda: A.InceptionV3(weights=None, include_top=False, input_shape=(75, 75, 3))),
]

if __name__ == "__main__":
    for name, build in MODELS:
        model = build()
        print(f"{name:40s} {model.count_params():>12,d}  {model.output_shape}", flush=True)
        del model
