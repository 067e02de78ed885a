"""Golden data for Lamina's text tools, from real Keras 3: TextVectorization (adapted
vocabularies, idf weights and outputs in every output mode) on real lines of the SMS Spam
Collection and the Sentiment Labelled Sentences (Data/text/), and keras.utils.pad_sequences.

Writes Tests/LaminaTests/Fixtures/text.json, read by Tests/LaminaTests/Text/*GoldenTests.swift.

    cd <repo> && KERAS_BACKEND=jax /work/venv/bin/python Scripts/golden/text.py

Keras's TextVectorization runs on TensorFlow's string ops whatever the backend, so TensorFlow
must be importable too (`pip install tensorflow-cpu`, e.g. into a --target folder put on
PYTHONPATH). The texts themselves are stored in the fixture, so the Swift tests need no Python.
Lines are read as the Swift loaders read them: split at LF only, SMS at the first TAB
(`label<TAB>text`), sentiment at the last TAB (`text<TAB>label`).
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(__file__))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from common import tensor, write  # noqa: E402

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "Data", "text")


def lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [l for l in f.read().split("\n") if l]


def sms():
    return [l.split("\t", 1)[1] for l in lines(os.path.join(DATA, "sms-spam-collection", "SMSSpamCollection"))]


def sentiment(name):
    path = os.path.join(DATA, "sentiment-labelled-sentences", name + "_labelled.txt")
    return [l.rsplit("\t", 1)[0] for l in lines(path)]


S, A, I, Y = sms(), sentiment("amazon_cells"), sentiment("imdb"), sentiment("yelp")
ADAPT = S[:150] + A[:50] + I[:50] + Y[:50]
EDGE = [
    "",
    "   \t ",
    "zzzunseenword qqqxyzzy flibbertigibbet",
    "[UNK] and the mask",
    "Café ÀBC naïve £5 “quoted” — ÉCOLE",
    " ".join(S[2].split() * 4),  # longer than any output_sequence_length used here
    "FREE!!! Call NOW: 0800-123-456... (std txt rate)",
]
CALL = S[150:170] + A[50:55] + I[50:55] + Y[50:55] + EDGE  # int-mode calls
CALL_VECTOR = S[150:162] + A[50:53] + I[50:53] + Y[50:53] + EDGE  # vector-mode calls (smaller outputs)


def layer_case(name, kwargs, adapt=ADAPT, call=CALL, vocabulary=None, idf_weights=None):
    kw = dict(kwargs)
    if isinstance(kw.get("ngrams"), list):
        kw["ngrams"] = tuple(kw["ngrams"])  # Keras takes a tuple; JSON keeps a list
    if vocabulary is not None:
        kw["vocabulary"] = vocabulary
    if idf_weights is not None:
        kw["idf_weights"] = idf_weights
    layer = layers.TextVectorization(**kw)
    if vocabulary is None:
        layer.adapt(adapt)
    out = np.asarray(layer(call))
    case = {
        "name": name,
        "kind": "text_vectorization",
        "kwargs": kwargs,
        "adapt": "ADAPT" if adapt is ADAPT else list(adapt),
        "call": "CALL" if call is CALL else ("CALL_VECTOR" if call is CALL_VECTOR else list(call)),
        "config": json.loads(json.dumps(layer.get_config(), default=str)),
        "vocabulary": layer.get_vocabulary(),
        "vocabulary_size": layer.vocabulary_size(),
        "output": tensor(out),
    }
    if vocabulary is not None:
        case["given_vocabulary"] = vocabulary
    if idf_weights is not None:
        case["given_idf_weights"] = [float(w) for w in idf_weights]
    if kwargs.get("output_mode") == "tf_idf":
        case["idf_weights"] = tensor(np.asarray(layer._lookup_layer.idf_weights_const))
    print(f"{name}: vocabulary {layer.vocabulary_size()}, output {out.shape} {out.dtype}")
    return case


cases = [{"name": "texts", "kind": "texts", "ADAPT": ADAPT, "CALL": CALL, "CALL_VECTOR": CALL_VECTOR}]
cases += [
    layer_case("int_default", {}),
    layer_case("int_max500_len20", {"max_tokens": 500, "output_sequence_length": 20}),
    layer_case("int_ngrams2_max1000_len30", {"max_tokens": 1000, "ngrams": 2, "output_sequence_length": 30}),
    layer_case("int_ngrams_2_3_max400_len25", {"max_tokens": 400, "ngrams": [2, 3], "output_sequence_length": 25}),
    layer_case("int_character_len60", {"split": "character", "output_sequence_length": 60}),
    layer_case("int_lower_len15", {"standardize": "lower", "output_sequence_length": 15}),
    layer_case("int_strip_punctuation_len15", {"standardize": "strip_punctuation", "output_sequence_length": 15}),
    layer_case("int_no_standardize_len15", {"standardize": None, "output_sequence_length": 15}),
    layer_case("int_no_split", {"split": None}, adapt=ADAPT + S[:40], call=S[:5] + S[200:205] + EDGE),
    layer_case("multi_hot_max200", {"max_tokens": 200, "output_mode": "multi_hot"}, call=CALL_VECTOR),
    layer_case("count_max200", {"max_tokens": 200, "output_mode": "count"}, call=CALL_VECTOR),
    layer_case("tf_idf_max200", {"max_tokens": 200, "output_mode": "tf_idf"}, call=CALL_VECTOR),
    layer_case("tf_idf_ngrams2_max150", {"max_tokens": 150, "output_mode": "tf_idf", "ngrams": 2}, call=CALL_VECTOR),
    layer_case("multi_hot_pad_to_max400", {"max_tokens": 400, "output_mode": "multi_hot", "pad_to_max_tokens": True},
               adapt=S[:20], call=S[:6] + EDGE),
    layer_case("tf_idf_pad_to_max400", {"max_tokens": 400, "output_mode": "tf_idf", "pad_to_max_tokens": True},
               adapt=S[:20], call=S[:6] + EDGE),
    layer_case("count_character_max30", {"max_tokens": 30, "output_mode": "count", "split": "character"}, call=CALL_VECTOR),
    layer_case("int_given_vocabulary_len8", {"output_sequence_length": 8}, vocabulary=["the", "free", "call", "good", "you", "a"],
               call=S[:10] + EDGE),
    layer_case("tf_idf_given_vocabulary", {"output_mode": "tf_idf"}, vocabulary=["the", "free", "call", "good", "you"],
               idf_weights=[0.5, 2.0, 1.5, 1.25, 0.75], call=S[:10] + EDGE),
]

# pad_sequences, on token ids of real texts.
vec = layers.TextVectorization(max_tokens=300)
vec.adapt(ADAPT)
ids = np.asarray(vec(S[170:178] + [""]))
seqs = [[int(v) for v in row if v != 0] for row in ids]
seqs[3] = seqs[3][:3]
for kwargs in [{}, {"maxlen": 10}, {"maxlen": 5, "padding": "post"}, {"maxlen": 5, "truncating": "post"},
               {"maxlen": 7, "padding": "post", "truncating": "post", "value": -1}, {"maxlen": 40, "value": 9},
               {"padding": "post"}]:
    out = keras.utils.pad_sequences(seqs, **kwargs)
    cases.append({"name": "pad_sequences " + str(kwargs), "kind": "pad_sequences", "sequences": seqs, "kwargs": kwargs,
                  "output": tensor(out.astype(np.int32))})

write("text", cases, "Scripts/golden/text.py")
