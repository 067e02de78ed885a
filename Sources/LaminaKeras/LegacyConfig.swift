import Lamina

/// Keras 2 model configs (the `model_config` of legacy `.h5` files) in the form
/// ``Model/fromConfig(_:)`` reads, as Keras 3's legacy loader converts them
/// (`legacy/saving/saving_utils.py`, `models/functional.py deserialize_node`):
///
/// - `inbound_nodes` as nested lists `[[["dense", 0, 0, {kwargs}], …]]` become
///   `[{"args": [<keras tensors>], "kwargs": {…}}]`;
/// - a Sequential without an InputLayer gets one from its first layer's `batch_input_shape`;
/// - a one-element `axis` list becomes an integer (BatchNormalization).
enum LegacyConfig {
    static func upgrade(_ model: JSONValue) -> JSONValue {
        guard var object = model.object, var config = object["config"]?.object else { return model }
        let cls = object["class_name"]?.string ?? ""
        if var layers = config["layers"]?.array {
            layers = layers.map(upgradeLayer)
            if cls == "Sequential", let first = layers.first, first["class_name"]?.string != "InputLayer",
               let shape = first["config"]?["batch_input_shape"] ?? nil, shape.array != nil {
                let input: JSONValue = ["class_name": "InputLayer",
                                        "config": ["batch_shape": shape, "dtype": first["config"]?["dtype"]?.string.map { .string($0) } ?? "float32",
                                                   "name": "input_layer"]]
                layers.insert(input, at: 0)
            }
            config["layers"] = .array(layers)
        }
        object["config"] = .object(config)
        return .object(object)
    }

    private static func upgradeLayer(_ layer: JSONValue) -> JSONValue {
        guard var object = layer.object else { return layer }
        if var c = object["config"]?.object {
            if let axis = c["axis"]?.array, axis.count == 1 { c["axis"] = axis[0] }
            object["config"] = .object(c)
        }
        if let cls = object["class_name"]?.string, cls == "Sequential" || cls == "Functional" || cls == "Model" {
            object = upgrade(.object(object)).object ?? object
        }
        if let nodes = object["inbound_nodes"]?.array {
            object["inbound_nodes"] = .array(nodes.map(upgradeNode))
        }
        return .object(object)
    }

    /// `[["dense", 0, 0, {…}], …]` → `{"args": [...], "kwargs": {...}}`; Keras 3 nodes pass through.
    private static func upgradeNode(_ node: JSONValue) -> JSONValue {
        guard let inputs = node.array else { return node }
        var kwargs: [String: JSONValue] = [:]
        let tensors: [JSONValue] = inputs.compactMap { input in
            guard let a = input.array, a.count >= 3, let name = a[0].string else { return nil }
            if a.count > 3, let k = a[3].object { kwargs.merge(k) { x, _ in x } }
            return ["class_name": "__keras_tensor__", "config": ["keras_history": [.string(name), a[1], a[2]]]]
        }
        return ["args": tensors.count == 1 ? .array(tensors) : .array([.array(tensors)]), "kwargs": .object(kwargs)]
    }

    /// A legacy `training_config` as a Keras 3 `compile_config` (`optimizer_config` → `optimizer`).
    static func compileConfig(_ training: JSONValue) -> JSONValue {
        guard var c = training.object else { return training }
        if let o = c.removeValue(forKey: "optimizer_config") { c["optimizer"] = o }
        return .object(c)
    }
}
