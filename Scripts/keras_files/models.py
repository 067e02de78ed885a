"""The small Keras models behind Lamina's Keras-file fixtures (see make_fixtures.py).

Each builder returns (model, inputs, train) where `inputs` is the list of arrays to predict on
and `train` is (x, y) for the training steps that give BatchNormalization statistics and an
optimizer state worth saving, or None for a model saved untrained. Dimensions are tiny so the files stay small.
"""
import keras
import numpy as np
from keras import layers

R = np.random.default_rng(20250611)


def floats(*shape):
    return R.standard_normal(shape).astype(np.float32)


def padded_ids(batch, steps, vocab, lengths):
    """Token ids with trailing zeros (masked by Embedding(mask_zero=True))."""
    ids = np.zeros((batch, steps), dtype=np.int32)
    for b, n in enumerate(lengths):
        ids[b, :n] = R.integers(1, vocab, size=n)
    return ids


def onehot(labels, n):
    return np.eye(n, dtype=np.float32)[labels]


def cnn():
    model = keras.Sequential([
        keras.Input((8, 8, 3)),
        layers.Rescaling(0.5, offset=0.1),
        layers.Conv2D(4, 3, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(),
        layers.Conv2D(5, 3, strides=2, padding="valid", use_bias=False),
        layers.Activation("tanh"),
        layers.AveragePooling2D(pool_size=1),
        layers.Flatten(),
        layers.Dense(6, activation="relu"),
        layers.Dropout(0.0),
        layers.Dense(3, activation="softmax"),
    ], name="cnn")
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    x = floats(6, 8, 8, 3)
    return model, [x[:4]], (x, onehot(R.integers(0, 3, 6), 3))


def resnet_block():
    inp = keras.Input((8, 8, 3), name="image")
    shortcut = layers.Conv2D(4, 1, name="shortcut")(inp)
    h = layers.Conv2D(4, 3, padding="same")(inp)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU()(h)
    h = layers.Conv2D(4, 3, padding="same")(h)
    h = layers.BatchNormalization()(h)
    h = layers.Add()([h, shortcut])
    h = layers.ReLU()(h)
    h = layers.GlobalAveragePooling2D()(h)
    out = layers.Dense(3)(h)
    model = keras.Model(inp, out, name="resnet_block")
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    x = floats(4, 8, 8, 3)
    return model, [x[:3]], (x, floats(4, 3))


def mobilenetv2_block():
    inp = keras.Input((8, 8, 4))
    h = layers.Conv2D(8, 1, use_bias=False)(inp)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU(6.0)(h)
    h = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(h)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU(max_value=6.0)(h)
    h = layers.Conv2D(4, 1, use_bias=False)(h)
    h = layers.BatchNormalization()(h)
    h = layers.Add()([inp, h])
    h = layers.ZeroPadding2D(1)(h)
    h = layers.DepthwiseConv2D(3, strides=2, depth_multiplier=2)(h)
    h = layers.GlobalAveragePooling2D()(h)
    out = layers.Dense(2, activation="softmax")(h)
    model = keras.Model(inp, out, name="mobilenetv2_block")
    model.compile(optimizer=keras.optimizers.RMSprop(0.01, momentum=0.5), loss="categorical_crossentropy")
    x = floats(4, 8, 8, 4)
    return model, [x[:2]], (x, onehot(R.integers(0, 2, 4), 2))


def lstm_text():
    model = keras.Sequential([
        keras.Input((7,), dtype="int32"),
        layers.Embedding(20, 5, mask_zero=True),
        layers.LSTM(4, return_sequences=True),
        layers.SimpleRNN(3),
        layers.Dense(2, activation="softmax"),
    ], name="lstm_text")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    ids = padded_ids(4, 7, 20, [7, 4, 2, 5])
    return model, [ids], (ids, R.integers(0, 2, 4).astype(np.int32))


def gru_text():
    model = keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(15, 4, mask_zero=True),
        layers.GRU(3, return_sequences=True),
        layers.GRU(3, reset_after=False),
        layers.Dense(1, activation="sigmoid"),
    ], name="gru_text")
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ids = padded_ids(3, 6, 15, [6, 3, 1])
    return model, [ids], (ids, R.integers(0, 2, (3, 1)).astype(np.float32))


def bidirectional_text():
    model = keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(15, 4, mask_zero=True),
        layers.Bidirectional(layers.LSTM(3, return_sequences=True)),
        layers.Bidirectional(layers.GRU(2), merge_mode="sum"),
        layers.Dense(2),
    ], name="bidirectional_text")
    model.compile(optimizer="adam", loss="mse")
    ids = padded_ids(3, 6, 15, [6, 4, 2])
    return model, [ids], (ids, floats(3, 2))


def attention():
    q_ids = keras.Input((5,), dtype="int32", name="query_ids")
    v_ids = keras.Input((6,), dtype="int32", name="value_ids")
    embed = layers.Embedding(12, 4, mask_zero=True)
    q, v = embed(q_ids), embed(v_ids)
    a = layers.Attention(use_scale=True)([q, v])
    h = layers.GlobalAveragePooling1D()(a)
    out = layers.Dense(2, activation="softmax")(h)
    model = keras.Model([q_ids, v_ids], out, name="attention")
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    q_in, v_in = padded_ids(3, 5, 12, [5, 3, 2]), padded_ids(3, 6, 12, [4, 6, 1])
    return model, [q_in, v_in], ([q_in, v_in], onehot(R.integers(0, 2, 3), 2))


