"""Rewrites a legacy .h5 file that Keras 3 wrote into the layout Keras 2 (tf.keras 2.x) wrote.

No TensorFlow 2 is installed here, so this follows `legacy/saving/legacy_h5_format.py` and the
tf.keras 2 serialization instead: the configs lose `module`, `registered_name` and build/compile
configs, dtype policies become plain "float32", InputLayers have `batch_input_shape`,
`inbound_nodes` are nested lists `[[["dense", 0, 0, {}]]]`; attributes are NumPy byte strings
(fixed-length HDF5 strings, as Keras 2 saved `layer_names` / `weight_names`); weights are named
`<layer>/<weight>:0`; the optimizer config is the `optimizer_config` of Keras 2's
`training_config`.
"""
import json

import h5py
import numpy as np


def _plain(value):
    """A serialized object without Keras 3's `module` / `registered_name` keys."""
    if isinstance(value, dict):
        if "class_name" in value and "config" in value:
            if value["class_name"] == "DTypePolicy":
                return value["config"]["name"]
            return {"class_name": value["class_name"], "config": _plain(value["config"])}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _node(node):
    """Keras 3 `{"args": [...], "kwargs": {...}}` → Keras 2 `[[layer, node, index, kwargs], ...]`."""
    tensors = []

    def collect(v):
        if isinstance(v, dict) and v.get("class_name") == "__keras_tensor__":
            tensors.append(v["config"]["keras_history"])
        elif isinstance(v, list):
            for x in v:
                collect(x)
    collect(node["args"])
    kwargs = {k: v for k, v in node.get("kwargs", {}).items() if v is not None}
    return [[h[0], h[1], h[2], kwargs] for h in tensors]


def _layer(layer):
    out = {"class_name": layer["class_name"], "config": _plain(layer["config"])}
    if layer["class_name"] == "InputLayer":
        c = out["config"]
        c["batch_input_shape"] = c.pop("batch_shape")
        c.pop("optional", None)
    if layer["class_name"] in ("Sequential", "Functional"):
        out = _model(layer)
    if "name" in layer:
        out["name"] = layer["name"]
    if "inbound_nodes" in layer:
        out["inbound_nodes"] = [_node(n) for n in layer["inbound_nodes"]]
    return out


def _model(model):
    config = dict(model["config"])
    config["layers"] = [_layer(l) for l in config["layers"]]
    for key in ("input_layers", "output_layers"):
        if key in config and config[key] and isinstance(config[key][0], str):
            config[key] = [config[key]]
    config.pop("dtype", None)
    config.pop("build_input_shape", None)
    return {"class_name": "Model" if model["class_name"] == "Functional" else model["class_name"], "config": config}


def _names(values):
    return np.array([v.encode("utf8") for v in values], dtype=f"S{max([len(v) for v in values] + [1])}")


def rewrite(src, dst):
    with h5py.File(src, "r") as f, h5py.File(dst, "w") as out:
        config = _model(json.loads(f.attrs["model_config"]))
        out.attrs["keras_version"] = np.bytes_(b"2.15.0")
        out.attrs["backend"] = np.bytes_(b"tensorflow")
        out.attrs["model_config"] = np.bytes_(json.dumps(config).encode("utf8"))
        training = json.loads(f.attrs["training_config"])
        optimizer = training["optimizer_config"]
        optimizer["config"]["is_legacy_optimizer"] = False
        out.attrs["training_config"] = np.bytes_(json.dumps(training).encode("utf8"))
        src_weights = f["model_weights"]
        weights = out.create_group("model_weights")
        layer_names = [n.decode() if isinstance(n, bytes) else n for n in src_weights.attrs["layer_names"]]
        weights.attrs["layer_names"] = _names(layer_names)
        weights.attrs["backend"] = np.bytes_(b"tensorflow")
        weights.attrs["keras_version"] = np.bytes_(b"2.15.0")
        for name in layer_names:
            g = src_weights[name]
            names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs["weight_names"]]
            group = weights.create_group(name)
            new_names = [f"{name}/{n.split('/')[-1]}:0" if n.count("/") <= 1 else f"{name}/{'/'.join(n.split('/')[1:])}:0" for n in names]
            group.attrs["weight_names"] = _names(new_names)
            for old, new in zip(names, new_names):
                group.create_dataset(new, data=np.asarray(g[old]))