def multi_head_attention():
    ids = keras.Input((6,), dtype="int32")
    x = layers.Embedding(12, 8, mask_zero=True)(ids)
    a = layers.MultiHeadAttention(num_heads=2, key_dim=3)(x, x)
    h = layers.LayerNormalization()(layers.Add()([x, a]))
    h = layers.TimeDistributed(layers.Dense(4, activation="relu"))(h)
    h = layers.GlobalAveragePooling1D()(h)
    out = layers.Dense(3)(h)
    model = keras.Model(ids, out, name="multi_head_attention")
    model.compile(optimizer="adam", loss="mse")
    x_in = padded_ids(3, 6, 12, [6, 3, 4])
    return model, [x_in], (x_in, floats(3, 3))


def two_inputs_two_outputs():
    a = keras.Input((5,), name="features")
    b = keras.Input((3,), name="extra")
    ha = layers.Dense(4, activation="relu", name="features_dense")(a)
    hb = layers.Dense(4, activation="tanh")(b)
    h = layers.Concatenate()([ha, hb])
    h = layers.BatchNormalization()(h)
    cls = layers.Dense(3, activation="softmax", name="class_output")(h)
    reg = layers.Dense(1, name="value_output")(layers.Multiply()([ha, hb]))
    model = keras.Model([a, b], [cls, reg], name="two_inputs_two_outputs")
    model.compile(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5])
    xa, xb = floats(5, 5), floats(5, 3)
    return model, [xa[:4], xb[:4]], ([xa, xb], [R.integers(0, 3, 5).astype(np.int32), floats(5, 1)])


def nested_sequential():
    inner = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(4)], name="inner")
    inp = keras.Input((3,))
    h = layers.Dense(4)(inp)
    h = inner(h)
    block = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.LayerNormalization()], name="block")
    out = layers.Dense(2)(layers.Concatenate()([block(h), h]))
    model = keras.Model(inp, out, name="nested_sequential")
    model.compile(optimizer="adam", loss="mse")
    x = floats(4, 3)
    return model, [x], (x, floats(4, 2))


def more_layers():
    """The other layers with weights or sublayers: separable and transposed convolutions, PReLU,
    an adapted Normalization, stacked RNN cells, concat-score Attention, AdditiveAttention,
    RMSNormalization and Conv1D."""
    image = keras.Input((6, 6, 3), name="image")
    h = layers.SeparableConv2D(4, 3, depth_multiplier=2, padding="same")(image)
    h = layers.Conv2DTranspose(3, 3, strides=2, padding="same")(h)
    h = layers.PReLU(shared_axes=[1, 2])(h)
    h = layers.Cropping2D(1)(h)
    h = layers.GlobalMaxPooling2D()(h)
    seq = keras.Input((5, 4), name="sequence")
    norm = layers.Normalization()
    norm.adapt(floats(20, 5, 4) * 2 + 1)
    s = norm(seq)
    s = layers.Conv1D(3, 2, padding="causal", activation="elu")(s)
    s = layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_sequences=True)(s)
    s = layers.Attention(score_mode="concat", use_scale=True)([s, s])
    s = layers.AdditiveAttention()([s, s])
    s = layers.RMSNormalization()(s)
    s = layers.LeakyReLU(0.2)(s)
    s = layers.GlobalAveragePooling1D()(s)
    out = layers.Dense(2)(layers.Concatenate()([h, s]))
    model = keras.Model([image, seq], out, name="more_layers")
    model.compile(optimizer=keras.optimizers.Adam(amsgrad=True), loss="mse")
    xi, xs = floats(3, 6, 6, 3), floats(3, 5, 4)
    return model, [xi, xs], ([xi, xs], floats(3, 2))


def untrained_mlp():
    """Compiled but never trained: Keras saves only the optimizer's iterations and learning rate."""
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(2)], name="untrained_mlp")
    model.compile(optimizer="adam", loss="mse")
    return model, [floats(2, 4)], None


# name -> (builder, extra files besides <name>.keras). Every model has a .keras file; a few also
# a .weights.h5 (the same layout as the one inside the .keras); the models made of the layers
# Keras 2 had (Dense, Conv2D, DepthwiseConv2D, BatchNormalization, Embedding, SimpleRNN, LSTM,
# GRU, Bidirectional) a legacy .h5, and two of them that file in Keras 2's layout (keras2.h5).
# Kept to these to keep the fixtures small.
MODELS = {
    "cnn": (cnn, ["weights.h5", "h5"]),
    "resnet_block": (resnet_block, ["keras2.h5"]),
    "mobilenetv2_block": (mobilenetv2_block, ["h5"]),
    "lstm_text": (lstm_text, ["h5"]),
    "gru_text": (gru_text, ["h5"]),
    "bidirectional_text": (bidirectional_text, ["h5", "keras2.h5"]),
    "attention": (attention, []),
    "multi_head_attention": (multi_head_attention, ["weights.h5"]),
    "two_inputs_two_outputs": (two_inputs_two_outputs, ["weights.h5"]),
    "nested_sequential": (nested_sequential, ["weights.h5"]),
    "more_layers": (more_layers, ["weights.h5"]),
    "untrained_mlp": (untrained_mlp, []),
}
